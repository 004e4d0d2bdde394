package dev.shepherd.billing;

import java.math.BigDecimal;
import java.util.regex.Pattern;

/**
 * Money amounts as {@code long} micro-units (µ$ for USD, 10^-6 of a unit): parsing from and
 * formatting to plain decimal strings. Exact: no floating point anywhere.
 *
 * <p>Parsing accepts only {@code [-]DIGITS[.DIGITS]} with at most 6 decimals ("10", "10.00",
 * "0.42"); exponents ("1e3"), signs other than a leading minus, blanks and more decimals are
 * rejected with an {@link IllegalArgumentException} whose message reads {@code what: text
 * (expected: ...)}. Formatting always yields 2 to 6 decimals with trailing zeros trimmed.
 */
public final class Micros {
  /** Micro-units per unit. */
  public static final long PER_UNIT = 1_000_000L;

  private static final Pattern DECIMAL = Pattern.compile("-?[0-9]+(\\.[0-9]+)?");

  private Micros() {}

  /** A non-negative amount, e.g. {@code "10.00"} → 10,000,000; problems name it {@code amount}. */
  public static long parse(String text) {
    return parse("amount", text, false);
  }

  /**
   * An amount in micro-units.
   *
   * @param what names the value in error messages (a config key, a CLI option)
   * @param allowNegative whether a leading minus is accepted
   */
  public static long parse(String what, String text, boolean allowNegative) {
    if (text == null || !DECIMAL.matcher(text).matches()) {
      throw problem(what, text, "a decimal number such as 10.00" + (allowNegative ? " or -0.50" : ""));
    }
    BigDecimal d = new BigDecimal(text);
    if (d.signum() < 0 && !allowNegative) {
      throw problem(what, text, "an amount >= 0");
    }
    if (d.scale() > 6 && d.stripTrailingZeros().scale() > 6) {
      throw problem(what, text, "at most 6 decimals");
    }
    try {
      return d.movePointRight(6).longValueExact();
    } catch (ArithmeticException e) {
      throw problem(what, text, "an amount of at most " + format(Long.MAX_VALUE));
    }
  }

  /** The exact micro-units of {@code d}; throws if it has more than 6 significant decimals or overflows. */
  public static long of(BigDecimal d) {
    return d.movePointRight(6).longValueExact();
  }

  /** {@code micros} as an exact decimal. */
  public static BigDecimal toDecimal(long micros) {
    return BigDecimal.valueOf(micros, 6);
  }

  /** E.g. 10,000,000 → "10.00", 420 → "0.00042", 1,234,567,800 → "1234.5678", -500,000 → "-0.50". */
  public static String format(long micros) {
    BigDecimal d = toDecimal(micros).stripTrailingZeros();
    if (d.scale() < 2) {
      d = d.setScale(2);
    }
    return d.toPlainString();
  }

  private static IllegalArgumentException problem(String what, String text, String expected) {
    String shown = text == null ? "missing" : text;
    return new IllegalArgumentException(what + ": " + shown + " (expected: " + expected + ")");
  }
}
