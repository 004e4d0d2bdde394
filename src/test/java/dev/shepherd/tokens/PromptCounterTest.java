package dev.shepherd.tokens;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shepherd.api.openai.Endpoint;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** What each endpoint's prompt counts, per template (o200k exact; the estimate for the rest). */
class PromptCounterTest {
  private final Tokenizer o200k = TokenizerFiles.tokenizers().family("o200k");
  private final Tokenizer estimate = TokenizerFiles.tokenizers().family("estimate");

  private static byte[] json(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private long chat(String body, Tokenizer t) {
    return PromptCounter.count(Endpoint.CHAT, json(body), t);
  }

  @Test
  void openAiRule() {
    // 3 (priming) + 3 + "user" (1) + "Hello" (1)
    assertEquals(8, chat("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}", o200k));
    // a name: + its tokens + 1
    assertEquals(8 + 1 + 1, chat("{\"messages\":[{\"content\":\"Hello\",\"name\":\"bob\",\"role\":\"user\"}]}", o200k));
  }

  @Test
  void contentPartsAndImages() {
    long text = chat("{\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"Hello\"}]}]}", o200k);
    assertEquals(8, text);
    long image = chat("{\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"Hello\"},"
        + "{\"type\":\"image_url\",\"image_url\":{\"url\":\"data:image/png;base64,AAAA\"}}]}]}", o200k);
    assertEquals(8 + ChatReader.IMAGE_TOKENS, image);
    long low = chat("{\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"image_url\",\"image_url\":"
        + "{\"detail\":\"low\",\"url\":\"https://x/y.png\"}}]}]}", o200k);
    assertEquals(3 + 3 + 1 + ChatReader.LOW_DETAIL_IMAGE_TOKENS, low);
  }

  @Test
  void toolsAndToolCalls() {
    String call = "{\"messages\":[{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"c1\",\"type\":\"function\","
        + "\"function\":{\"name\":\"get_weather\",\"arguments\":\"{\\\"city\\\":\\\"Paris\\\"}\"}}]}]}";
    long n = chat(call, o200k);
    assertEquals(3 + 3 + 1 + o200k.count("get_weather") + o200k.count("{\"city\":\"Paris\"}"), n);
    String tool = "{\"type\":\"function\",\"function\":{\"name\":\"f\",\"parameters\":{\"type\":\"object\"}}}";
    long withTools = chat("{\"tools\":[" + tool + "],\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}", o200k);
    assertEquals(8 + OpenAiTemplate.TOOLS_END + OpenAiTemplate.PER_TOOL + o200k.count(tool), withTools);
  }

  @Test
  void chatMlAndLlamaTemplatesWithTheEstimateStillCountMarkers() {
    Tokenizer qwenEstimate = new EstimateTokenizer("qwen3");
    Tokenizer llamaEstimate = new EstimateTokenizer("llama3");
    String body = "{\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}";
    assertEquals(qwenEstimate.count("<|im_start|>user\nHello<|im_end|>\n") + qwenEstimate.count("<|im_start|>assistant\n"),
        chat(body, qwenEstimate));
    assertTrue(chat(body, llamaEstimate) > chat(body, o200k));
    assertTrue(chat(body, estimate) >= 1 + GenericTemplate.REPLY_PRIMING + GenericTemplate.PER_MESSAGE + 2);
  }

  @Test
  void qwenToolResultsShareOneUserTurn() {
    Tokenizer q = new EstimateTokenizer("qwen3");
    String body = "{\"messages\":[{\"role\":\"tool\",\"content\":\"a\"},{\"role\":\"tool\",\"content\":\"b\"}]}";
    long expected = q.count("<|im_start|>user\n<tool_response>\na\n</tool_response>")
        + q.count("\n<tool_response>\nb\n</tool_response>") + q.count("<|im_end|>\n") + q.count("<|im_start|>assistant\n");
    assertEquals(expected, chat(body, q));
  }

  @Test
  void completionsPrompts() {
    assertEquals(1, PromptCounter.count(Endpoint.COMPLETIONS, json("{\"model\":\"m\",\"prompt\":\"Hello\"}"), o200k));
    assertEquals(3, PromptCounter.count(Endpoint.COMPLETIONS, json("{\"prompt\":[\"Hello\",\"hello world\"]}"), o200k));
    assertEquals(4, PromptCounter.count(Endpoint.COMPLETIONS, json("{\"prompt\":[1,2,3,4]}"), o200k));
    assertEquals(5, PromptCounter.count(Endpoint.COMPLETIONS, json("{\"prompt\":[[1,2],[3,4,5]]}"), o200k));
    Tokenizer llama = new EstimateTokenizer("llama3");
    assertEquals(1 + llama.count("Hello"),
        PromptCounter.count(Endpoint.COMPLETIONS, json("{\"prompt\":\"Hello\"}"), llama)); // begin-of-text
  }

  @Test
  void embeddingsInputs() {
    assertEquals(2, PromptCounter.count(Endpoint.EMBEDDINGS, json("{\"input\":\"hello world\",\"model\":\"e\"}"), o200k));
    assertEquals(3, PromptCounter.count(Endpoint.EMBEDDINGS, json("{\"input\":[\"hello world\",\"x\"]}"), o200k));
    assertEquals(3, PromptCounter.count(Endpoint.EMBEDDINGS, json("{\"input\":[10,20,30]}"), o200k));
  }

  @Test
  void otherFieldsAreIgnored() {
    String base = "{\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]";
    assertEquals(chat(base + "}", o200k), chat(base + ",\"temperature\":0.2,\"metadata\":{\"a\":[1,{\"b\":2}]},"
        + "\"response_format\":{\"type\":\"json_object\"},\"stream\":true}", o200k));
  }
}
