package dev.shepherd.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shepherd.observe.LineSink;
import dev.shepherd.testing.Chunks;
import dev.shepherd.testing.FakeUpstream;
import dev.shepherd.testing.Http;
import dev.shepherd.testing.TestGateway;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Shadow deployments get copies of requests; their answers never reach the client, and their
 * status, latency and usage are recorded (access log line with {@code shadow_of}, admin totals).
 */
class ShadowTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final ByteArrayOutputStream LOG = new ByteArrayOutputStream();
  static FakeUpstream primary;
  static FakeUpstream shadow;
  static TestGateway gateway;

  @BeforeAll
  static void start() throws Exception {
    primary = new FakeUpstream();
    shadow = new FakeUpstream();
    gateway = TestGateway.start("""
        server: {port: 0, event_loops: 2}
        store: {url: "STORE_URL"}
        providers:
          - {name: primary, kind: openai, base_url: "%s", api_key: k1}
          - {name: candidate, kind: openai, base_url: "%s", api_key: k2, timeouts: {first_byte_ms: 300}}
        models:
          - id: full
            context_window: 32768
            price: {input_per_mtok: 1, output_per_mtok: 2}
            deployments:
              - {provider: primary, model: llama-old}
              - {provider: candidate, model: llama-4-maverick, shadow: true}
          - id: sampled
            context_window: 32768
            price: {input_per_mtok: 1, output_per_mtok: 2}
            deployments:
              - {provider: primary, model: llama-old}
              - {provider: candidate, model: llama-4-scout, shadow: true, shadow_percent: 25}
        """.formatted(primary.baseUrl(), shadow.baseUrl()), new LineSink(LOG, 10, 10_000), java.time.Clock.systemUTC());
  }

  @AfterAll
  static void stop() throws Exception {
    gateway.close();
    primary.close();
    shadow.close();
  }

  @BeforeEach
  void reset() {
    primary.json(200, Chunks.completion("llama-old", "primary answer"));
    shadow.json(200, Chunks.completion("llama-4", "SHADOW ANSWER"));
    primary.received().clear();
    shadow.received().clear();
  }

  static HttpResponse<String> chat(String model, boolean stream) throws Exception {
    return Http.post(gateway.baseUrl() + "/chat/completions", gateway.key(), "{\"model\":\"" + model + "\""
        + (stream ? ",\"stream\":true" : "") + ",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
  }

  static void await(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertTrue(condition.getAsBoolean(), "timed out waiting");
  }

  static List<JsonNode> shadowLines() throws Exception {
    List<JsonNode> out = new java.util.ArrayList<>();
    for (String line : LOG.toString(StandardCharsets.UTF_8).lines().toList()) {
      JsonNode n = JSON.readTree(line);
      if (n.has("shadow_of")) {
        out.add(n);
      }
    }
    return out;
  }

  @Test
  void theShadowGetsACopyAndTheClientOnlyThePrimaryAnswer() throws Exception {
    HttpResponse<String> r = chat("full", false);
    assertEquals(200, r.statusCode());
    assertTrue(r.body().contains("primary answer"));
    assertFalse(r.body().contains("SHADOW"));
    await(() -> shadow.received().size() == 1);
    assertTrue(shadow.received().getFirst().body().contains("\"model\":\"llama-4-maverick\""));
    assertTrue(shadow.received().getFirst().body().contains("\"content\":\"hi\""));
    String requestId = r.headers().firstValue("x-request-id").orElseThrow();
    await(() -> {
      try {
        return shadowLines().stream().anyMatch(n -> n.get("shadow_of").asText().equals(requestId));
      } catch (Exception e) {
        return false;
      }
    });
    JsonNode line = shadowLines().stream().filter(n -> n.get("shadow_of").asText().equals(requestId)).findFirst().orElseThrow();
    assertEquals("candidate/llama-4-maverick", line.get("deployment").asText());
    assertEquals(200, line.get("status").asInt());
    assertEquals(9, line.get("prompt_tokens").asInt());
    assertTrue(line.has("duration_ms"));
  }

  @Test
  void streamsAreShadowedToo() throws Exception {
    shadow.sse(Chunks.stream("llama-4", 4), "\n\n");
    primary.sse(Chunks.stream("llama-old", 2), "\n\n");
    HttpResponse<String> r = chat("full", true);
    assertEquals(200, r.statusCode());
    assertEquals("[DONE]", Http.dataEvents(r.body()).getLast());
    await(() -> shadow.received().size() == 1);
    assertTrue(shadow.received().getFirst().body().contains("\"include_usage\":true"));
  }

  @Test
  void aFailingOrStalledShadowNeverHurtsTheClient() throws Exception {
    shadow.json(500, "{\"error\":{\"message\":\"shadow broke\"}}");
    assertEquals(200, chat("full", false).statusCode());
    shadow.respond(req -> { }); // never answers
    long start = System.nanoTime();
    HttpResponse<String> r = chat("full", false);
    assertEquals(200, r.statusCode());
    assertTrue((System.nanoTime() - start) / 1_000_000 < 2_000, "the client does not wait for the shadow");
    assertEquals(2, primary.received().size(), "the primary is never retried because of the shadow");
    String requestId = r.headers().firstValue("x-request-id").orElseThrow();
    await(() -> {
      try {
        return shadowLines().stream().anyMatch(n -> n.get("shadow_of").asText().equals(requestId)
            && n.path("error").asText().equals("timeout"));
      } catch (Exception e) {
        return false;
      }
    }); // the shadow's own first-byte timeout (300 ms) ends it
  }

  /** 400 requests at 25%: about 100 copies (σ ≈ 8.7); accept 60–140. */
  @Test
  void shadowPercentSamplesRequests() throws Exception {
    for (int i = 0; i < 400; i++) {
      assertEquals(200, chat("sampled", false).statusCode());
    }
    Thread.sleep(200);
    int copies = shadow.received().size();
    assertTrue(copies >= 60 && copies <= 140, "copies: " + copies);
  }

  @Test
  void shadowTotalsAreInTheRoutingView() throws Exception {
    chat("full", false);
    await(() -> shadow.received().size() == 1);
    Thread.sleep(100);
    JsonNode full = JSON.readTree(Http.get(gateway.baseUrl().replace("/v1", "/admin/v1/routing"), TestGateway.ADMIN_KEY).body())
        .at("/models/0");
    JsonNode candidate = full.at("/deployments/1");
    assertEquals("candidate/llama-4-maverick", candidate.get("id").asText());
    assertTrue(candidate.get("shadow").asBoolean());
    assertEquals(100, candidate.get("shadow_percent").asInt());
    assertTrue(candidate.at("/totals/attempts").asLong() >= 1);
  }
}
