package dev.shepherd.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shepherd.testing.Chunks;
import dev.shepherd.testing.Http;
import dev.shepherd.testing.TranslatedGateway;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The OpenAI path's guarantees hold for translated upstreams: failover before the first byte
 * (529 overloaded, an error event before content), cooldowns from Retry-After (a header, or
 * Gemini's retryDelay), a stream that breaks after its first byte ending with an error event in
 * the client's protocol, unsupported parameters refused by name unless the deployment drops them.
 */
class TranslatedFailoverTest {
  @RegisterExtension
  static final TranslatedGateway env = new TranslatedGateway();
  static final ObjectMapper JSON = new ObjectMapper();

  static String chat(String model, boolean stream, String extra) {
    return "{\"model\":\"" + model + "\",\"stream\":" + stream + extra
        + ",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
  }

  static HttpResponse<String> post(String body) throws Exception {
    return Http.post(env.gateway().baseUrl() + "/chat/completions", env.gateway().key(), body,
        "x-shepherd-route-trace", "1");
  }

  static JsonNode json(HttpResponse<String> r) throws Exception {
    return JSON.readTree(r.body());
  }

  @Test
  void overloadedClaudeFailsOverToTheNextDeployment() throws Exception {
    env.anthropic().status(529, "overloaded_error", -1);
    HttpResponse<String> r = post(chat("claude-then-openai", false, ""));
    assertEquals(200, r.statusCode(), r.body());
    assertEquals("hello from the relay", json(r).at("/choices/0/message/content").asText());
    String trace = r.headers().firstValue("x-shepherd-route-trace").orElseThrow();
    assertTrue(trace.contains("claude-api/claude-sonnet-4-5:529"), trace);
  }

  @Test
  void anErrorEventBeforeContentFailsOver() throws Exception {
    env.anthropic().errorBeforeContent();
    env.openai().sse(Chunks.stream("relay-model", 2), "\n\n");
    HttpResponse<String> r = post(chat("claude-then-openai", true, ""));
    assertEquals(200, r.statusCode(), r.body());
    assertTrue(r.body().contains("w0 ") && r.body().endsWith("data: [DONE]\n\n"), r.body());
    assertFalse(r.body().contains("overloaded"), r.body());
  }

  @Test
  void aStreamBrokenAfterItsFirstByteEndsWithAnErrorEvent() throws Exception {
    env.anthropic().errorAfterContent();
    HttpResponse<String> r = post(chat("claude", true, ""));
    assertEquals(200, r.statusCode());
    List<String> data = Http.dataEvents(r.body());
    assertTrue(data.stream().anyMatch(d -> d.contains("\"one\"")), r.body());
    assertTrue(data.getLast().startsWith("{\"error\""), r.body());
    assertFalse(r.body().contains("[DONE]"));

    env.anthropic().cutAfterContent();
    HttpResponse<String> cut = post(chat("claude", true, ""));
    assertTrue(Http.dataEvents(cut.body()).getLast().startsWith("{\"error\""), cut.body());
    assertFalse(cut.body().contains("[DONE]"));

    env.gemini().errorAfterContent();
    HttpResponse<String> g = post(chat("gemini", true, ""));
    assertTrue(Http.dataEvents(g.body()).getLast().startsWith("{\"error\""), g.body());
    assertFalse(g.body().contains("10.0.0.1"), "upstream internals never reach the client");
  }

  @Test
  void anAnthropicClientSeesAnAnthropicErrorEvent() throws Exception {
    env.anthropic().errorAfterContent();
    HttpResponse<String> r = Http.post(env.gateway().baseUrl() + "/messages", env.gateway().key(),
        "{\"model\":\"claude\",\"max_tokens\":20,\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
    assertEquals(200, r.statusCode());
    assertTrue(r.body().startsWith("event: message_start\n"), r.body());
    assertTrue(r.body().endsWith("event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\","
        + "\"message\":\"" + JSON.readTree(Http.dataEvents(r.body()).getLast()).at("/error/message").asText() + "\"}}\n\n"),
        r.body());
    assertFalse(r.body().contains("message_stop"));
  }

  @Test
  void rateLimitsCoolTheDeploymentDown() throws Exception {
    env.anthropic().status(429, "rate_limit_error", 7);
    HttpResponse<String> r = post(chat("claude", false, ""));
    assertEquals(429, r.statusCode(), r.body());
    assertEquals("7", r.headers().firstValue("retry-after").orElseThrow());
    int calls = env.anthropic().received().size();
    HttpResponse<String> again = post(chat("claude", false, ""));
    assertEquals(429, again.statusCode());
    assertEquals(calls, env.anthropic().received().size(), "a cooling deployment is not called");

    env.gemini().status(429, "RESOURCE_EXHAUSTED", 5);
    HttpResponse<String> g = post(chat("gemini", false, ""));
    assertEquals(429, g.statusCode(), g.body());
    assertEquals("5", g.headers().firstValue("retry-after").orElseThrow(), "Gemini's retryDelay");
    assertFalse(g.body().contains("project 1234"));
  }

  @Test
  void upstreamErrorsMapLikeTheOpenAiPath() throws Exception {
    env.anthropic().status(400, "invalid_request_error", -1);
    HttpResponse<String> bad = post(chat("claude", false, ""));
    assertEquals(400, bad.statusCode());
    assertEquals("upstream_rejected", json(bad).at("/error/code").asText());
    env.anthropic().status(401, "authentication_error", -1);
    HttpResponse<String> auth = post(chat("claude", false, ""));
    assertEquals(502, auth.statusCode());
    assertFalse(auth.body().contains("10.1.2.3"), auth.body());
  }

  @Test
  void unsupportedParametersAreRefusedByNameUnlessDropped() throws Exception {
    int calls = env.anthropic().received().size();
    HttpResponse<String> r = post(chat("claude", false, ",\"logprobs\":true,\"top_logprobs\":2"));
    assertEquals(400, r.statusCode(), r.body());
    assertEquals("unsupported_parameter", json(r).at("/error/code").asText());
    assertTrue(List.of("logprobs", "top_logprobs").contains(json(r).at("/error/param").asText()), r.body());
    assertEquals(calls, env.anthropic().received().size(), "nothing was sent upstream");
    HttpResponse<String> dropped = post(chat("claude-drops", false, ",\"logprobs\":true,\"top_logprobs\":2"));
    assertEquals(200, dropped.statusCode(), dropped.body());
    assertFalse(env.anthropic().last().body().contains("logprobs"));
  }
}
