package dev.shepherd.tokens;

import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Turns a Hugging Face pre-tokenizer regex (Oniguruma syntax, as in {@code tokenizer.json}) into a
 * {@link java.util.regex.Pattern} that splits text at the same places.
 *
 * <p>What differs between the two engines for these patterns, and how it is handled:
 * <ul>
 *   <li>{@code \s}/{@code \S} are Unicode white space in Oniguruma, ASCII in Java by default:
 *       compiled with {@link Pattern#UNICODE_CHARACTER_CLASS}. ({@code \p{L}}, {@code \p{N}} and
 *       the other general categories mean the same in both.)</li>
 *   <li>{@code \h} is a hexadecimal digit in Oniguruma but horizontal space in Java: rewritten
 *       to {@code [0-9a-fA-F]}.</li>
 *   <li>Counted repetition ({@code \p{N}{1,3}}), inline case-insensitive groups
 *       ({@code (?i:'s|'t)}), look-ahead, possessive and atomic forms exist in both with the same
 *       meaning, and both engines take the leftmost alternative that matches, so they pass
 *       unchanged.</li>
 * </ul>
 */
final class SplitPattern {
  /** The pattern of a {@code ByteLevel} pre-tokenizer with {@code use_regex: true} (GPT-2's). */
  static final String GPT2 = "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+";

  private SplitPattern() {}

  /** The Java pattern for {@code regex}; a {@link TokenizerException} if Java cannot compile it. */
  static Pattern compile(String regex) {
    String java = rewriteHexEscape(regex);
    try {
      return Pattern.compile(java, Pattern.UNICODE_CHARACTER_CLASS);
    } catch (PatternSyntaxException e) {
      throw new TokenizerException("pre_tokenizer regex does not compile in Java: " + e.getDescription());
    }
  }

  /** {@code \h} → {@code [0-9a-fA-F]} (inside a class: {@code 0-9a-fA-F}); other escapes untouched. */
  private static String rewriteHexEscape(String regex) {
    StringBuilder out = new StringBuilder(regex.length() + 16);
    boolean inClass = false;
    for (int i = 0; i < regex.length(); i++) {
      char c = regex.charAt(i);
      if (c == '\\' && i + 1 < regex.length()) {
        char n = regex.charAt(++i);
        if (n == 'h') {
          out.append(inClass ? "0-9a-fA-F" : "[0-9a-fA-F]");
        } else {
          out.append(c).append(n);
        }
        continue;
      }
      if (c == '[') {
        inClass = true;
      } else if (c == ']') {
        inClass = false;
      }
      out.append(c);
    }
    return out.toString();
  }
}
