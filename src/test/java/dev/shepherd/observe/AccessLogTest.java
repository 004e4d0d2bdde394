package dev.shepherd.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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

/** One JSON line per exchange with what an operator needs, and never a secret or a body. */
class AccessLogTest {
  static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void linesCarryOutcomeAndUsageButNoSecretsOrBodies() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    List<String> lines;
    String key;
    try (FakeUpstream upstream = new FakeUpstream()) {
      upstream.json(200, Chunks.completion("upstream/real-model", "the answer"));
      try (TestGateway g = TestGateway.start(TestGateway.config(upstream.baseUrl(), TestGateway.RELAXED),
          new LineSink(out, 10, 1_000))) {
        key = g.key();
        Http.post(g.baseUrl() + "/chat/completions", key,
            "{\"model\":\"test-model\",\"messages\":[{\"role\":\"user\",\"content\":\"a private prompt\"}]}");
        Http.post(g.baseUrl() + "/chat/completions", key, "{\"model\":\"gpt-9\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}");
      }
      lines = out.toString(StandardCharsets.UTF_8).lines().toList();
    }
    assertEquals(2, lines.size(), lines.toString());
    JsonNode ok = JSON.readTree(lines.get(0));
    assertEquals(200, ok.get("status").asInt());
    assertEquals("OK", ok.get("outcome").asText());
    assertEquals("key_test", ok.get("key_id").asText());
    assertEquals("test-model", ok.get("model").asText());
    assertEquals("fake", ok.get("provider").asText());
    assertEquals(9, ok.get("prompt_tokens").asInt());
    assertEquals(3, ok.get("completion_tokens").asInt());
    assertTrue(ok.get("request_id").asText().startsWith("req_"));
    JsonNode notFound = JSON.readTree(lines.get(1));
    assertEquals(404, notFound.get("status").asInt());
    assertEquals("model_not_found", notFound.get("error").asText());
    String all = String.join("\n", lines);
    for (String secret : new String[] {key, "upstream-secret-key", "a private prompt", "the answer"}) {
      assertFalse(all.contains(secret), "access log must not contain: " + secret);
    }
  }
}
