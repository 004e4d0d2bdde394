package dev.shepherd.tokens;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code tokenizer.json} loader on a tiny byte-level BPE written by the test (all 256 bytes,
 * a few merges, added tokens, NFC), and each way a file is refused.
 */
class TokenizerJsonTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String QWEN_REGEX = "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}"
      + "| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";

  @TempDir
  Path dir;

  private static String bl(String s) {
    return ByteLevel.encode(s.getBytes(StandardCharsets.UTF_8));
  }

  /** Bytes 0–255 as ids 0–255, then he, ll, hell, hello, Ġhello; added <|im_start|> and <think>. */
  static ObjectNode tiny() {
    ObjectNode root = JSON.createObjectNode();
    ArrayNode added = root.putArray("added_tokens");
    added.addObject().put("id", 300).put("content", "<|im_start|>").put("special", true);
    added.addObject().put("id", 301).put("content", "<think>").put("special", false);
    added.addObject().put("id", 302).put("content", "<strip>").put("lstrip", true).put("rstrip", true);
    root.putObject("normalizer").put("type", "NFC");
    ObjectNode pre = root.putObject("pre_tokenizer").put("type", "Sequence");
    ArrayNode steps = pre.putArray("pretokenizers");
    ObjectNode split = steps.addObject().put("type", "Split").put("behavior", "Isolated").put("invert", false);
    split.putObject("pattern").put("Regex", QWEN_REGEX);
    steps.addObject().put("type", "ByteLevel").put("add_prefix_space", false).put("use_regex", false);
    ObjectNode model = root.putObject("model").put("type", "BPE").put("byte_fallback", false);
    ObjectNode vocab = model.putObject("vocab");
    for (int b = 0; b < 256; b++) {
      vocab.put(ByteLevel.encode(new byte[] {(byte) b}), b);
    }
    String[][] merges = {{"h", "e"}, {"l", "l"}, {"he", "ll"}, {"hell", "o"}, {bl(" "), "hello"}};
    ArrayNode m = model.putArray("merges");
    int id = 256;
    for (String[] pair : merges) {
      vocab.put(pair[0] + pair[1], id++);
      m.add(pair[0] + " " + pair[1]);
    }
    return root;
  }

  private Path write(ObjectNode root) throws Exception {
    Path file = dir.resolve("tokenizer.json");
    Files.write(file, JSON.writeValueAsBytes(root));
    return file;
  }

  private Tokenizer load(ObjectNode root) throws Exception {
    return Tokenizers.load(Map.of("llama4", write(root).toString())).family("llama4");
  }

  private String error(Consumer<ObjectNode> change) throws Exception {
    ObjectNode root = tiny();
    change.accept(root);
    Path file = write(root);
    TokenizerException e = assertThrows(TokenizerException.class,
        () -> Tokenizers.load(Map.of("qwen3", file.toString())));
    String prefix = "tokenizer qwen3 (" + file + "): ";
    assertTrue(e.getMessage().startsWith(prefix), e.getMessage());
    return e.getMessage().substring(prefix.length());
  }

  @Test
  void countsWithMergesAddedTokensAndNfc() throws Exception {
    Tokenizer t = load(tiny());
    assertTrue(t.exact());
    assertEquals("llama4", t.family());
    assertEquals(1, t.count("hello"));
    assertEquals(2, t.count("hello hello"));          // "hello", "Ġhello"
    assertEquals(3, t.count("help"));                 // "he", "l", "p"
    assertEquals(2, t.count("<|im_start|>hello"));
    assertEquals(2, t.count("<think>hello"));
    assertEquals(8, t.count("</think>"));             // not added here: "</" (2 bytes) + "think" (5) + ">" (1)
  }

  @Test
  void nfcBeforeEncoding() throws Exception {
    Tokenizer t = load(tiny());
    assertEquals(2, t.count("e\u0301"));  // NFC é = 2 bytes; decomposed it would be 3
  }

  @Test
  void stripFlagsSwallowWhiteSpace() throws Exception {
    Tokenizer t = load(tiny());
    assertEquals(3, t.count("hello  <strip>  hello")); // the spaces around <strip> vanish
  }

  @Test
  void malformedJson() throws Exception {
    Path file = dir.resolve("broken.json");
    Files.writeString(file, "{\"model\": {\"vocab\": ");
    TokenizerException e = assertThrows(TokenizerException.class,
        () -> Tokenizers.load(Map.of("llama3", file.toString())));
    assertTrue(e.getMessage().startsWith("tokenizer llama3 (" + file + "): not a readable tokenizer.json: "),
        e.getMessage());
  }

  @Test
  void refusals() throws Exception {
    assertEquals("model.vocab is missing or empty", error(r -> r.remove("model")));
    assertEquals("model.type \"Unigram\" is not supported (expected: BPE)",
        error(r -> ((ObjectNode) r.get("model")).put("type", "Unigram")));
    assertEquals("model.byte_fallback true is not supported (expected: a byte-level BPE)",
        error(r -> ((ObjectNode) r.get("model")).put("byte_fallback", true)));
    assertEquals("model.continuing_subword_prefix \"##\" is not supported (expected: none)",
        error(r -> ((ObjectNode) r.get("model")).put("continuing_subword_prefix", "##")));
    assertEquals("model.vocab: no token for byte 0x41 (expected: all 256 single bytes)",
        error(r -> ((ObjectNode) r.get("model").get("vocab")).remove("A")));
    assertEquals("model.vocab: \"▁the\" is not a byte-level token (expected: a byte-level BPE vocabulary such as"
        + " Qwen's or Llama 3's)", error(r -> ((ObjectNode) r.get("model").get("vocab")).put("▁the", 999)));
    assertEquals("normalizer \"Lowercase\" is not supported (expected: none, NFC, NFD, NFKC, NFKD or a Sequence of them)",
        error(r -> r.putObject("normalizer").put("type", "Lowercase")));
    assertTrue(error(r -> r.putObject("pre_tokenizer").put("type", "Metaspace"))
        .startsWith("pre_tokenizer {\"type\":\"Metaspace\"} is not supported (expected: Sequence[Split(Regex, Isolated),"));
    assertTrue(error(r -> ((ObjectNode) r.get("pre_tokenizer").get("pretokenizers").get(0).get("pattern"))
        .put("Regex", "(unclosed")).startsWith("pre_tokenizer regex does not compile in Java: "));
  }

  @Test
  void mergesMustBeInRankOrder() throws Exception {
    String message = error(r -> {
      ArrayNode merges = (ArrayNode) r.get("model").get("merges");
      var first = merges.remove(0);
      merges.add(first);
    });
    assertEquals("model.merges[4] makes id 256 after id 260 (expected: merges in increasing order of the merged"
        + " token's id, so that rank-based BPE reproduces them)", message);
  }
}
