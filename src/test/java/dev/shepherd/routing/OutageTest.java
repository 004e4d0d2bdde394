package dev.shepherd.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shepherd.observe.LineSink;
import dev.shepherd.testing.FakeUpstream;
import dev.shepherd.testing.Http;
import dev.shepherd.testing.MutableClock;
import dev.shepherd.testing.TestGateway;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A full outage (every deployment fails) must not be amplified: with breakers kept closed (so
 * only the budget limits), 300 client requests over three deployments and {@code max_attempts: 3}
 * would be 900 upstream calls; the 20% retry budget holds them to at most 360.
 */
class OutageTest {
  static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void theRetryBudgetCapsAmplification() throws Exception {
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    List<FakeUpstream> ups = List.of(new FakeUpstream(), new FakeUpstream(), new FakeUpstream());
    ups.forEach(u -> u.json(500, "{\"error\":{\"message\":\"down\"}}"));
    String yaml = """
        server: {port: 0, event_loops: 2}
        store: {url: "STORE_URL"}
        routing:
          max_attempts: 3
          retry_budget: {ratio: 0.2, min_per_second: 0}
          breaker: {minimum_requests: 100000}
        providers:
          - {name: a, kind: openai, base_url: "%s", api_key: k}
          - {name: b, kind: openai, base_url: "%s", api_key: k}
          - {name: c, kind: openai, base_url: "%s", api_key: k}
        models:
          - id: m
            context_window: 32768
            price: {input_per_mtok: 1, output_per_mtok: 2}
            deployments: [{provider: a}, {provider: b}, {provider: c}]
        """.formatted(ups.get(0).baseUrl(), ups.get(1).baseUrl(), ups.get(2).baseUrl());
    int n = 300;
    try (TestGateway g = TestGateway.start(yaml, new LineSink(log, 10, 10_000), new MutableClock(5_000_000))) {
      for (int i = 0; i < n; i++) {
        assertEquals(502, Http.post(g.baseUrl() + "/chat/completions", g.key(),
            "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}").statusCode());
      }
    } finally {
      for (FakeUpstream u : ups) {
        u.close();
      }
    }
    int calls = ups.stream().mapToInt(u -> u.received().size()).sum();
    assertTrue(calls >= n && calls <= n + n / 5, "upstream calls: " + calls + " for " + n + " requests");
    List<JsonNode> lines = log.toString(StandardCharsets.UTF_8).lines().map(OutageTest::parse).toList();
    assertEquals(n, lines.size());
    int attempts = lines.stream().mapToInt(l -> l.get("attempts").size()).sum();
    assertEquals(calls, attempts, "the access log records every attempt");
    assertTrue(lines.stream().anyMatch(l -> l.path("skipped").toString().contains("retry_budget")),
        "requests stopped by the budget say so");
  }

  static JsonNode parse(String line) {
    try {
      return JSON.readTree(line);
    } catch (Exception e) {
      throw new AssertionError(line, e);
    }
  }
}
