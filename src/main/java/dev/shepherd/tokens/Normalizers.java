package dev.shepherd.tokens;

import com.fasterxml.jackson.databind.JsonNode;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code normalizer} of a {@code tokenizer.json}: none, a Unicode form ({@code NFC},
 * {@code NFD}, {@code NFKC}, {@code NFKD}), or a {@code Sequence} of them. Anything else (e.g.
 * {@code Replace}, {@code Lowercase}) is refused rather than counted wrongly.
 */
final class Normalizers {
  private Normalizers() {}

  static List<Normalizer.Form> of(JsonNode node) {
    List<Normalizer.Form> out = new ArrayList<>();
    add(node, out);
    return out;
  }

  private static void add(JsonNode node, List<Normalizer.Form> out) {
    if (node == null || node.isNull()) {
      return;
    }
    String type = node.path("type").asText("");
    switch (type) {
      case "NFC" -> out.add(Normalizer.Form.NFC);
      case "NFD" -> out.add(Normalizer.Form.NFD);
      case "NFKC" -> out.add(Normalizer.Form.NFKC);
      case "NFKD" -> out.add(Normalizer.Form.NFKD);
      case "Sequence" -> {
        for (JsonNode n : node.path("normalizers")) {
          add(n, out);
        }
      }
      default -> throw new TokenizerException("normalizer \"" + type + "\" is not supported"
          + " (expected: none, NFC, NFD, NFKC, NFKD or a Sequence of them)");
    }
  }
}
