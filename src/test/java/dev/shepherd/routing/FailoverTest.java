package dev.shepherd.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shepherd.testing.Chunks;
import dev.shepherd.testing.FakeUpstream;
import dev.shepherd.testing.Http;
import dev.shepherd.testing.MutableClock;
import dev.shepherd.testing.TestGateway;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Failover through a real gateway in front of three fake upstreams: which errors move to the next
 * deployment and which don't, first-byte timeouts, Retry-After cooldowns, breakers, the SDK retry
 * header, and the route trace. Time for cooldowns and breakers comes from a hand-moved clock.
 */
class FailoverTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final MutableClock CLOCK = new MutableClock(1_000_000_000L);
  static FakeUpstream a;
  static FakeUpstream b;
  static FakeUpstream c;
  static TestGateway gateway;

  static String config() {
    return """
        server: {port: 0, event_loops: 2}
        store: {url: "STORE_URL"}
        providers:
          - {name: a, kind: openai, base_url: "%s", api_key: ka, timeouts: {first_byte_ms: 300, total_ms: 5000}}
          - {name: b, kind: openai, base_url: "%s", api_key: kb, timeouts: {first_byte_ms: 300, total_ms: 5000}}
          - {name: c, kind: openai, base_url: "%s", api_key: kc, timeouts: {first_byte_ms: 300, total_ms: 5000}}
        models:
          - id: pair
            context_window: 32768
            price: {input_per_mtok: 1, output_per_mtok: 2}
            deployments: [{provider: a, weight: 100, priority: 0}, {provider: b, weight: 100, priority: 1}]
          - id: solo
            context_window: 32768
            price: {input_per_mtok: 1, output_per_mtok: 2}
            deployments: [{provider: a}]
          - id: split
            context_window: 32768
            price: {input_per_mtok: 1, output_per_mtok: 2}
            deployments: [{provider: a, weight: 70}, {provider: b, weight: 20}, {provider: c, weight: 10}]
          - id: sticky
            context_window: 32768
            price: {input_per_mtok: 1, output_per_mtok: 2}
            sticky: user
            deployments: [{provider: a}, {provider: b}, {provider: c}]
        """.formatted(a.baseUrl(), b.baseUrl(), c.baseUrl());
  }

  @BeforeAll
  static void start() throws Exception {
    a = new FakeUpstream();
    b = new FakeUpstream();
    c = new FakeUpstream();
    gateway = TestGateway.start(config(), null, CLOCK);
  }

  @AfterAll
  static void stop() throws Exception {
    gateway.close();
    a.close();
    b.close();
    c.close();
  }

  @BeforeEach
  void healthy() {
    for (FakeUpstream u : List.of(a, b, c)) {
      u.json(200, Chunks.completion("m", "ok"));
      u.received().clear();
    }
    gateway.server().resetRouting();
  }

  static HttpResponse<String> chat(String model, String... headers) throws Exception {
    return Http.post(gateway.baseUrl() + "/chat/completions", gateway.key(),
        "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", headers);
  }

  static String trace(HttpResponse<?> r) {
    return r.headers().firstValue("x-shepherd-route-trace").orElse("");
  }

  static JsonNode routing() throws Exception {
    return JSON.readTree(Http.get(gateway.baseUrl().replace("/v1", "/admin/v1/routing"), TestGateway.ADMIN_KEY).body());
  }

  static JsonNode deployment(String model, String id) throws Exception {
    for (JsonNode m : routing().get("models")) {
      if (m.get("id").asText().equals(model)) {
        for (JsonNode d : m.get("deployments")) {
          if (d.get("id").asText().equals(id)) {
            return d;
          }
        }
      }
    }
    throw new AssertionError("no " + id + " in " + model);
  }

  @Test
  void a5xxFailsOverToTheNextDeploymentAndTheTraceSaysSo() throws Exception {
    a.json(500, "{\"error\":{\"message\":\"boom\"}}");
    HttpResponse<String> r = chat("pair", "x-shepherd-route-trace", "1");
    assertEquals(200, r.statusCode(), r.body());
    assertEquals(1, a.received().size());
    assertEquals(1, b.received().size());
    String t = trace(r);
    assertTrue(t.startsWith("candidates=a/pair,b/pair; skipped=; attempts=a/pair:500:"), t);
    assertTrue(t.contains(",b/pair:200:"), t);
  }

  @Test
  void noTraceHeaderUnlessAskedFor() throws Exception {
    assertEquals("", trace(chat("pair")));
  }

  @Test
  void everyRetryableFailureFailsOver() throws Exception {
    for (int status : new int[] {408, 429, 502, 503, 504}) {
      healthy();
      a.json(status, "{\"error\":{\"message\":\"no\"}}");
      HttpResponse<String> r = chat("pair");
      assertEquals(200, r.statusCode(), status + ": " + r.body());
      assertEquals(1, b.received().size(), "status " + status);
    }
    healthy();
    a.respond(req -> req.connection().close()); // reset before any response
    assertEquals(200, chat("pair").statusCode());
    healthy();
    a.respond(req -> req.response().setChunked(true).putHeader("content-type", "application/json")
        .write("{\"id\":\"chatcmpl-1\",\"obj").onSuccess(v -> req.connection().close()));
    assertEquals(200, chat("pair").statusCode(), "a body cut off before the client saw a byte fails over");
  }

  @Test
  void callerAndConfigFaultsDoNotFailOver() throws Exception {
    for (int status : new int[] {400, 401, 403, 404, 422}) {
      healthy();
      a.json(status, "{\"error\":{\"message\":\"bad\",\"param\":\"messages\"}}");
      HttpResponse<String> r = chat("pair");
      assertEquals(status == 400 || status == 422 ? 400 : 502, r.statusCode(), status + ": " + r.body());
      assertEquals(0, b.received().size(), "status " + status + " must not fail over");
    }
  }

  @Test
  void firstByteTimeoutFailsOver() throws Exception {
    a.respond(req -> { }); // never answers; first_byte_ms is 300
    int abandoned = a.closedEarly();
    HttpResponse<String> r = chat("pair", "x-shepherd-route-trace", "1");
    assertEquals(200, r.statusCode());
    assertTrue(trace(r).contains("a/pair:timeout:"), trace(r));
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (a.closedEarly() == abandoned && System.nanoTime() < deadline) {
      Thread.sleep(10); // the reset travels over a real socket
    }
    assertEquals(abandoned + 1, a.closedEarly(), "the stalled upstream request was abandoned");
  }

  @Test
  void streamsFailOverBeforeTheirFirstEvent() throws Exception {
    a.json(503, "{\"error\":{\"message\":\"busy\"}}");
    b.sse(Chunks.stream("m", 3), "\n\n");
    HttpResponse<String> r = Http.post(gateway.baseUrl() + "/chat/completions", gateway.key(),
        "{\"model\":\"pair\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
    assertEquals(200, r.statusCode());
    assertEquals("text/event-stream", r.headers().firstValue("content-type").orElseThrow());
    assertEquals("[DONE]", Http.dataEvents(r.body()).getLast());
  }

  @Test
  void aStreamWhoseFirstEventIsAnErrorFailsOver() throws Exception {
    a.sse(List.of(": keep-alive", "data: {\"error\":{\"message\":\"overloaded\"}}"), "\n\n");
    b.sse(Chunks.stream("m", 2), "\n\n");
    HttpResponse<String> r = Http.post(gateway.baseUrl() + "/chat/completions", gateway.key(),
        "{\"model\":\"pair\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
        "x-shepherd-route-trace", "1");
    assertEquals(200, r.statusCode());
    assertFalse(r.body().contains("overloaded"), r.body());
    assertFalse(r.body().contains("keep-alive"), "a's held-back comment is dropped with its attempt");
    assertEquals("[DONE]", Http.dataEvents(r.body()).getLast());
    assertTrue(trace(r).contains("a/pair:broken:"), trace(r));
  }

  @Test
  void commentsBeforeTheFirstEventAreRelayedWithIt() throws Exception {
    List<String> events = new java.util.ArrayList<>(List.of(": keep-alive"));
    events.addAll(Chunks.stream("m", 2));
    a.sse(events, "\n\n");
    HttpResponse<String> r = Http.post(gateway.baseUrl() + "/chat/completions", gateway.key(),
        "{\"model\":\"pair\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
    assertTrue(r.body().startsWith(": keep-alive\n\ndata: "), r.body());
    assertEquals(0, b.received().size());
  }

  @Test
  void anSdkRetryGetsOneAttemptOnly() throws Exception {
    a.json(500, "{\"error\":{\"message\":\"boom\"}}");
    HttpResponse<String> r = chat("pair", "x-stainless-retry-count", "1", "x-shepherd-route-trace", "1");
    assertEquals(502, r.statusCode());
    assertEquals(0, b.received().size());
    assertTrue(trace(r).endsWith("stopped=client_retrying"), trace(r));
    assertEquals(200, chat("pair", "x-stainless-retry-count", "0").statusCode(), "a first try fails over as usual");
  }

  @Test
  void retryAfterCoolsTheDeploymentDownForThatLong() throws Exception {
    a.respond(req -> req.response().setStatusCode(429).putHeader("retry-after", "5")
        .putHeader("content-type", "application/json").end("{\"error\":{\"message\":\"slow down\"}}"));
    assertEquals(200, chat("pair").statusCode());
    assertEquals(1, a.received().size());
    CLOCK.advance(4_000);
    HttpResponse<String> r = chat("pair", "x-shepherd-route-trace", "1");
    assertEquals(200, r.statusCode());
    assertEquals(1, a.received().size(), "a is cooling down: not called");
    assertTrue(trace(r).contains("skipped=a/pair:cooling_down"), trace(r));
    assertEquals(1_000, deployment("pair", "a/pair").get("cooldown_ms").asLong());
    CLOCK.advance(1_000);
    a.json(200, Chunks.completion("m", "ok"));
    assertEquals(200, chat("pair").statusCode());
    assertEquals(2, a.received().size(), "cooldown over: a is called again");
  }

  @Test
  void whenEveryCandidateCoolsDownTheClientGetsTheShortestWait() throws Exception {
    a.respond(req -> req.response().setStatusCode(429).putHeader("retry-after-ms", "7000")
        .putHeader("content-type", "application/json").end("{\"error\":{\"message\":\"slow down\"}}"));
    HttpResponse<String> first = chat("solo");
    assertEquals(429, first.statusCode());
    assertEquals("7000", first.headers().firstValue("retry-after-ms").orElseThrow());
    CLOCK.advance(2_500);
    HttpResponse<String> second = chat("solo");
    assertEquals(429, second.statusCode());
    assertEquals("4500", second.headers().firstValue("retry-after-ms").orElseThrow());
    assertEquals("5", second.headers().firstValue("retry-after").orElseThrow());
    assertEquals("rate_limit_exceeded", JSON.readTree(second.body()).at("/error/code").asText());
    assertEquals(1, a.received().size(), "the cooling deployment is not called again");
  }

  @Test
  void aFailingDeploymentOpensItsBreakerThenProbesAndCloses() throws Exception {
    a.json(500, "{\"error\":{\"message\":\"boom\"}}");
    for (int i = 0; i < 10; i++) {
      assertEquals(200, chat("pair").statusCode(), "b answers while a fails");
    }
    assertEquals(10, a.received().size());
    assertEquals("open", deployment("pair", "a/pair").at("/breaker/state").asText());
    for (int i = 0; i < 5; i++) {
      assertEquals(200, chat("pair").statusCode());
    }
    assertEquals(10, a.received().size(), "an open breaker keeps traffic away");
    CLOCK.advance(30_000);
    a.json(200, Chunks.completion("m", "ok"));
    for (int i = 0; i < 3; i++) {
      assertEquals(200, chat("pair").statusCode());
    }
    assertEquals(13, a.received().size(), "3 live probes");
    assertEquals("closed", deployment("pair", "a/pair").at("/breaker/state").asText());
  }

  @Test
  void credentialsRefusedOpenTheBreakerAtOnce() throws Exception {
    a.json(401, "{\"error\":{\"message\":\"bad key\"}}");
    assertEquals(502, chat("pair").statusCode());
    assertEquals("open", deployment("pair", "a/pair").at("/breaker/state").asText());
    assertEquals(200, chat("pair").statusCode(), "the next request goes straight to b");
    assertEquals(1, a.received().size());
  }

  @Test
  void everyBreakerOpenIs503WithTheWaitUntilAProbe() throws Exception {
    a.json(401, "{\"error\":{\"message\":\"bad key\"}}");
    chat("solo");
    CLOCK.advance(10_000);
    HttpResponse<String> r = chat("solo");
    assertEquals(503, r.statusCode());
    assertEquals("20000", r.headers().firstValue("retry-after-ms").orElseThrow());
    assertEquals(1, a.received().size());
  }

  /** 2,000 requests, weights 70/20/10: each share within ±4 points (σ of the 20% share ≈ 0.9). */
  @Test
  void theSplitFollowsTheWeights() throws Exception {
    int n = 2_000;
    try (var pool = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
      List<java.util.concurrent.Future<Integer>> workers = new java.util.ArrayList<>();
      for (int w = 0; w < 8; w++) {
        workers.add(pool.submit(() -> {
          int ok = 0;
          for (int i = 0; i < n / 8; i++) {
            ok += chat("split").statusCode() == 200 ? 1 : 0;
          }
          return ok;
        }));
      }
      for (var w : workers) {
        assertEquals(n / 8, w.get());
      }
    }
    assertEquals(0.70, a.received().size() / (double) n, 0.04);
    assertEquals(0.20, b.received().size() / (double) n, 0.04);
    assertEquals(0.10, c.received().size() / (double) n, 0.04);
  }

  static String stickyServer(String user) throws Exception {
    HttpResponse<String> r = Http.post(gateway.baseUrl() + "/chat/completions", gateway.key(),
        "{\"model\":\"sticky\",\"user\":\"" + user + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
        "x-shepherd-route-trace", "1");
    assertEquals(200, r.statusCode());
    String attempts = trace(r).substring(trace(r).indexOf("attempts=") + "attempts=".length());
    return attempts.substring(attempts.lastIndexOf(',') + 1).split(":")[0]; // the one that answered
  }

  @Test
  void stickyUsersKeepTheirDeploymentAndMoveOnlyWhileItFails() throws Exception {
    java.util.Map<String, String> home = new java.util.HashMap<>();
    for (int u = 0; u < 30; u++) {
      String first = stickyServer("user-" + u);
      for (int again = 0; again < 3; again++) {
        assertEquals(first, stickyServer("user-" + u), "user-" + u);
      }
      home.put("user-" + u, first);
    }
    assertEquals(3, new java.util.HashSet<>(home.values()).size(), "30 users spread over all three: " + home);
    a.json(401, "{\"error\":{\"message\":\"bad key\"}}"); // a's breaker opens on its first refusal
    String aUser = home.entrySet().stream().filter(e -> e.getValue().equals("a/sticky")).findFirst().orElseThrow().getKey();
    assertEquals(502, Http.post(gateway.baseUrl() + "/chat/completions", gateway.key(),
        "{\"model\":\"sticky\",\"user\":\"" + aUser + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")
        .statusCode());
    for (var e : home.entrySet()) {
      String now = stickyServer(e.getKey());
      if (e.getValue().equals("a/sticky")) {
        assertFalse(now.equals("a/sticky"), "a's users move while its breaker is open");
      } else {
        assertEquals(e.getValue(), now, "users of b and c stay put");
      }
    }
    gateway.server().resetRouting();
    a.json(200, Chunks.completion("m", "ok"));
    for (var e : home.entrySet()) {
      assertEquals(e.getValue(), stickyServer(e.getKey()), "back home after recovery");
    }
  }

  @Test
  void aDeploymentFailingEveryRequestLosesNoClientRequest() throws Exception {
    a.json(500, "{\"error\":{\"message\":\"boom\"}}");
    int ok = 0;
    for (int i = 0; i < 300; i++) {
      if (chat("split").statusCode() == 200) {
        ok++;
      }
    }
    assertEquals(300, ok);
    assertFalse(b.received().isEmpty() || c.received().isEmpty());
  }
}
