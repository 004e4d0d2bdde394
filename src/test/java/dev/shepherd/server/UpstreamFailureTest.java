package dev.shepherd.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shepherd.testing.Chunks;
import dev.shepherd.testing.GatewayExtension;
import dev.shepherd.testing.Http;
import dev.shepherd.testing.TestGateway;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Upstream errors, each timeout, and client disconnects, with tight timeouts. */
class UpstreamFailureTest {
  @RegisterExtension
  static final GatewayExtension env = new GatewayExtension("{connect_ms: 500, first_byte_ms: 400, idle_ms: 400, total_ms: 1500}");
  static final ObjectMapper JSON = new ObjectMapper();
  static final String STREAM = "{\"model\":\"test-model\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
  static final String PLAIN = "{\"model\":\"test-model\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

  static JsonNode error(HttpResponse<String> r) throws Exception {
    return JSON.readTree(r.body()).get("error");
  }

  @Test
  void upstream500Is502UpstreamErrorWithoutUpstreamDetails() throws Exception {
    env.upstream().json(500, "{\"error\":{\"message\":\"db at 10.0.0.7 exploded\"}}");
    HttpResponse<String> r = Http.post(env.gateway().baseUrl() + "/chat/completions", env.gateway().key(), PLAIN);
    assertEquals(502, r.statusCode());
    assertEquals("upstream_error", error(r).get("code").asText());
    assertEquals("true", r.headers().firstValue("x-should-retry").orElseThrow());
    assertFalse(r.body().contains("10.0.0.7"));
  }

  @Test
  void upstream401NeverLeaksTheUpstreamMessage() throws Exception {
    env.upstream().json(401, "{\"error\":{\"message\":\"Incorrect API key provided: upstream-secret-key\"}}");
    HttpResponse<String> r = Http.post(env.gateway().baseUrl() + "/chat/completions", env.gateway().key(), PLAIN);
    assertEquals(502, r.statusCode());
    assertFalse(r.body().contains("upstream-secret-key"));
  }

  @Test
  void upstream400KeepsTheUpstreamMessageForTheCaller() throws Exception {
    env.upstream().json(400, "{\"error\":{\"message\":\"tools[0].function.name is invalid\",\"type\":\"invalid_request_error\",\"param\":\"tools\"}}");
    HttpResponse<String> r = Http.post(env.gateway().baseUrl() + "/chat/completions", env.gateway().key(), PLAIN);
    assertEquals(400, r.statusCode());
    assertEquals("tools[0].function.name is invalid", error(r).get("message").asText());
    assertEquals("tools", error(r).get("param").asText());
    assertEquals("false", r.headers().firstValue("x-should-retry").orElseThrow());
  }

  @Test
  void upstream429PassesRetryAfter() throws Exception {
    env.upstream().respond(req -> req.response().setStatusCode(429).putHeader("retry-after", "3")
        .putHeader("content-type", "application/json").end("{\"error\":{\"message\":\"slow down\"}}"));
    HttpResponse<String> r = Http.post(env.gateway().baseUrl() + "/chat/completions", env.gateway().key(), PLAIN);
    assertEquals(429, r.statusCode());
    assertEquals("rate_limit_exceeded", error(r).get("code").asText());
    assertEquals("3", r.headers().firstValue("retry-after").orElseThrow());
    assertEquals("3000", r.headers().firstValue("retry-after-ms").orElseThrow());
  }

  @Test
  void streamThatDiesBeforeItsFirstEventIsAPlain502() throws Exception {
    env.upstream().respond(req -> {
      req.response().setChunked(true).putHeader("content-type", "text/event-stream").write("data: {\"partial");
      env.upstream().vertx().setTimer(30, id -> req.connection().close());
    });
    HttpResponse<String> r = Http.post(env.gateway().baseUrl() + "/chat/completions", env.gateway().key(), STREAM);
    assertEquals(502, r.statusCode(), r.body());
    assertEquals("upstream_error", error(r).get("code").asText());
  }

  @Test
  void firstByteTimeoutIs504() throws Exception {
    env.upstream().respond(req -> { /* never answers */ });
    long t0 = System.nanoTime();
    HttpResponse<String> r = Http.post(env.gateway().baseUrl() + "/chat/completions", env.gateway().key(), PLAIN);
    long ms = (System.nanoTime() - t0) / 1_000_000;
    assertEquals(504, r.statusCode());
    assertEquals("upstream_timeout", error(r).get("code").asText());
    assertTrue(error(r).get("message").asText().contains("first byte"));
    assertTrue(ms >= 380, "waited " + ms + " ms");
  }

  @Test
  void idleGapMidStreamBecomesATimeoutErrorEvent() throws Exception {
    List<String> events = Chunks.stream("upstream/real-model", 3);
    env.upstream().respond(req -> req.response().setChunked(true).putHeader("content-type", "text/event-stream")
        .write(events.get(0) + "\n\n")); // then silence
    HttpResponse<String> r = Http.post(env.gateway().baseUrl() + "/chat/completions", env.gateway().key(), STREAM);
    List<String> got = Http.dataEvents(r.body());
    assertEquals(2, got.size(), r.body());
    JsonNode err = JSON.readTree(got.get(1)).get("error");
    assertEquals("upstream_timeout", err.get("code").asText());
    assertTrue(err.get("message").asText().contains("idle"));
  }

  @Test
  void totalTimeoutEndsAStreamThatNeverStopsTrickling() throws Exception {
    env.upstream().trickle(100);
    long t0 = System.nanoTime();
    HttpResponse<String> r = Http.post(env.gateway().baseUrl() + "/chat/completions", env.gateway().key(), STREAM);
    long ms = (System.nanoTime() - t0) / 1_000_000;
    List<String> got = Http.dataEvents(r.body());
    assertEquals("upstream_timeout", JSON.readTree(got.getLast()).get("error").get("code").asText());
    assertTrue(got.getLast().contains("total"));
    assertTrue(ms >= 1400, "ended after " + ms + " ms");
  }

  @Test
  void connectionRefusedIs502() throws Exception {
    try (TestGateway g = TestGateway.start(TestGateway.config("http://127.0.0.1:1/v1", TestGateway.RELAXED))) {
      HttpResponse<String> r = Http.post(g.baseUrl() + "/chat/completions", g.key(), PLAIN);
      assertEquals(502, r.statusCode());
      assertEquals("upstream_error", error(r).get("code").asText());
      assertFalse(r.body().contains("127.0.0.1"));
    }
  }

  @Test
  void connectTimeoutIs504() throws Exception {
    // A listener whose accept queue is full: the kernel drops further SYNs, so connecting hangs.
    try (java.net.ServerSocket full = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      java.util.List<java.net.Socket> fillers = new java.util.ArrayList<>();
      try {
        for (int i = 0; i < 8; i++) {
          java.net.Socket s = new java.net.Socket();
          try {
            s.connect(new java.net.InetSocketAddress("127.0.0.1", full.getLocalPort()), 200);
            fillers.add(s);
          } catch (java.io.IOException e) {
            s.close();
            break; // the queue is full
          }
        }
        String url = "http://127.0.0.1:" + full.getLocalPort() + "/v1";
        try (TestGateway g = TestGateway.start(TestGateway.config(url,
            "{connect_ms: 300, first_byte_ms: 5000, idle_ms: 5000, total_ms: 10000}"))) {
          long t0 = System.nanoTime();
          HttpResponse<String> r = Http.post(g.baseUrl() + "/chat/completions", g.key(), PLAIN);
          long ms = (System.nanoTime() - t0) / 1_000_000;
          assertEquals(504, r.statusCode(), r.body());
          assertEquals("upstream_timeout", error(r).get("code").asText());
          assertTrue(ms >= 250 && ms < 4000, "gave up after " + ms + " ms");
        }
      } finally {
        for (java.net.Socket s : fillers) {
          s.close();
        }
      }
    }
  }
}
