package dev.shepherd.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shepherd.testing.Chunks;
import dev.shepherd.testing.FakeUpstream;
import dev.shepherd.testing.Http;
import dev.shepherd.testing.MutableClock;
import dev.shepherd.testing.TestGateway;
import io.vertx.core.buffer.Buffer;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Scrapes {@code /metrics} after known traffic through a real gateway and asserts exact counts:
 * requests by model, deployment, status and error class; histogram buckets of latencies made by a
 * slow fake upstream; tokens, cost, rejections, breaker states, in-flight requests. Each test
 * asserts differences between a scrape before and one after its traffic.
 */
class MetricsGatewayTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String OK_SERIES = "fake/upstream/real-model";
  static FakeUpstream upstream;
  static TestGateway gateway;
  static MutableClock clock = new MutableClock(System.currentTimeMillis());

  static String config(String base) {
    return """
        server: {port: 0, event_loops: 2}
        store: {url: "STORE_URL"}
        providers:
          - {name: fake, kind: openai, base_url: "%s", api_key: upstream-secret-key, timeouts: %s}
        models:
          - id: test-model
            context_window: 1000000
            price: {input_per_mtok: 1.0, output_per_mtok: 2.0}
            deployments: [{provider: fake, model: upstream/real-model}]
          - id: slow-model
            context_window: 100000
            price: {input_per_mtok: 1.0, output_per_mtok: 2.0}
            deployments: [{provider: fake, model: upstream/slow}]
          - id: limited-model
            context_window: 100000
            price: {input_per_mtok: 1.0, output_per_mtok: 2.0}
            limits: {rpm: 1}
            deployments: [{provider: fake, model: upstream/limited}]
          - id: flaky-model
            context_window: 100000
            price: {input_per_mtok: 1.0, output_per_mtok: 2.0}
            deployments: [{provider: fake, model: upstream/flaky}]
        include_builtin_catalog: false
        routing: {breaker: {half_open_probes: 2, open_ms: 10000}}
        """.formatted(base, TestGateway.RELAXED);
  }

  @BeforeAll
  static void start() throws Exception {
    upstream = new FakeUpstream();
    gateway = TestGateway.start(config(upstream.baseUrl()), null, clock);
  }

  @AfterAll
  static void stop() throws Exception {
    gateway.close();
    upstream.close();
  }

  @BeforeEach
  void answerOk() {
    upstream.json(200, Chunks.completion("upstream/real-model", "ok"));
  }

  static String root() {
    return gateway.baseUrl().replace("/v1", "");
  }

  static HttpResponse<String> chat(String key, String model) throws Exception {
    return chat(key, model, false, 10);
  }

  static HttpResponse<String> chat(String key, String model, boolean stream, int maxTokens) throws Exception {
    return Http.post(gateway.baseUrl() + "/chat/completions", key, "{\"model\":\"" + model + "\",\"stream\":" + stream
        + ",\"max_tokens\":" + maxTokens + ",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
  }

  /** Scrapes until {@code check} of the scrape reaches {@code expected} (settlement is asynchronous), or 5 s. */
  static Scrape await(ToDoubleFunction<Scrape> check, double expected) throws Exception {
    long deadline = System.nanoTime() + 5_000_000_000L;
    Scrape s;
    do {
      s = Scrape.of(root());
      if (Math.abs(check.applyAsDouble(s) - expected) < 1e-9) {
        return s;
      }
      Thread.sleep(20);
    } while (System.nanoTime() < deadline);
    return s;
  }

  @Test
  void countsRequestsByModelDeploymentStatusAndErrorClass() throws Exception {
    Scrape before = Scrape.of(root());
    for (int i = 0; i < 3; i++) {
      assertEquals(200, chat(gateway.key(), "test-model").statusCode());
    }
    assertEquals(404, chat(gateway.key(), "no-such-model").statusCode());
    assertEquals(401, chat("sk-shp-wrong", "test-model").statusCode());
    upstream.json(503, "{\"error\":{\"message\":\"busy\"}}");
    assertEquals(503, chat(gateway.key(), "test-model").statusCode());
    Scrape after = await(s -> s.value("shepherd_requests_in_flight"), 0);

    String requests = "shepherd_requests_total";
    assertEquals(3, after.value(requests, "model", "test-model", "deployment", OK_SERIES, "status", "200",
        "error_class", "none", "endpoint", "chat") - before.value(requests, "model", "test-model", "deployment",
        OK_SERIES, "status", "200", "error_class", "none", "endpoint", "chat"), after.text);
    assertEquals(1, after.value(requests, "model", "none", "deployment", "none", "status", "404",
        "error_class", "model_not_found") - before.value(requests, "model", "none", "status", "404",
        "error_class", "model_not_found"));
    assertEquals(1, after.value(requests, "model", "none", "status", "401", "error_class", "invalid_api_key")
        - before.value(requests, "model", "none", "status", "401", "error_class", "invalid_api_key"));
    assertEquals(1, after.value(requests, "model", "test-model", "deployment", OK_SERIES, "status", "503",
        "error_class", "upstream_unavailable") - before.value(requests, "model", "test-model", "status", "503",
        "error_class", "upstream_unavailable"));
    String attempts = "shepherd_upstream_attempts_total";
    assertEquals(3, after.value(attempts, "deployment", OK_SERIES, "result", "200")
        - before.value(attempts, "deployment", OK_SERIES, "result", "200"));
    assertEquals(1, after.value(attempts, "deployment", OK_SERIES, "result", "503")
        - before.value(attempts, "deployment", OK_SERIES, "result", "503"));
    // the fake reports 9 prompt + 3 completion tokens; the test key is unmetered: reported usage counts
    assertEquals(27, after.value("shepherd_tokens_total", "model", "test-model", "type", "input")
        - before.value("shepherd_tokens_total", "model", "test-model", "type", "input"));
    assertEquals(9, after.value("shepherd_tokens_total", "model", "test-model", "type", "output")
        - before.value("shepherd_tokens_total", "model", "test-model", "type", "output"));
    assertEquals(0, after.value("shepherd_requests_in_flight"));
    // JVM, process and store pool metrics are there too
    // (jvm_gc_pause_seconds appears only after the first collection, so it is not required here)
    for (String name : List.of("jvm_memory_used_bytes", "process_cpu_usage",
        "jvm_threads_live_threads", "hikaricp_connections_active", "process_uptime_seconds")) {
      assertTrue(after.text.contains(name), name + " missing:\n" + after.text);
    }
  }

  @Test
  void histogramsPutLatenciesInTheirBuckets() throws Exception {
    // 700 ms before the answer: every request and attempt lands above the 0.64 s bound, at or below 1.28 s
    upstream.respond(req -> upstream.vertx().setTimer(700, t -> req.response().setStatusCode(200)
        .putHeader("content-type", "application/json").end(Chunks.completion("upstream/slow", "ok"))));
    Scrape before = Scrape.of(root());
    for (int i = 0; i < 2; i++) {
      assertEquals(200, chat(gateway.key(), "slow-model").statusCode());
    }
    // a stream whose first event comes after 1.4 s: time to first token in (1.0, 2.5], its attempt in (1.28, 2.56]
    upstream.respond(req -> upstream.vertx().setTimer(1_400, t -> {
      var r = req.response().setChunked(true).putHeader("content-type", "text/event-stream");
      for (String e : Chunks.stream("upstream/slow", 3)) {
        r.write(Buffer.buffer(e + "\n\n"));
      }
      r.end();
    }));
    assertEquals(200, chat(gateway.key(), "slow-model", true, 10).statusCode());
    Scrape after = await(s -> s.value("shepherd_requests_in_flight"), 0);

    String d = "shepherd_request_duration_seconds";
    String[] nonStream = {"model", "slow-model", "stream", "false", "outcome", "ok"};
    assertEquals(2, delta(before, after, d + "_count", nonStream));
    assertEquals(0, delta(before, after, d + "_bucket", with(nonStream, "le", "0.64")));
    assertEquals(2, delta(before, after, d + "_bucket", with(nonStream, "le", "1.28")));
    assertEquals(2, delta(before, after, d + "_bucket", with(nonStream, "le", "+Inf")));
    double sum = delta(before, after, d + "_sum", nonStream);
    assertTrue(sum >= 1.4 && sum < 2.56, "sum " + sum);

    String u = "shepherd_upstream_duration_seconds";
    String[] slow = {"deployment", "fake/upstream/slow", "outcome", "ok"};
    assertEquals(3, delta(before, after, u + "_count", slow));
    assertEquals(0, delta(before, after, u + "_bucket", with(slow, "le", "0.64")));
    assertEquals(2, delta(before, after, u + "_bucket", with(slow, "le", "1.28")));
    assertEquals(3, delta(before, after, u + "_bucket", with(slow, "le", "2.56")));

    String t = "gen_ai_server_time_to_first_token_seconds";
    String[] ttft = {"model", "slow-model", "deployment", "fake/upstream/slow"};
    assertEquals(1, delta(before, after, t + "_count", ttft));
    assertEquals(0, delta(before, after, t + "_bucket", with(ttft, "le", "1.0")));
    assertEquals(1, delta(before, after, t + "_bucket", with(ttft, "le", "2.5")));

    // overhead = total − upstream: the gateway's own time, far below a quarter second
    String o = "shepherd_gateway_overhead_seconds";
    assertEquals(2, delta(before, after, o + "_count", "endpoint", "chat", "stream", "false"));
    assertEquals(2, delta(before, after, o + "_bucket", "endpoint", "chat", "stream", "false", "le", "0.25"));
    assertEquals(1, delta(before, after, o + "_bucket", "endpoint", "chat", "stream", "true", "le", "0.25"));
  }

  @Test
  void metersCostTokensAndRejectionsOfLimitsAndCredit() throws Exception {
    String admin = gateway.baseUrl().replace("/v1", "/admin/v1");
    String account = JSON.readTree(Http.post(admin + "/accounts", TestGateway.ADMIN_KEY, "{\"name\":\"m\"}").body())
        .get("id").asText();
    String key = JSON.readTree(Http.post(admin + "/keys", TestGateway.ADMIN_KEY,
        "{\"name\":\"k\",\"account_id\":\"" + account + "\"}").body()).get("key").asText();
    Scrape before = Scrape.of(root());
    assertEquals(200, chat(key, "test-model").statusCode());
    assertEquals(200, chat(key, "test-model").statusCode());
    // a hold of 600,000 output tokens at $2 per million ($1.20) is more than the $1.00 signup bonus
    assertEquals(402, chat(key, "test-model", false, 600_000).statusCode());
    assertEquals(200, chat(gateway.key(), "limited-model").statusCode());
    assertEquals(429, chat(gateway.key(), "limited-model").statusCode());
    double cost0 = before.value("shepherd_cost_usd_total", "model", "test-model");
    Scrape after = await(s -> s.value("shepherd_cost_usd_total", "model", "test-model") - cost0, 30e-6);

    // 9 prompt tokens at $1/M + 3 completion tokens at $2/M = 15 µ$ per request
    assertEquals(30e-6, after.value("shepherd_cost_usd_total", "model", "test-model") - cost0, 1e-12);
    assertEquals(1, delta(before, after, "shepherd_rejections_total", "reason", "insufficient_quota"));
    assertEquals(1, delta(before, after, "shepherd_rejections_total", "reason", "rate_limited"));
    assertEquals(1, delta(before, after, "shepherd_requests_total", "model", "test-model", "status", "402",
        "error_class", "insufficient_quota"));
    assertEquals(1, delta(before, after, "shepherd_requests_total", "model", "limited-model", "status", "429",
        "error_class", "rate_limited"));
  }

  @Test
  void breakerGaugeFollowsOpenHalfOpenClosed() throws Exception {
    String flaky = "fake/upstream/flaky";
    assertEquals(0, Scrape.of(root()).value("shepherd_breaker_state", "deployment", flaky));
    upstream.json(401, "{\"error\":{\"message\":\"bad key\"}}"); // refused credentials open the breaker at once
    assertEquals(502, chat(gateway.key(), "flaky-model").statusCode());
    assertEquals(2, Scrape.of(root()).value("shepherd_breaker_state", "deployment", flaky));
    clock.advance(10_001);
    upstream.json(200, Chunks.completion("upstream/flaky", "ok"));
    assertEquals(200, chat(gateway.key(), "flaky-model").statusCode()); // probe 1 of 2
    assertEquals(1, Scrape.of(root()).value("shepherd_breaker_state", "deployment", flaky));
    assertEquals(200, chat(gateway.key(), "flaky-model").statusCode()); // probe 2: closed
    assertEquals(0, Scrape.of(root()).value("shepherd_breaker_state", "deployment", flaky));
  }

  @Test
  void inFlightCountsRequestsBeingServed() throws Exception {
    upstream.respond(req -> upstream.vertx().setTimer(600, t -> req.response().setStatusCode(200)
        .putHeader("content-type", "application/json").end(Chunks.completion("upstream/slow", "ok"))));
    var pending = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
      try {
        return chat(gateway.key(), "slow-model").statusCode();
      } catch (Exception e) {
        throw new RuntimeException(e);
      }
    });
    Scrape during = await(s -> s.value("shepherd_requests_in_flight"), 1);
    assertEquals(1, during.value("shepherd_requests_in_flight"));
    assertEquals(200, pending.get());
    assertEquals(0, await(s -> s.value("shepherd_requests_in_flight"), 0).value("shepherd_requests_in_flight"));
  }

  static double delta(Scrape before, Scrape after, String name, String... labels) {
    return after.value(name, labels) - before.value(name, labels);
  }

  static String[] with(String[] labels, String... more) {
    String[] out = java.util.Arrays.copyOf(labels, labels.length + more.length);
    System.arraycopy(more, 0, out, labels.length, more.length);
    return out;
  }
}
