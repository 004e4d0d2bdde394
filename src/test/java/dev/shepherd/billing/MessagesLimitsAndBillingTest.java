package dev.shepherd.billing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shepherd.testing.Chunks;
import dev.shepherd.testing.GatewayExtension;
import dev.shepherd.testing.Http;
import dev.shepherd.testing.TestGateway;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code /v1/messages} runs through the same pipeline as {@code /v1/chat/completions}: the same
 * rate limits (with the same headers, the refusal Anthropic-shaped) and the same credit holds and
 * charges, settled from the upstream's usage. test-model costs $1 / $2 per million input / output
 * tokens.
 */
class MessagesLimitsAndBillingTest {
  @RegisterExtension
  static final GatewayExtension env = new GatewayExtension();
  static final ObjectMapper JSON = new ObjectMapper();

  static String admin() {
    return env.gateway().baseUrl().replace("/v1", "/admin/v1");
  }

  static String key(String json) throws Exception {
    return JSON.readTree(Http.post(admin() + "/keys", TestGateway.ADMIN_KEY, json).body()).get("key").asText();
  }

  static HttpResponse<String> messages(String key, boolean stream) throws Exception {
    return Http.post(env.gateway().baseUrl() + "/messages", key, "{\"model\":\"test-model\",\"max_tokens\":10,\"stream\":"
        + stream + ",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
  }

  @Test
  void aRateLimitedKeyGetsAnAnthropicShaped429WithTheSameHeaders() throws Exception {
    env.upstream().json(200, Chunks.completion("upstream/real-model", "ok"));
    String key = key("{\"name\":\"rpm2\",\"rpm\":2}");
    for (int i = 0; i < 2; i++) {
      HttpResponse<String> ok = messages(key, false);
      assertEquals(200, ok.statusCode(), ok.body());
      assertEquals("2", ok.headers().firstValue("x-ratelimit-limit-requests").orElseThrow());
    }
    HttpResponse<String> refused = messages(key, false);
    assertEquals(429, refused.statusCode());
    JsonNode body = JSON.readTree(refused.body());
    assertEquals("error", body.get("type").asText());
    assertEquals("rate_limit_error", body.at("/error/type").asText());
    assertEquals("30", refused.headers().firstValue("retry-after").orElseThrow());
    long ms = Long.parseLong(refused.headers().firstValue("retry-after-ms").orElseThrow());
    assertTrue(ms > 25_000 && ms <= 30_000, "the next of two per minute refills in 30 s: " + ms);
    assertEquals("0", refused.headers().firstValue("x-ratelimit-remaining-requests").orElseThrow());
    assertEquals("true", refused.headers().firstValue("x-should-retry").orElseThrow());
  }

  @Test
  void aMeteredKeyIsChargedItsUsageForPlainAndStreamedMessages() throws Exception {
    String account = JSON.readTree(Http.post(admin() + "/accounts", TestGateway.ADMIN_KEY, "{\"name\":\"m\"}").body())
        .get("id").asText();
    String key = key("{\"name\":\"metered\",\"account_id\":\"" + account + "\"}");
    env.upstream().json(200, Chunks.completion("upstream/real-model", "ok")); // usage 9 + 3: 15 µ$
    HttpResponse<String> plain = messages(key, false);
    assertEquals(200, plain.statusCode(), plain.body());
    assertEquals(3, JSON.readTree(plain.body()).at("/usage/output_tokens").asLong());
    env.upstream().sse(Chunks.stream("upstream/real-model", 3), "\n\n"); // usage 11 + 3: 17 µ$
    HttpResponse<String> streamed = messages(key, true);
    assertEquals(200, streamed.statusCode());
    assertTrue(streamed.body().contains("event: message_stop"), streamed.body());
    JsonNode acct = JSON.readTree(Http.get(admin() + "/accounts/" + account, TestGateway.ADMIN_KEY).body());
    assertEquals("0.999968", acct.get("available").asText(), "$1.00 − 15 µ$ − 17 µ$");
    assertEquals("0.00", acct.get("held").asText());
  }
}
