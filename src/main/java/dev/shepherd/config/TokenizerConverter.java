package dev.shepherd.config;

import java.util.Map;

/**
 * Validates a model's {@code tokenizer} family and the top-level {@code tokenizers} files.
 * (Stub: accepts as given, until the tokens work fills it in.)
 */
final class TokenizerConverter {
  private TokenizerConverter() {}

  /** Family name of a model's tokenizer; empty: inferred from the model id at runtime. */
  static String family(ConfigConverter.Problems problems, String path, String raw) {
    return raw == null ? "" : raw;
  }

  /** Tokenizer files by family. */
  static Map<String, String> files(ConfigConverter.Problems problems, Map<String, String> raw) {
    return raw == null ? Map.of() : raw;
  }
}
