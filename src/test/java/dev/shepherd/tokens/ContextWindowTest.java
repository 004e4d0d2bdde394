package dev.shepherd.tokens;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shepherd.testing.Chunks;
import dev.shepherd.testing.FakeUpstream;
import dev.shepherd.testing.Http;
import dev.shepherd.testing.TestGateway;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Prompts that cannot fit are refused before any upstream call (or, with clamping, sent with a
 * lowered max_tokens); the count is exposed as a header and at {@code POST /v1/tokenize}.
 */
class ContextWindowTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static FakeUpstream upstream;
  static TestGateway gateway;

  @BeforeAll
  static void start() throws Exception {
    upstream = new FakeUpstream();
    gateway = TestGateway.start("""
        server: {port: 0, event_loops: 2}
        store: {url: "STORE_URL"}
        providers:
          - {name: fake, kind: openai, base_url: "%s", api_key: k}
        models:
          - id: gpt-4o-32k
            context_window: 32768
            price: {input_per_mtok: 1, output_per_mtok: 2}
            deployments: [{provider: fake}]
          - id: clamped
            context_window: 32768
            tokenizer: o200k
            price: {input_per_mtok: 1, output_per_mtok: 2}
            deployments: [{provider: fake}]
        """.formatted(upstream.baseUrl()));
  }

  @AfterAll
  static void stop() throws Exception {
    gateway.close();
    upstream.close();
  }

  @BeforeEach
  void reset() {
    upstream.json(200, Chunks.completion("m", "ok"));
    upstream.received().clear();
  }

  static String chat(String model, String content, Integer maxTokens) {
    return "{\"model\":\"" + model + "\"" + (maxTokens == null ? "" : ",\"max_tokens\":" + maxTokens)
        + ",\"messages\":[{\"role\":\"user\",\"content\":\"" + content + "\"}]}";
  }

  @Test
  void aFortyThousandTokenPromptAgainstA32kModelIs400AndNeverSent() throws Exception {
    String prompt = "hello ".repeat(40_000);
    HttpResponse<String> r = Http.post(gateway.baseUrl() + "/chat/completions", gateway.key(), chat("gpt-4o-32k", prompt, null));
    assertEquals(400, r.statusCode(), r.body());
    JsonNode error = JSON.readTree(r.body()).get("error");
    assertEquals("context_length_exceeded", error.get("code").asText());
    assertTrue(error.get("message").asText().contains("32768"), error.toString());
    assertTrue(error.get("message").asText().matches(".*4000[0-9] tokens.*"), error.toString());
    assertEquals(0, upstream.received().size(), "the upstream saw nothing");
  }

  @Test
  void promptPlusMaxTokensOverTheWindowIs400WithTheNumbers() throws Exception {
    HttpResponse<String> r = Http.post(gateway.baseUrl() + "/chat/completions", gateway.key(),
        chat("gpt-4o-32k", "hello ".repeat(2_000), 31_000));
    assertEquals(400, r.statusCode());
    String message = JSON.readTree(r.body()).at("/error/message").asText();
    assertTrue(message.contains("31000 for the completion"), message);
    assertEquals("max_tokens", JSON.readTree(r.body()).at("/error/param").asText());
    assertEquals(0, upstream.received().size());
  }

  @Test
  void thePromptCountIsAResponseHeader() throws Exception {
    HttpResponse<String> r = Http.post(gateway.baseUrl() + "/chat/completions", gateway.key(), chat("gpt-4o-32k", "hi", 10));
    assertEquals(200, r.statusCode());
    // o200k: "user" and "hi" are 1 token each; 3 per message + 3 priming (OpenAI's cookbook accounting).
    assertEquals("8", r.headers().firstValue("x-shepherd-prompt-tokens").orElseThrow());
  }

  @Test
  void tokenizeCountsWithoutCallingTheUpstream() throws Exception {
    HttpResponse<String> r = Http.post(gateway.baseUrl() + "/tokenize", gateway.key(), chat("gpt-4o-32k", "hi", null));
    assertEquals(200, r.statusCode(), r.body());
    JsonNode n = JSON.readTree(r.body());
    assertEquals(8, n.get("prompt_tokens").asInt());
    assertEquals("o200k", n.get("tokenizer").asText());
    assertTrue(n.get("exact").asBoolean());
    assertEquals(32768, n.get("context_window").asInt());
    HttpResponse<String> input = Http.post(gateway.baseUrl() + "/tokenize", gateway.key(),
        "{\"model\":\"gpt-4o-32k\",\"input\":\"hello world\"}");
    assertEquals(2, JSON.readTree(input.body()).get("prompt_tokens").asInt());
    assertEquals(0, upstream.received().size());
    assertEquals(401, Http.post(gateway.baseUrl() + "/tokenize", "sk-shp-wrong", chat("gpt-4o-32k", "hi", null)).statusCode());
    assertEquals(404, Http.post(gateway.baseUrl() + "/tokenize", gateway.key(), chat("nope", "hi", null)).statusCode());
  }

  @Test
  void withClampingMaxTokensIsLoweredToWhatFits() throws Exception {
    gateway.rewriteConfig(java.nio.file.Files.readString(gateway.configFile())
        .replace("providers:", "limits: {clamp_max_tokens: true}\nproviders:"));
    assertEquals(200, Http.send("POST", gateway.baseUrl().replace("/v1", "/admin/v1/reload"), TestGateway.ADMIN_KEY, null).statusCode());
    try {
      HttpResponse<String> r = Http.post(gateway.baseUrl() + "/chat/completions", gateway.key(),
          chat("clamped", "hello ".repeat(2_000), 31_000));
      assertEquals(200, r.statusCode(), r.body());
      long prompt = Long.parseLong(r.headers().firstValue("x-shepherd-prompt-tokens").orElseThrow());
      String sent = upstream.last().body();
      assertTrue(sent.contains("\"max_tokens\":" + (32768 - prompt)), sent.substring(0, 60));
    } finally {
      gateway.rewriteConfig(java.nio.file.Files.readString(gateway.configFile())
          .replace("limits: {clamp_max_tokens: true}\n", ""));
      Http.send("POST", gateway.baseUrl().replace("/v1", "/admin/v1/reload"), TestGateway.ADMIN_KEY, null);
    }
  }
}
