package dev.shepherd.provider.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.errors.InternalServerException;
import com.openai.errors.RateLimitException;
import com.openai.helpers.ChatCompletionAccumulator;
import com.openai.models.FunctionDefinition;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.completions.Completion;
import com.openai.models.completions.CompletionCreateParams;
import com.openai.models.embeddings.CreateEmbeddingResponse;
import com.openai.models.embeddings.EmbeddingCreateParams;
import dev.shepherd.config.SimulatorSettings;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The official OpenAI Java SDK, as a strict client, accepts everything the simulator sends. */
class OpenAiSdkTest extends SimTestSupport {

  OpenAIClient client;

  @BeforeEach
  void client() {
    client = OpenAIOkHttpClient.builder().baseUrl(sim.baseUrl()).apiKey("sk-simulated").maxRetries(0).build();
  }

  @AfterEach
  void closeClient() {
    client.close();
  }

  ChatCompletionCreateParams.Builder chat(String text) {
    return ChatCompletionCreateParams.builder().model("gpt-4o-mini").addSystemMessage("sys").addUserMessage(text);
  }

  @Test
  void chatCompletionValidates() {
    ChatCompletion c = client.chat().completions().create(chat("echo: hello sdk").build()).validate();
    assertEquals("hello sdk", c.choices().getFirst().message().content().orElseThrow());
    assertEquals(ChatCompletion.Choice.FinishReason.STOP, c.choices().getFirst().finishReason());
    assertEquals(2, c.usage().orElseThrow().completionTokens());
    assertEquals("fp_shepherd_sim", c.systemFingerprint().orElseThrow());
  }

  @Test
  void streamAccumulatesWithUsage() {
    ChatCompletionAccumulator acc = ChatCompletionAccumulator.create();
    ChatCompletionCreateParams params = chat("hi").maxCompletionTokens(5)
        .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build();
    try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(params)) {
      stream.stream().forEach(chunk -> acc.accumulate(chunk.validate()));
    }
    ChatCompletion c = acc.chatCompletion();
    assertEquals("Lorem ipsum dolor sit amet", c.choices().getFirst().message().content().orElseThrow());
    assertEquals(ChatCompletion.Choice.FinishReason.LENGTH, c.choices().getFirst().finishReason());
    assertEquals(5, c.usage().orElseThrow().completionTokens());
  }

  @Test
  void toolCallStreamAccumulates() {
    ChatCompletionCreateParams params = chat("call_tool please")
        .addFunctionTool(FunctionDefinition.builder().name("lookup").build()).build();
    ChatCompletionAccumulator acc = ChatCompletionAccumulator.create();
    try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(params)) {
      stream.stream().forEach(chunk -> acc.accumulate(chunk.validate()));
    }
    var call = acc.chatCompletion().choices().getFirst().message().toolCalls().orElseThrow().getFirst().asFunction();
    assertEquals("lookup", call.function().name());
    assertEquals("{}", call.function().arguments());
    assertTrue(call.id().startsWith("call_sim"));
    ChatCompletion plain = client.chat().completions().create(params).validate();
    assertEquals(ChatCompletion.Choice.FinishReason.TOOL_CALLS, plain.choices().getFirst().finishReason());
  }

  @Test
  void embeddingsDecodeInBothFormats() {
    CreateEmbeddingResponse sdkDefault = client.embeddings()
        .create(EmbeddingCreateParams.builder().model("text-embedding-3-small").input("hello").build()).validate();
    CreateEmbeddingResponse floats = client.embeddings().create(EmbeddingCreateParams.builder()
        .model("text-embedding-3-small").input("hello").encodingFormat(EmbeddingCreateParams.EncodingFormat.FLOAT).build());
    List<Float> a = sdkDefault.data().getFirst().embedding();
    assertEquals(64, a.size());
    assertEquals(a, floats.data().getFirst().embedding());
  }

  @Test
  void legacyCompletionValidates() {
    Completion c = client.completions()
        .create(CompletionCreateParams.builder().model("gpt-3.5-turbo-instruct").prompt("hi").maxTokens(3L).build())
        .validate();
    assertEquals("Lorem ipsum dolor", c.choices().getFirst().text());
  }

  @Test
  void injectedErrorsMapToSdkExceptions() {
    RateLimitException limited = assertThrows(RateLimitException.class, () -> client.chat().completions()
        .create(chat("hi").putAdditionalHeader("x-sim-fault", "rate_limit").build()));
    assertEquals(429, limited.statusCode());
    assertEquals("rate_limit_exceeded", limited.code().orElseThrow());
    sim.settings(new SimulatorSettings(0, 0, 16, 1, 500, 0, 1, 0, 0, 64));
    assertThrows(InternalServerException.class, () -> client.chat().completions().create(chat("hi").build()));
  }
}
