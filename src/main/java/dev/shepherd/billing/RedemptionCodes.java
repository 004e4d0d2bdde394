package dev.shepherd.billing;

import java.security.SecureRandom;
import java.util.Locale;

/**
 * Redemption code text: {@code SHP-XXXX-XXXX-XXXX-XXXX}, 16 random characters from Crockford's
 * base-32 alphabet (no I, L, O or U), i.e. exactly 80 bits from {@link SecureRandom}.
 * {@link #normalize} accepts what a person types — any case, with or without the prefix, dashes
 * or spaces, O for 0 and I or L for 1 — and returns the one canonical form that is hashed.
 */
public final class RedemptionCodes {
  private static final String ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
  private static final int LENGTH = 16;
  private static final SecureRandom RANDOM = new SecureRandom();

  private RedemptionCodes() {}

  /** A new random code in canonical form. */
  public static String generate() {
    char[] c = new char[LENGTH];
    for (int i = 0; i < LENGTH; i++) {
      c[i] = ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length()));
    }
    return format(new String(c));
  }

  /** The canonical form of a typed code, or {@code null} when it cannot be a code. */
  public static String normalize(String typed) {
    if (typed == null) {
      return null;
    }
    String s = typed.toUpperCase(Locale.ROOT).replaceAll("[\\s-]", "");
    if (s.startsWith("SHP") && s.length() == LENGTH + 3) {
      s = s.substring(3);
    }
    s = s.replace('O', '0').replace('I', '1').replace('L', '1');
    if (s.length() != LENGTH || !s.chars().allMatch(ch -> ALPHABET.indexOf(ch) >= 0)) {
      return null;
    }
    return format(s);
  }

  private static String format(String chars) {
    StringBuilder b = new StringBuilder("SHP");
    for (int i = 0; i < LENGTH; i += 4) {
      b.append('-').append(chars, i, i + 4);
    }
    return b.toString();
  }
}
