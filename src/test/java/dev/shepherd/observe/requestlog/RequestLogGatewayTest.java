package dev.shepherd.observe.requestlog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.shepherd.testing.Chunks;
import dev.shepherd.testing.FakeUpstream;
import dev.shepherd.testing.Http;
import dev.shepherd.testing.TestGateway;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The request log through a running gateway: rows for answered, streamed, failed and rejected
 * requests, the console's {@code /admin/v1/requests} views with route traces and redacted payloads,
 * and {@code /admin/v1/slo} with an objective that calls a webhook on breach and on recovery.
 */
class RequestLogGatewayTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String SECRET = "sk-proj-Zq8v7LmNpQrStUvWxYz0123456789AbCdEf";
  static FakeUpstream upstream;
  static TestGateway gw;
  static HttpServer receiver;
  static final List<JsonNode> hooks = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    receiver.createContext("/hook", ex -> {
      hooks.add(JSON.readTree(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
      ex.sendResponseHeaders(200, -1);
      ex.close();
    });
    receiver.start();
    upstream = new FakeUpstream();
    gw = TestGateway.start(TestGateway.config(upstream.baseUrl(), TestGateway.RELAXED) + """
        observe:
          request_log: {capture_payloads: true, max_payload_bytes: 1024}
        slo:
          objectives:
            - {model: second-model, metric: error_rate, threshold: 0.2, window: 1h, min_requests: 3}
          webhook: "http://127.0.0.1:%d/hook?token=t0p-secret"
          check_every_seconds: 3600
        """.formatted(receiver.getAddress().getPort()));
  }

  @AfterAll
  static void stop() throws Exception {
    gw.close();
    upstream.close();
    receiver.stop(0);
  }

  static String chat(String model, boolean stream, String content) {
    return "{\"model\":\"" + model + "\",\"stream\":" + stream + ",\"messages\":[{\"role\":\"user\",\"content\":\""
        + content + "\"}]}";
  }

  static JsonNode admin(String pathAndQuery) throws Exception {
    HttpResponse<String> r = Http.get("http://127.0.0.1:" + gw.port() + pathAndQuery, TestGateway.ADMIN_KEY);
    assertEquals(200, r.statusCode(), r.body());
    return JSON.readTree(r.body());
  }

  /** The listed requests once {@code n} match (the log is written behind). */
  static List<JsonNode> awaitListed(String query, int n) throws Exception {
    long deadline = System.nanoTime() + 10_000_000_000L;
    List<JsonNode> rows = new ArrayList<>();
    while (System.nanoTime() < deadline) {
      gw.server().flushObservers();
      rows.clear();
      admin("/admin/v1/requests?" + query).get("data").forEach(rows::add);
      if (rows.size() >= n) {
        break;
      }
      Thread.sleep(20);
    }
    assertEquals(n, rows.size(), String.valueOf(rows));
    return rows;
  }

  /**
   * Rows are built off the event loop, up to the observer queue's period (100 ms) after the
   * request ended: the latency is the exchange's own (start to end), never that wait.
   */
  @Test
  void latencyIsTheRequestsOwnNotTheTimeItWaitedToBeLogged() throws Exception {
    upstream.json(200, Chunks.completion("upstream/real-model", "quick"));
    List<String> ids = new ArrayList<>();
    List<Long> clientMicros = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      long t0 = System.nanoTime();
      HttpResponse<String> r = Http.post(gw.baseUrl() + "/chat/completions", gw.key(), chat("test-model", false, "q" + i));
      clientMicros.add((System.nanoTime() - t0) / 1_000);
      assertEquals(200, r.statusCode());
      ids.add(r.headers().firstValue("x-request-id").orElseThrow());
      Thread.sleep(37); // spread the requests over the queue's period
    }
    gw.server().flushObservers();
    for (int i = 0; i < ids.size(); i++) {
      long latency = gw.store().requests().get(ids.get(i)).orElseThrow().latencyMicros();
      assertTrue(latency > 0 && latency <= clientMicros.get(i) + 5_000,
          "request " + i + ": logged " + latency + " µs, the client waited " + clientMicros.get(i) + " µs");
    }
  }

  @Test
  void recordsRequestsAndListsFailedOnesWithTheirRoute() throws Exception {
    String url = gw.baseUrl() + "/chat/completions";
    upstream.json(200, Chunks.completion("upstream/real-model", "hello"));
    HttpResponse<String> ok = Http.post(url, gw.key(), chat("test-model", false, "my key is " + SECRET));
    assertEquals(200, ok.statusCode());
    String okId = ok.headers().firstValue("x-request-id").orElseThrow();
    upstream.sse(Chunks.stream("upstream/real-model", 3), "\n\n");
    HttpResponse<String> streamed = Http.post(url, gw.key(), chat("test-model", true, "stream please"));
    String streamId = streamed.headers().firstValue("x-request-id").orElseThrow();
    upstream.json(500, "{\"error\":{\"message\":\"db at 10.0.0.7 exploded\"}}");
    HttpResponse<String> failed = Http.post(url, gw.key(), chat("test-model", false, "fail"));
    assertEquals(502, failed.statusCode());
    String failedId = failed.headers().firstValue("x-request-id").orElseThrow();
    HttpResponse<String> rejected = Http.post(url, "sk-shp-wrong", chat("test-model", false, "who"));
    assertEquals(401, rejected.statusCode());

    List<JsonNode> failures = awaitListed("status=failed&model=test-model", 1);
    JsonNode f = failures.get(0);
    assertEquals(failedId, f.get("id").asText());
    assertEquals("request", f.get("object").asText());
    assertEquals("test-model", f.get("model").asText());
    assertEquals("fake/upstream/real-model", f.get("deployment").asText());
    assertEquals(502, f.get("status").asInt());
    assertEquals("ERROR", f.get("outcome").asText());
    assertEquals("upstream_error", f.get("error").asText());
    assertTrue(f.get("server_error").asBoolean());
    assertEquals(1, f.get("attempts").asInt());
    assertTrue(f.get("route").asText().startsWith("candidates=fake/upstream/real-model; skipped=; attempts="
        + "fake/upstream/real-model:500:"), f.get("route").asText());
    assertEquals("key_test", f.get("key_id").asText());
    assertTrue(f.get("overhead_ms").asDouble() >= 0);
    assertTrue(f.get("upstream_ms").asDouble() > 0);
    assertEquals(f.get("latency_ms").asDouble(), f.get("upstream_ms").asDouble() + f.get("overhead_ms").asDouble(), 0.01);
    assertFalse(f.has("request_body"), "lists carry no payloads");

    JsonNode unauthorized = null; // refused before its body was read: no key, no model
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (unauthorized == null && System.nanoTime() < deadline) {
      gw.server().flushObservers();
      for (JsonNode n : admin("/admin/v1/requests?status=failed&limit=1000").get("data")) {
        if (n.get("status").asInt() == 401) {
          unauthorized = n;
        }
      }
    }
    assertTrue(unauthorized != null);
    assertEquals("invalid_api_key", unauthorized.get("error").asText());
    assertTrue(unauthorized.get("model").isNull());
    assertTrue(unauthorized.get("requested_model").isNull());
    assertFalse(unauthorized.get("server_error").asBoolean());
    assertTrue(unauthorized.get("key_id").isNull());
    assertEquals(List.of(failedId), awaitListed("status=server_error&model=test-model", 1).stream()
        .map(n -> n.get("id").asText()).toList());

    JsonNode one = admin("/admin/v1/requests/" + okId);
    assertEquals("OK", one.get("outcome").asText());
    assertEquals(9, one.get("prompt_tokens").asInt());
    assertEquals(3, one.get("completion_tokens").asInt());
    assertTrue(one.get("cost").isNull(), "the test key has no account: not metered");
    assertTrue(one.get("route").isNull());
    assertTrue(one.get("ttft_ms").asDouble() <= one.get("latency_ms").asDouble());
    String body = one.get("request_body").asText();
    assertTrue(body.contains("my key is sk-[REDACTED]"), body);
    assertFalse(body.contains("Zq8v7"), body);
    assertTrue(one.get("response_body").asText().contains("\"content\":\"hello\""), one.toString());

    JsonNode s = admin("/admin/v1/requests/" + streamId);
    assertTrue(s.get("stream").asBoolean());
    assertEquals("w0 w1 w2 ", s.get("response_body").asText());
    assertEquals(3, s.get("completion_tokens").asInt());
    assertTrue(s.get("ttft_ms").isNumber());
    assertFalse(s.toString().contains(gw.key()), "never a client key");
  }

  @Test
  void badParametersAndTheAdminKey() throws Exception {
    String base = "http://127.0.0.1:" + gw.port();
    for (String[] bad : new String[][] {{"limit=0", "limit"}, {"limit=x", "limit"}, {"status=broken", "status"},
        {"before=yesterday", "before"}, {"colour=red", "colour"}, {"limit=1&limit=2", "limit"}}) {
      HttpResponse<String> r = Http.get(base + "/admin/v1/requests?" + bad[0], TestGateway.ADMIN_KEY);
      assertEquals(400, r.statusCode(), bad[0]);
      assertEquals(bad[1], JSON.readTree(r.body()).get("error").get("param").asText(), r.body());
    }
    HttpResponse<String> w = Http.get(base + "/admin/v1/slo?window=2d", TestGateway.ADMIN_KEY);
    assertEquals(400, w.statusCode());
    assertTrue(w.body().contains("window: 2d (expected: 1h, 24h or 7d)"), w.body());
    assertEquals(401, Http.get(base + "/admin/v1/requests", gw.key()).statusCode());
    assertEquals(401, Http.get(base + "/admin/v1/slo", null).statusCode());
    assertEquals(404, Http.get(base + "/admin/v1/requests/req_nope", TestGateway.ADMIN_KEY).statusCode());
  }

  @Test
  void sloReportFromRollupsAndWebhooksOnBreachAndRecovery() throws Exception {
    String url = gw.baseUrl() + "/chat/completions";
    upstream.json(200, Chunks.completion("upstream/second", "ok"));
    for (int i = 0; i < 2; i++) {
      assertEquals(200, Http.post(url, gw.key(), chat("second-model", false, "hi")).statusCode());
    }
    upstream.json(503, "{\"error\":{\"message\":\"overloaded\"}}");
    assertEquals(503, Http.post(url, gw.key(), chat("second-model", false, "hi")).statusCode());
    awaitListed("model=second-model", 3);

    JsonNode report = admin("/admin/v1/slo?window=1h");
    assertEquals("slo_report", report.get("object").asText());
    assertEquals("1h", report.get("window").asText());
    assertEquals(0.02, report.get("percentile_error").asDouble());
    JsonNode m = null;
    for (JsonNode n : report.get("models")) {
      if (n.get("model").asText().equals("second-model")) {
        m = n;
      }
    }
    assertTrue(m != null, report.toString());
    assertEquals(3, m.get("requests").asInt());
    assertEquals(1, m.get("errors").asInt());
    assertEquals(0.333333, m.get("error_rate").asDouble(), 1e-6);
    assertTrue(m.get("latency_ms").get("p95").asDouble() > 0, m.toString());
    assertTrue(m.get("ttft_ms").isNull(), "no streams");
    assertTrue(m.get("overhead_ms").get("p50").asDouble() >= 0);
    assertEquals(18, m.get("prompt_tokens").asInt());

    assertEquals(1, gw.server().slo().evaluate().size());
    assertEquals(List.of(), gw.server().slo().evaluate());
    upstream.json(200, Chunks.completion("upstream/second", "ok"));
    for (int i = 0; i < 7; i++) {
      assertEquals(200, Http.post(url, gw.key(), chat("second-model", false, "hi")).statusCode());
    }
    awaitListed("model=second-model", 10);
    assertEquals(1, gw.server().slo().evaluate().size()); // 1 in 10: recovered
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (hooks.size() < 2 && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertEquals(List.of("slo.breach", "slo.recovered"), hooks.stream().map(h -> h.get("type").asText()).toList());
    assertEquals("second-model", hooks.get(0).get("model").asText());
    assertEquals("error_rate", hooks.get(0).get("metric").asText());
    assertEquals(0.2, hooks.get(0).get("threshold").asDouble());
    assertEquals(0.1, hooks.get(1).get("value").asDouble(), 1e-9);

    JsonNode objectives = admin("/admin/v1/slo").get("objectives");
    assertEquals(1, objectives.size());
    JsonNode o = objectives.get(0);
    assertEquals("second-model", o.get("model").asText());
    assertEquals("error_rate", o.get("metric").asText());
    assertEquals(0.1, o.get("verdicts").get(0).get("value").asDouble(), 1e-9);
    assertFalse(o.get("verdicts").get(0).get("breached").asBoolean());
  }
}
