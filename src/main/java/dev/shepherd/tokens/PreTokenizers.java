package dev.shepherd.tokens;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.regex.Pattern;

/**
 * The {@code pre_tokenizer} of a byte-level {@code tokenizer.json}, as one split pattern. Two
 * shapes are supported, the ones Qwen and Llama ship: a {@code Sequence} of a {@code Split}
 * (regex, behavior {@code Isolated}, not inverted) and a {@code ByteLevel} with
 * {@code use_regex: false}; or a lone {@code ByteLevel} with {@code use_regex: true} (GPT-2's
 * pattern). {@code add_prefix_space: true} and anything else are refused.
 */
final class PreTokenizers {
  private static final String EXPECTED = "(expected: Sequence[Split(Regex, Isolated), ByteLevel(use_regex: false)]"
      + " or ByteLevel(use_regex: true), without add_prefix_space)";

  private PreTokenizers() {}

  static Pattern pattern(JsonNode node) {
    if (node == null || node.isNull()) {
      throw new TokenizerException("pre_tokenizer is missing " + EXPECTED);
    }
    String type = node.path("type").asText("");
    if (type.equals("ByteLevel")) {
      byteLevel(node, true);
      return SplitPattern.compile(SplitPattern.GPT2);
    }
    JsonNode steps = node.path("pretokenizers");
    if (!type.equals("Sequence") || steps.size() != 2) {
      throw new TokenizerException("pre_tokenizer " + describe(node) + " is not supported " + EXPECTED);
    }
    JsonNode split = steps.get(0);
    byteLevel(steps.get(1), false);
    String regex = split.path("pattern").path("Regex").asText(null);
    if (!split.path("type").asText("").equals("Split") || regex == null
        || !split.path("behavior").asText("").equals("Isolated") || split.path("invert").asBoolean(false)) {
      throw new TokenizerException("pre_tokenizer " + describe(split) + " is not supported " + EXPECTED);
    }
    return SplitPattern.compile(regex);
  }

  private static void byteLevel(JsonNode node, boolean useRegex) {
    if (!node.path("type").asText("").equals("ByteLevel")
        || node.path("use_regex").asBoolean(true) != useRegex
        || node.path("add_prefix_space").asBoolean(false)) {
      throw new TokenizerException("pre_tokenizer " + describe(node) + " is not supported " + EXPECTED);
    }
  }

  private static String describe(JsonNode node) {
    String s = node.toString();
    return s.length() > 200 ? s.substring(0, 200) + "…" : s;
  }
}
