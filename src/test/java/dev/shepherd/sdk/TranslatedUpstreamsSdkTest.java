package dev.shepherd.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.helpers.ChatCompletionAccumulator;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import dev.shepherd.testing.AnthropicFake;
import dev.shepherd.testing.GeminiFake;
import dev.shepherd.testing.TranslatedGateway;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The official openai-java SDK, with strict response validation, reaching Claude and Gemini through
 * the gateway: each upstream is a fake that checks the request it receives (headers and body shape)
 * and answers in its own protocol; the SDK must not notice.
 */
class TranslatedUpstreamsSdkTest {
  @RegisterExtension
  static final TranslatedGateway env = new TranslatedGateway();
  static final ObjectMapper JSON = new ObjectMapper();
  static OpenAIClient client;

  @BeforeAll
  static void start() {
    client = OpenAIOkHttpClient.builder().baseUrl(env.gateway().baseUrl()).apiKey(env.gateway().key())
        .responseValidation(true).maxRetries(0).build();
  }

  @AfterAll
  static void stop() {
    client.close();
  }

  static ChatCompletionCreateParams.Builder chat(String model) {
    return ChatCompletionCreateParams.builder().model(model).addSystemMessage("be brief").addUserMessage("Say hello");
  }

  static ChatCompletionCreateParams.Builder weather(String model) {
    return chat(model).addFunctionTool(FunctionDefinition.builder().name("get_weather").description("Weather now")
        .parameters(FunctionParameters.builder().putAdditionalProperty("type", JsonValue.from("object"))
            .putAdditionalProperty("properties", JsonValue.from(Map.of("city", Map.of("type", "string")))).build())
        .build());
  }

  static ChatCompletion streamed(ChatCompletionCreateParams params) {
    ChatCompletionAccumulator acc = ChatCompletionAccumulator.create();
    try (StreamResponse<ChatCompletionChunk> s = client.chat().completions().createStreaming(params)) {
      s.stream().forEach(acc::accumulate);
    }
    return acc.chatCompletion();
  }

  static JsonNode lastBody(List<dev.shepherd.testing.FakeUpstream.Received> received) throws Exception {
    return JSON.readTree(received.getLast().body());
  }

  @Test
  void claudeAnswersAnOpenAiClient() throws Exception {
    ChatCompletion c = client.chat().completions().create(chat("claude").build());
    assertEquals("Hello from Claude", c.choices().getFirst().message().content().orElseThrow());
    assertEquals(ChatCompletion.Choice.FinishReason.STOP, c.choices().getFirst().finishReason());
    assertEquals("claude", c.model());
    assertEquals(AnthropicFake.INPUT_TOKENS, c.usage().orElseThrow().promptTokens());
    assertEquals(4, c.usage().orElseThrow().completionTokens());
    JsonNode sent = lastBody(env.anthropic().received());
    assertEquals("claude-sonnet-4-5", sent.get("model").asText());
    assertEquals(4096, sent.get("max_tokens").asLong(), "the provider's default_max_tokens");
    assertEquals("be brief", sent.get("system").isTextual() ? sent.get("system").asText()
        : sent.get("system").get(0).get("text").asText());
    assertEquals("2023-06-01", env.anthropic().last().header("anthropic-version"));
  }

  @Test
  void claudeStreamsWithUsageWhenAsked() {
    ChatCompletion c = streamed(chat("claude").streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build())
        .maxCompletionTokens(50).build());
    assertEquals("Hello from Claude", c.choices().getFirst().message().content().orElseThrow());
    assertEquals(AnthropicFake.INPUT_TOKENS + 4, c.usage().orElseThrow().totalTokens());
    List<ChatCompletionChunk> chunks = new ArrayList<>();
    try (StreamResponse<ChatCompletionChunk> s = client.chat().completions().createStreaming(chat("claude").build())) {
      s.stream().forEach(chunks::add);
    }
    assertTrue(chunks.stream().noneMatch(ch -> ch.usage().isPresent()), "no usage chunk unless asked");
  }

  @Test
  void claudeToolCallArgumentsStreamAsDeltas() throws Exception {
    env.anthropic().toolUse("get_weather", List.of("{\"city\":", " \"Par", "is\"}"));
    ChatCompletion c = streamed(weather("claude").build());
    var call = c.choices().getFirst().message().toolCalls().orElseThrow().getFirst().asFunction();
    assertEquals("get_weather", call.function().name());
    assertEquals("{\"city\": \"Paris\"}", call.function().arguments());
    assertEquals(ChatCompletion.Choice.FinishReason.TOOL_CALLS, c.choices().getFirst().finishReason());
    assertEquals("get_weather", lastBody(env.anthropic().received()).at("/tools/0/name").asText());
    ChatCompletion whole = client.chat().completions().create(weather("claude").build());
    assertEquals("{\"city\": \"Paris\"}".replace(" ", ""),
        whole.choices().getFirst().message().toolCalls().orElseThrow().getFirst().asFunction().function().arguments()
            .replace(" ", ""));
  }

  @Test
  void geminiAnswersAndStreams() throws Exception {
    ChatCompletion c = client.chat().completions().create(chat("gemini").build());
    assertEquals("Hello from Gemini", c.choices().getFirst().message().content().orElseThrow());
    assertEquals(GeminiFake.PROMPT_TOKENS, c.usage().orElseThrow().promptTokens());
    assertEquals("/v1/models/gemini-2.5-flash:generateContent", env.gemini().last().path());
    assertFalse(lastBody(env.gemini().received()).has("model"));
    ChatCompletion s = streamed(chat("gemini").streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build())
        .build());
    assertEquals("Hello from Gemini", s.choices().getFirst().message().content().orElseThrow());
    assertEquals(GeminiFake.PROMPT_TOKENS + 4, s.usage().orElseThrow().totalTokens());
    assertEquals("/v1/models/gemini-2.5-flash:streamGenerateContent?alt=sse", env.gemini().last().uri());
  }

  @Test
  void geminiFunctionCalls() {
    env.gemini().functionCall("get_weather", "{\"city\":\"Paris\"}");
    ChatCompletion s = streamed(weather("gemini").build());
    var call = s.choices().getFirst().message().toolCalls().orElseThrow().getFirst().asFunction();
    assertEquals("get_weather", call.function().name());
    assertEquals("{\"city\":\"Paris\"}", call.function().arguments().replace(" ", ""));
    assertEquals(ChatCompletion.Choice.FinishReason.TOOL_CALLS, s.choices().getFirst().finishReason());
    ChatCompletion c = client.chat().completions().create(weather("gemini").build());
    assertEquals("get_weather",
        c.choices().getFirst().message().toolCalls().orElseThrow().getFirst().asFunction().function().name());
  }
}
