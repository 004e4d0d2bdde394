package dev.shepherd.tokens;

import com.knuddels.jtokkit.api.Encoding;
import java.text.Normalizer;
import java.util.List;

/**
 * A byte-level BPE tokenizer loaded from a Hugging Face {@code tokenizer.json} (see
 * {@link TokenizerJson}): added tokens are split out first, each stretch between them is
 * normalized (e.g. NFC for Qwen) and then counted by a JTokkit encoding built from the file's
 * vocabulary and pre-tokenizer regex. Exact; thread-safe.
 */
final class HfTokenizer implements Tokenizer {
  private final String family;
  private final Encoding encoding;
  private final List<Normalizer.Form> normalizers;
  private final AddedTokens added;

  HfTokenizer(String family, Encoding encoding, List<Normalizer.Form> normalizers, AddedTokens added) {
    this.family = family;
    this.encoding = encoding;
    this.normalizers = List.copyOf(normalizers);
    this.added = added;
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
    if (text == null || text.isEmpty()) {
      return 0;
    }
    return added.count(text, this::countSegment);
  }

  private int countSegment(String text) {
    String s = text;
    for (Normalizer.Form form : normalizers) {
      if (!Normalizer.isNormalized(s, form)) {
        s = Normalizer.normalize(s, form);
      }
    }
    return encoding.countTokensOrdinary(s);
  }

  @Override
  public String toString() {
    return family + " (" + encoding.getName() + ", " + added.size() + " added tokens)";
  }
}
