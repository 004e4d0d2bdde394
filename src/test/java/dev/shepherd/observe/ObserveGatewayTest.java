package dev.shepherd.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shepherd.testing.Chunks;
import dev.shepherd.testing.FakeUpstream;
import dev.shepherd.testing.Http;
import dev.shepherd.testing.TestGateway;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The access log's fields (account, deployment, attempts, error class, tokens and cost charged,
 * TTFT), the metrics endpoint's settings, and the client's {@code traceparent} passed upstream
 * unchanged when tracing is off.
 */
class ObserveGatewayTest {
  static final ObjectMapper JSON = new ObjectMapper();

  static String withObserve(String base, String observe) {
    return TestGateway.config(base, TestGateway.RELAXED) + observe;
  }

  @Test
  void accessLogCarriesAccountAttemptsErrorClassTokensCostAndTtft() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    String account;
    try (FakeUpstream upstream = new FakeUpstream()) {
      try (TestGateway g = TestGateway.start(TestGateway.config(upstream.baseUrl(), TestGateway.RELAXED),
          new LineSink(out, 10, 1_000))) {
        String admin = g.baseUrl().replace("/v1", "/admin/v1");
        account = JSON.readTree(Http.post(admin + "/accounts", TestGateway.ADMIN_KEY, "{\"name\":\"a\"}").body())
            .get("id").asText();
        String key = JSON.readTree(Http.post(admin + "/keys", TestGateway.ADMIN_KEY,
            "{\"name\":\"k\",\"account_id\":\"" + account + "\"}").body()).get("key").asText();
        upstream.json(200, Chunks.completion("upstream/real-model", "ok"));
        Http.post(g.baseUrl() + "/chat/completions", key,
            "{\"model\":\"test-model\",\"max_tokens\":10,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        upstream.sse(Chunks.stream("upstream/real-model", 2), "\n\n");
        Http.post(g.baseUrl() + "/chat/completions", g.key(),
            "{\"model\":\"test-model\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        upstream.json(503, "{\"error\":{\"message\":\"busy\"}}");
        Http.post(g.baseUrl() + "/chat/completions", g.key(),
            "{\"model\":\"test-model\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
      }
    }
    List<JsonNode> lines = out.toString(StandardCharsets.UTF_8).lines().map(ObserveGatewayTest::json).toList();
    assertEquals(3, lines.size(), lines.toString());
    JsonNode metered = lines.get(0);
    assertEquals(account, metered.path("account_id").asText(), lines.toString());
    assertEquals("fake/upstream/real-model", metered.path("deployment").asText(), metered.toString());
    assertEquals(1, metered.get("attempt_count").asInt());
    assertEquals(9, metered.get("prompt_tokens").asInt());
    assertEquals(3, metered.get("completion_tokens").asInt());
    assertEquals("upstream", metered.get("usage_source").asText());
    assertTrue(out.toString(StandardCharsets.UTF_8).contains("\"cost_usd\":0.000015,"), "9 × $1/M + 3 × $2/M, written as an exact decimal: " + metered);
    assertTrue(metered.get("duration_ms").asDouble() >= metered.get("upstream_ms").asDouble());
    assertNull(metered.get("error_class"));
    assertNull(metered.get("ttft_ms"), "not a stream");

    JsonNode stream = lines.get(1);
    assertNull(stream.get("account_id"), "the test key has no account");
    assertNull(stream.get("cost_usd"));
    assertEquals(11, stream.get("prompt_tokens").asInt());
    assertTrue(stream.get("ttft_ms").asDouble() > 0);

    JsonNode failed = lines.get(2);
    assertEquals(503, failed.get("status").asInt());
    assertEquals("upstream_unavailable", failed.get("error_class").asText());
    assertEquals("503", failed.get("attempts").get(0).get("result").asText());
  }

  private static JsonNode json(String line) {
    try {
      return JSON.readTree(line);
    } catch (Exception e) {
      throw new AssertionError(line, e);
    }
  }

  @Test
  void metricsCanRequireTheAdminKeyOrBeOff() throws Exception {
    try (FakeUpstream upstream = new FakeUpstream();
        TestGateway guarded = TestGateway.start(withObserve(upstream.baseUrl(),
            "observe: {metrics: {path: /internal/metrics, require_admin_key: true}}\n"), null);
        TestGateway off = TestGateway.start(withObserve(upstream.baseUrl(), "observe: {metrics: {enabled: false}}\n"),
            null)) {
      String root = "http://127.0.0.1:" + guarded.port();
      assertEquals(401, Http.get(root + "/internal/metrics", null).statusCode());
      assertEquals(401, Http.get(root + "/internal/metrics", guarded.key()).statusCode());
      var ok = Http.get(root + "/internal/metrics", TestGateway.ADMIN_KEY);
      assertEquals(200, ok.statusCode());
      assertTrue(ok.headers().firstValue("content-type").orElse("").startsWith("text/plain; version=0.0.4"));
      assertTrue(ok.body().contains("# TYPE shepherd_requests_in_flight gauge"), ok.body());
      assertEquals(404, Http.get(root + "/metrics", TestGateway.ADMIN_KEY).statusCode());
      assertEquals(405, Http.send("POST", root + "/internal/metrics", TestGateway.ADMIN_KEY, "").statusCode());
      assertEquals(404, Http.get("http://127.0.0.1:" + off.port() + "/metrics", null).statusCode());
      assertNull(off.server().observability().metrics());
    }
  }

  @Test
  void withTracingOffTheClientsTraceContextReachesTheUpstreamUnchanged() throws Exception {
    try (FakeUpstream upstream = new FakeUpstream();
        TestGateway g = TestGateway.start(TestGateway.config(upstream.baseUrl(), TestGateway.RELAXED), null)) {
      upstream.json(200, Chunks.completion("upstream/real-model", "ok"));
      String traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
      Http.post(g.baseUrl() + "/chat/completions", g.key(),
          "{\"model\":\"test-model\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
          "traceparent", traceparent, "tracestate", "k=v");
      assertEquals(traceparent, upstream.last().header("traceparent"));
      assertEquals("k=v", upstream.last().header("tracestate"));
      Http.post(g.baseUrl() + "/chat/completions", g.key(),
          "{\"model\":\"test-model\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
      assertNull(upstream.last().header("traceparent"));
      assertNull(g.server().observability().tracing());
      assertFalse(upstream.last().headers().containsKey("tracestate"));
    }
  }
}
