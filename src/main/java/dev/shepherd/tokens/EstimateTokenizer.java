package dev.shepherd.tokens;

/**
 * The conservative estimate used when a family's tokenizer is not available: one token per
 * three UTF-8 bytes, rounded up, except that every ASCII digit counts as a whole token.
 *
 * <p>Why 3: the byte-level BPE vocabularies in use (o200k, cl100k, Qwen, Llama 3) average about
 * 4–5 bytes per token on English prose and 3.5–4 on code and JSON, and take 2–3 UTF-8 bytes per
 * token at most on CJK (a CJK character is 3 bytes and at most about one token); dividing by 3
 * therefore over-counts those by roughly 10–50%. Digits are counted apart because Qwen encodes
 * each digit as its own token (and the OpenAI and Llama vocabularies at most three per token),
 * so a long number would otherwise be under-counted. Measured ratios against each exact tokenizer
 * are in {@code docs/configuration.md} ("Token counting"). Rare scripts whose characters cost
 * several tokens each (emoji sequences, some Indic scripts) can still be under-counted.
 */
final class EstimateTokenizer implements Tokenizer {
  private final String family;

  /** An estimate standing in for {@code family} (its {@link #family()}; {@link #exact()} is false). */
  EstimateTokenizer(String family) {
    this.family = family;
  }

  @Override
  public String family() {
    return family;
  }

  @Override
  public boolean exact() {
    return false;
  }

  @Override
  public int count(String text) {
    if (text == null || text.isEmpty()) {
      return 0;
    }
    long bytes = 0;
    long digits = 0;
    for (int i = 0, n = text.length(); i < n; i++) {
      char c = text.charAt(i);
      if (c < 0x80) {
        if (c >= '0' && c <= '9') {
          digits++;
        } else {
          bytes++;
        }
      } else if (c < 0x800) {
        bytes += 2;
      } else if (Character.isSurrogate(c)) {
        bytes += 2; // a pair is 4 UTF-8 bytes
      } else {
        bytes += 3;
      }
    }
    return (int) Math.min(Integer.MAX_VALUE, digits + (bytes + 2) / 3);
  }

  @Override
  public String toString() {
    return family + " (estimate)";
  }
}
