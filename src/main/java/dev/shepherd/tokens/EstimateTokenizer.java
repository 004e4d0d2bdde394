package dev.shepherd.tokens;

/**
 * The conservative estimate used when a family's tokenizer is not available. It splits text the
 * way byte-level BPE pre-tokenizers do (words with one leading space or mark, single digits,
 * punctuation runs, white-space runs), then charges each piece at least one token and more by its
 * UTF-8 size: a word one token per 4 ASCII letters (capitals count twice) and per 3 other bytes, ASCII
 * punctuation one per 2 characters and other symbols about one per byte after the first, white space one per 4 characters, every digit one.
 *
 * <p>Why these divisors: real vocabularies spend at least one token per pre-tokenizer piece and
 * average about one token per English word (4–6 letters), so 4 letters per token over-counts prose; CJK costs at most about one token per character (3 bytes) in the modern
 * vocabularies (o200k, Qwen, Llama 3); code and JSON are dense in punctuation, which merges less
 * (hence 2); Qwen encodes every digit alone. The result over-counts English, CJK, code and JSON
 * for o200k, Qwen 3 and Llama 3 on every shared text (ratios in {@code docs/configuration.md},
 * "Token counting"); emoji sequences and some scripts (e.g. Devanagari with older vocabularies)
 * can still be under-counted. Thread-safe, allocation-free.
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
    long tokens = 0;
    int i = 0;
    int n = text.length();
    boolean afterSpace = false; // a space was given to this piece: punctuation then keeps its run
    while (i < n) {
      int c = text.codePointAt(i);
      int next = i + Character.charCount(c);
      int after = next < n ? text.codePointAt(next) : -1;
      boolean spaced = afterSpace;
      afterSpace = false;
      if (Character.isLetter(c) || (!spaced && isMark(c) && Character.isLetter(after))) {
        int ascii = 0;
        int other = 0;
        int j = i;
        if (!Character.isLetter(c)) {
          ascii += c < 0x80 ? 1 : 0;
          other += c < 0x80 ? 0 : symbol(c) * 3; // a leading non-ASCII mark costs like a symbol
          j = next;
        }
        while (j < n && Character.isLetter(text.codePointAt(j))) {
          int d = text.codePointAt(j);
          if (d < 0x80) {
            ascii += d >= 'A' && d <= 'Z' ? 2 : 1; // capitals merge less (all-caps words, camelCase)
          } else {
            other += utf8(d);
          }
          j += Character.charCount(d);
        }
        tokens += Math.max(1, (ascii + 3) / 4 + (other + 2) / 3);
        i = j;
      } else if (Character.isDigit(c)) {
        tokens++;
        i = next;
      } else if (Character.isWhitespace(c)) {
        int j = i;
        int breaks = 0;
        int spaces = 0;
        boolean inBreak = false;
        while (j < n && Character.isWhitespace(text.charAt(j))) {
          boolean isBreak = text.charAt(j) == '\n' || text.charAt(j) == '\r';
          breaks += isBreak && !inBreak ? 1 : 0;
          spaces += isBreak ? 0 : 1;
          inBreak = isBreak;
          j++;
        }
        if (j < n && !inBreak && spaces > 0) {
          // The last space goes with the next word or punctuation piece, or stands alone before a digit.
          spaces--;
          boolean joins = joinsNext(text.charAt(j - 1), text.codePointAt(j));
          tokens += joins ? 0 : 1;
          afterSpace = joins && !Character.isLetter(text.codePointAt(j));
        }
        tokens += breaks + (spaces + 3) / 4;
        i = j;
      } else {
        int ascii = 0;
        int other = 0;
        int j = i;
        while (j < n) {
          int d = text.codePointAt(j);
          if (Character.isLetterOrDigit(d) || Character.isWhitespace(d)) {
            break;
          }
          if (d < 0x80) {
            ascii++;
          } else {
            other += symbol(d);
          }
          j += Character.charCount(d);
        }
        tokens += Math.max(1, (ascii + 1) / 2 + other);
        i = j;
      }
    }
    return (int) Math.min(Integer.MAX_VALUE, tokens);
  }

  /** True when white space {@code last} is taken into the piece that starts with {@code next}. */
  private static boolean joinsNext(char last, int next) {
    return Character.isLetter(next) || (last == ' ' && !Character.isDigit(next));
  }

  /** A non-letter, non-digit, non-space character that pre-tokenizers attach to the word after it. */
  private static boolean isMark(int c) {
    return !Character.isLetterOrDigit(c) && c != '\r' && c != '\n';
  }

  /** Tokens of a non-ASCII symbol or mark: 2 for two-byte ones (rarely merged), else one per byte after the first. */
  private static int symbol(int c) {
    int bytes = utf8(c);
    return bytes == 2 ? 2 : bytes - 1;
  }

  private static int utf8(int c) {
    return c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
  }

  @Override
  public String toString() {
    return family + " (estimate)";
  }
}
