package dev.shepherd.tokens;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.EncodingRegistry;
import dev.shepherd.config.ModelConfig;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;

/**
 * All tokenizers of a configuration, one per {@link Family}. {@link #load} reads files (blocking:
 * call it off the event loop); {@link #forModel} and {@link #family} never block. Families whose
 * {@code tokenizer.json} is not configured count with the conservative {@link EstimateTokenizer}
 * under their own name, with {@link Tokenizer#exact()} false. Immutable and thread-safe.
 */
public final class Tokenizers {
  private final Map<Family, Tokenizer> byFamily;

  private Tokenizers(Map<Family, Tokenizer> byFamily) {
    this.byFamily = byFamily;
  }

  /**
   * Loads the built-in OpenAI encodings (once per JVM, from JTokkit's jar) and each configured
   * {@code tokenizer.json}, keyed by family ({@code qwen3}, {@code llama3}, {@code llama4}).
   *
   * @throws TokenizerException naming the family and path when a key is not such a family or a
   *     file is missing, unreadable, malformed or of an unsupported kind
   */
  public static Tokenizers load(Map<String, String> filesByFamily) {
    Map<Family, Tokenizer> byFamily = new EnumMap<>(Family.class);
    byFamily.put(Family.O200K, TiktokenTokenizer.o200k());
    byFamily.put(Family.CL100K, TiktokenTokenizer.cl100k());
    EncodingRegistry registry = Encodings.newLazyEncodingRegistry();
    for (Map.Entry<String, String> e : filesByFamily.entrySet()) {
      Family family = Family.of(e.getKey());
      if (family == null || !family.takesFile()) {
        throw new TokenizerException("tokenizers: \"" + e.getKey() + "\" (expected: one of "
            + String.join(", ", Family.fileNames()) + ")");
      }
      String path = e.getValue() == null ? "" : e.getValue().trim();
      if (path.isEmpty()) {
        throw new TokenizerException("tokenizer " + family.id() + ": empty path (expected: a tokenizer.json file)");
      }
      byFamily.put(family, TokenizerJson.load(family.id(), Path.of(path), registry));
    }
    for (Family f : Family.values()) {
      byFamily.putIfAbsent(f, new EstimateTokenizer(f.id()));
    }
    return new Tokenizers(byFamily);
  }

  /**
   * The tokenizer of {@code model}: its configured {@code tokenizer} family, or the family
   * inferred from its id ({@link Family#infer}) when that is empty.
   */
  public Tokenizer forModel(ModelConfig model) {
    String configured = model.tokenizer();
    Family f = configured == null || configured.isEmpty() ? Family.infer(model.id()) : Family.of(configured);
    return byFamily.get(f == null ? Family.ESTIMATE : f);
  }

  /**
   * The tokenizer of a family: {@code o200k}, {@code cl100k}, {@code qwen3}, {@code llama3},
   * {@code llama4} or {@code estimate}.
   *
   * @throws IllegalArgumentException for any other name
   */
  public Tokenizer family(String family) {
    Family f = Family.of(family);
    if (f == null) {
      throw new IllegalArgumentException("family: " + family + " (expected: one of " + String.join(", ", Family.names()) + ")");
    }
    return byFamily.get(f);
  }

  @Override
  public String toString() {
    return byFamily.values().toString();
  }
}
