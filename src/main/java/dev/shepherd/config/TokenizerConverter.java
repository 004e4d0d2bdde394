package dev.shepherd.config;

import dev.shepherd.tokens.Family;
import java.util.Map;
import java.util.TreeMap;

/**
 * Validates a model's {@code tokenizer} family and the top-level {@code tokenizers} files. Names
 * must be exact (lower case); whether a file exists and parses is checked when it is loaded
 * ({@code dev.shepherd.tokens.Tokenizers.load}), not here.
 */
final class TokenizerConverter {
  private TokenizerConverter() {}

  /** Family name of a model's tokenizer; empty: inferred from the model id at runtime. */
  static String family(ConfigConverter.Problems problems, String path, String raw) {
    if (raw == null) {
      return "";
    }
    if (Family.of(raw) == null) {
      problems.add(path, raw, "one of " + String.join(", ", Family.names()) + ", or absent to infer it from the id");
    }
    return raw;
  }

  /** Tokenizer files by family, sorted by family. */
  static Map<String, String> files(ConfigConverter.Problems problems, Map<String, String> raw) {
    if (raw == null) {
      return Map.of();
    }
    Map<String, String> out = new TreeMap<>();
    raw.forEach((family, file) -> {
      Family f = Family.of(family);
      String path = "tokenizers." + family;
      if (f == null || !f.takesFile()) {
        problems.add("tokenizers", family, "a family that takes a tokenizer.json file: "
            + String.join(", ", Family.fileNames()));
      } else if (file == null || file.isBlank()) {
        problems.add(path, file == null ? "" : file, "the path of the family's tokenizer.json");
      } else {
        out.put(family, file);
      }
    });
    return out;
  }
}
