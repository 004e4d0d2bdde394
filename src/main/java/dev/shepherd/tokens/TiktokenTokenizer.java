package dev.shepherd.tokens;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingRegistry;
import com.knuddels.jtokkit.api.EncodingType;

/**
 * OpenAI's {@code o200k_base} and {@code cl100k_base} through JTokkit, whose rank files ship inside
 * its jar (nothing is downloaded). Special-token text such as {@code <|endoftext|>} is counted as
 * ordinary text, as the OpenAI API does with message content. Exact; thread-safe.
 */
final class TiktokenTokenizer implements Tokenizer {
  private final String family;
  private final Encoding encoding;

  private TiktokenTokenizer(String family, Encoding encoding) {
    this.family = family;
    this.encoding = encoding;
  }

  /** Loaded once per JVM on first use (about a second and some 100 MB of heap for both). */
  private static final class Builtins {
    static final EncodingRegistry REGISTRY = Encodings.newLazyEncodingRegistry();
    static final TiktokenTokenizer O200K = new TiktokenTokenizer("o200k", REGISTRY.getEncoding(EncodingType.O200K_BASE));
    static final TiktokenTokenizer CL100K = new TiktokenTokenizer("cl100k", REGISTRY.getEncoding(EncodingType.CL100K_BASE));
  }

  static TiktokenTokenizer o200k() {
    return Builtins.O200K;
  }

  static TiktokenTokenizer cl100k() {
    return Builtins.CL100K;
  }

  @Override
  public String family() {
    return family;
  }

  @Override
  public boolean exact() {
    return true;
  }

  @Override
  public int count(String text) {
    return text == null || text.isEmpty() ? 0 : encoding.countTokensOrdinary(text);
  }

  @Override
  public String toString() {
    return family + " (" + encoding.getName() + ")";
  }
}
