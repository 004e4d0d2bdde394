package dev.shepherd.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.errors.BadRequestException;
import com.openai.errors.NotFoundException;
import com.openai.errors.UnauthorizedException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.completions.Completion;
import com.openai.models.completions.CompletionCreateParams;
import com.openai.models.embeddings.CreateEmbeddingResponse;
import com.openai.models.embeddings.EmbeddingCreateParams;
import com.openai.models.models.Model;
import dev.shepherd.testing.GatewayExtension;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The official openai-java SDK, unchanged but for base URL and key, against the gateway (backed
 * by the simulator), with strict response validation.
 */
class OpenAiSdkTest {
  @RegisterExtension
  static final GatewayExtension env = new GatewayExtension();
  static OpenAIClient client;

  @BeforeAll
  static void start() throws Exception {
    client = sdk(env.gateway().key());
  }

  @AfterAll
  static void stop() {
    client.close();
  }

  static OpenAIClient sdk(String key) {
    return OpenAIOkHttpClient.builder().baseUrl(env.gateway().baseUrl()).apiKey(key)
        .responseValidation(true).maxRetries(0).build();
  }

  static ChatCompletionCreateParams.Builder chat() {
    return ChatCompletionCreateParams.builder().model("sim-model").addSystemMessage("be brief")
        .addUserMessage("Say hello").maxCompletionTokens(8);
  }

  @Test
  void chatCompletion() {
    ChatCompletion c = client.chat().completions().create(chat().build());
    assertEquals(1, c.choices().size());
    assertFalse(c.choices().getFirst().message().content().orElseThrow().isBlank());
    assertTrue(c.usage().orElseThrow().completionTokens() > 0);
  }

  @Test
  void chatStreamMatchesNonStreamAndHidesUsageUnlessAsked() {
    String whole = client.chat().completions().create(chat().build()).choices().getFirst().message().content().orElseThrow();
    List<ChatCompletionChunk> chunks = new ArrayList<>();
    try (StreamResponse<ChatCompletionChunk> s = client.chat().completions().createStreaming(chat().build())) {
      s.stream().forEach(chunks::add);
    }
    StringBuilder text = new StringBuilder();
    chunks.forEach(ch -> ch.choices().forEach(c -> c.delta().content().ifPresent(text::append)));
    assertEquals(whole, text.toString());
    assertTrue(chunks.stream().noneMatch(ch -> ch.usage().isPresent()), "no usage chunk unless asked");

    List<ChatCompletionChunk> withUsage = new ArrayList<>();
    try (StreamResponse<ChatCompletionChunk> s = client.chat().completions().createStreaming(chat()
        .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build())) {
      s.stream().forEach(withUsage::add);
    }
    assertTrue(withUsage.getLast().usage().orElseThrow().totalTokens() > 0);
    assertTrue(withUsage.getLast().choices().isEmpty());
  }

  @Test
  void embeddingsFloatAndBase64Agree() {
    EmbeddingCreateParams.Builder p = EmbeddingCreateParams.builder().model("sim-model").input("the same text");
    CreateEmbeddingResponse floats = client.embeddings().create(p.encodingFormat(EmbeddingCreateParams.EncodingFormat.FLOAT).build());
    CreateEmbeddingResponse b64 = client.embeddings().create(p.encodingFormat(EmbeddingCreateParams.EncodingFormat.BASE64).build());
    List<Float> expected = floats.data().getFirst().embedding();
    var value = b64.data().getFirst().embeddingValue();
    List<Float> decoded = value.isBase64() ? decode(value.asBase64()) : value.asFloats();
    assertEquals(expected, decoded);
    assertTrue(expected.size() > 1);
  }

  static List<Float> decode(String base64) {
    ByteBuffer bb = ByteBuffer.wrap(Base64.getDecoder().decode(base64)).order(ByteOrder.LITTLE_ENDIAN);
    List<Float> out = new ArrayList<>();
    while (bb.remaining() >= 4) {
      out.add(bb.getFloat());
    }
    return out;
  }

  @Test
  void legacyCompletionsAndModels() {
    Completion c = client.completions().create(CompletionCreateParams.builder()
        .model(CompletionCreateParams.Model.of("sim-model")).prompt("Once upon").maxTokens(5).build());
    assertFalse(c.choices().getFirst().text().isEmpty());
    List<String> ids = new ArrayList<>();
    client.models().list().autoPager().forEach(m -> ids.add(m.id()));
    assertTrue(ids.containsAll(List.of("test-model", "sim-model", "offline-model")));
    Model m = client.models().retrieve("sim-model");
    assertEquals("sim-model", m.id());
  }

  @Test
  void errorClasses() {
    OpenAIClient wrong = sdk("sk-shp-wrong");
    assertThrows(UnauthorizedException.class, () -> wrong.chat().completions().create(chat().build()));
    wrong.close();
    NotFoundException nf = assertThrows(NotFoundException.class,
        () -> client.chat().completions().create(chat().model("no-such-model").build()));
    assertEquals(404, nf.statusCode());
    BadRequestException br = assertThrows(BadRequestException.class,
        () -> client.chat().completions().create(chat().temperature(9.0).build()));
    assertTrue(br.getMessage().contains("temperature"));
  }
}
