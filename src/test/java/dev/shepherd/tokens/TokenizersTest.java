package dev.shepherd.tokens;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shepherd.config.LimitValues;
import dev.shepherd.config.ModelConfig;
import dev.shepherd.config.Price;
import dev.shepherd.config.Sticky;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Family inference, the registry's fallbacks, and its errors. */
class TokenizersTest {
  private static final Tokenizers NO_FILES = Tokenizers.load(Map.of());

  private static ModelConfig model(String id, String tokenizer) {
    Price free = new Price(BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO);
    return new ModelConfig(id, "test", 32_768, free, null, "", List.of(), Sticky.NONE, LimitValues.NONE, tokenizer,
        java.time.Instant.EPOCH, List.of());
  }

  @Test
  void inferenceFromModelId() {
    Map<String, String> expected = Map.ofEntries(
        Map.entry("gpt-4o", "o200k"), Map.entry("gpt-4o-mini-2024-07-18", "o200k"), Map.entry("gpt-4.1", "o200k"),
        Map.entry("gpt-4.1-nano", "o200k"), Map.entry("gpt-5-mini", "o200k"), Map.entry("o1-preview", "o200k"),
        Map.entry("o3-mini", "o200k"), Map.entry("o4-mini", "o200k"), Map.entry("openai/gpt-4o", "o200k"),
        Map.entry("GPT-4O", "o200k"), Map.entry("gpt-4", "cl100k"), Map.entry("gpt-4-turbo", "cl100k"),
        Map.entry("gpt-4-32k-0613", "cl100k"), Map.entry("gpt-3.5-turbo", "cl100k"),
        Map.entry("qwen3-72b-instruct", "qwen3"), Map.entry("Qwen/Qwen2.5-7B-Instruct", "qwen3"),
        Map.entry("llama-4-scout-17b-16e-instruct", "llama4"), Map.entry("meta-llama/Llama4-Maverick", "llama4"),
        Map.entry("meta-llama/Llama-3.1-8B-Instruct", "llama3"), Map.entry("llama3.3-70b", "llama3"),
        Map.entry("llama-2-7b-chat", "estimate"), Map.entry("claude-sonnet-4.5", "estimate"),
        Map.entry("gemini-2.5-flash", "estimate"), Map.entry("deepseek-v3.2", "estimate"),
        Map.entry("shepherd-sim", "estimate"), Map.entry("", "estimate"));
    expected.forEach((id, family) -> assertEquals(family, Family.infer(id).id(), id));
  }

  @Test
  void forModelUsesTheConfiguredFamilyFirst() {
    assertEquals("o200k", NO_FILES.forModel(model("gpt-4.1", "")).family());
    assertEquals("cl100k", NO_FILES.forModel(model("gpt-4.1", "cl100k")).family());
    assertEquals("o200k", NO_FILES.forModel(model("my-finetune", "o200k")).family());
    assertEquals("estimate", NO_FILES.forModel(model("claude-sonnet-4.5", "")).family());
  }

  @Test
  void aFamilyWithoutItsFileIsAnEstimateUnderItsOwnName() {
    for (String family : List.of("qwen3", "llama3", "llama4")) {
      Tokenizer t = NO_FILES.family(family);
      assertEquals(family, t.family());
      assertFalse(t.exact(), family);
    }
    Tokenizer qwen = NO_FILES.forModel(model("qwen3-72b-instruct", ""));
    assertEquals("qwen3", qwen.family());
    assertFalse(qwen.exact());
    assertFalse(NO_FILES.family("estimate").exact());
    assertTrue(NO_FILES.family("o200k").exact());
  }

  @Test
  void builtInsAreSharedAcrossLoads() {
    assertSame(NO_FILES.family("o200k"), Tokenizers.load(Map.of()).family("o200k"));
  }

  @Test
  void unknownFamilyName() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NO_FILES.family("gpt2"));
    assertEquals("family: gpt2 (expected: one of o200k, cl100k, qwen3, llama3, llama4, estimate)", e.getMessage());
  }

  @Test
  void filesOnlyForFamiliesThatTakeThem() {
    TokenizerException e = assertThrows(TokenizerException.class, () -> Tokenizers.load(Map.of("o200k", "/x.json")));
    assertEquals("tokenizers: \"o200k\" (expected: one of qwen3, llama3, llama4)", e.getMessage());
  }

  @Test
  void missingFileNamesFamilyAndPath() {
    TokenizerException e = assertThrows(TokenizerException.class,
        () -> Tokenizers.load(Map.of("llama4", "/nonexistent/tokenizer.json")));
    assertEquals("tokenizer llama4 (/nonexistent/tokenizer.json): no such file", e.getMessage());
  }

  @Test
  void familyNames() {
    assertEquals(List.of("o200k", "cl100k", "qwen3", "llama3", "llama4", "estimate"), Family.names());
    assertEquals(List.of("qwen3", "llama3", "llama4"), Family.fileNames());
  }
}
