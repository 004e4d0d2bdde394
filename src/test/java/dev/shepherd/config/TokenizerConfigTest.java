package dev.shepherd.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code models[].tokenizer} and the top-level {@code tokenizers} files. */
class TokenizerConfigTest {
  private static String model(String tokenizer) {
    return "providers: [{name: sim, kind: simulator}]\n"
        + "models:\n  - {id: m, context_window: 100, price: {input_per_mtok: 1, output_per_mtok: 1},"
        + " deployments: [{provider: sim}]" + tokenizer + "}\n";
  }

  @Test
  void familyIsOptionalAndExact() {
    assertEquals("", Yaml.load(model("")).models().getFirst().tokenizer());
    assertEquals("qwen3", Yaml.load(model(", tokenizer: qwen3")).models().getFirst().tokenizer());
    assertEquals("estimate", Yaml.load(model(", tokenizer: estimate")).models().getFirst().tokenizer());
    assertEquals("models[0].tokenizer: \"gpt2\" (expected: one of o200k, cl100k, qwen3, llama3, llama4, estimate,"
        + " or absent to infer it from the id)", Yaml.error(model(", tokenizer: gpt2")));
    assertTrue(Yaml.error(model(", tokenizer: O200K")).startsWith("models[0].tokenizer: \"O200K\""));
  }

  @Test
  void filesByFamily() {
    ShepherdConfig c = Yaml.load(Yaml.ONE_MODEL
        + "tokenizers:\n  qwen3: /models/qwen3/tokenizer.json\n  llama4: ${LLAMA4_TOKENIZER}\n",
        Map.of("LLAMA4_TOKENIZER", "/m/l4.json"));
    assertEquals(Map.of("qwen3", "/models/qwen3/tokenizer.json", "llama4", "/m/l4.json"), c.tokenizerFiles());
    assertEquals(Map.of(), Yaml.load(Yaml.ONE_MODEL).tokenizerFiles());
  }

  @Test
  void onlyFamiliesThatTakeFiles() {
    assertEquals("tokenizers: \"o200k\" (expected: a family that takes a tokenizer.json file: qwen3, llama3, llama4)",
        Yaml.error(Yaml.ONE_MODEL + "tokenizers: {o200k: /x.json}"));
    assertEquals("tokenizers: \"mistral\" (expected: a family that takes a tokenizer.json file: qwen3, llama3, llama4)",
        Yaml.error(Yaml.ONE_MODEL + "tokenizers: {mistral: /x.json}"));
  }

  @Test
  void pathsMustNotBeEmpty() {
    assertEquals("tokenizers.qwen3: \"\" (expected: the path of the family's tokenizer.json)",
        Yaml.error(Yaml.ONE_MODEL + "tokenizers: {qwen3: ''}"));
    assertEquals("tokenizers.llama3: \"\" (expected: the path of the family's tokenizer.json)",
        Yaml.error(Yaml.ONE_MODEL + "tokenizers: {llama3: }"));
  }

  @Test
  void printedWhenSet() {
    String printed = EffectiveConfigPrinter.print(Yaml.load(model(", tokenizer: llama4")
        + "tokenizers: {llama4: /m/tokenizer.json}\n"));
    assertTrue(printed.contains("tokenizer: \"llama4\"") || printed.contains("tokenizer: llama4"), printed);
    assertTrue(printed.contains("tokenizers:"), printed);
  }
}
