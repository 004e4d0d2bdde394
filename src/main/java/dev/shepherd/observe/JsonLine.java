package dev.shepherd.observe;

import com.fasterxml.jackson.core.io.JsonStringEncoder;

/**
 * Builds one flat JSON object as text, cheaply enough for every request: fields are appended
 * in order, strings are escaped only when they need it (ids and labels almost never do), and
 * durations and money are written as fixed-point decimals with integer arithmetic (no
 * {@code double} or {@code BigDecimal} formatting).
 */
final class JsonLine {
  private final StringBuilder sb;
  private boolean first = true;

  JsonLine(int capacity) {
    sb = new StringBuilder(capacity).append('{');
  }

  /** {@code "name":"value"}, escaped; {@code null} is written as JSON null. */
  JsonLine string(String name, String value) {
    name(name);
    if (value == null) {
      sb.append("null");
    } else {
      quote(sb, value);
    }
    return this;
  }

  JsonLine number(String name, long value) {
    name(name);
    sb.append(value);
    return this;
  }

  JsonLine bool(String name, boolean value) {
    name(name);
    sb.append(value);
    return this;
  }

  /** Nanoseconds as milliseconds with three decimals (microsecond resolution): {@code 12.345}. */
  JsonLine millis(String name, long nanos) {
    return decimal(name, nanos / 1_000, 3);
  }

  /** {@code unscaled × 10^-scale} as an exact decimal, e.g. (288, 6) → {@code 0.000288}. */
  JsonLine decimal(String name, long unscaled, int scale) {
    name(name);
    if (unscaled < 0) {
      sb.append('-');
      unscaled = -unscaled;
    }
    long unit = POW10[scale];
    sb.append(unscaled / unit).append('.');
    long fraction = unscaled % unit;
    for (long digit = unit / 10; digit > fraction && digit > 1; digit /= 10) {
      sb.append('0');
    }
    sb.append(fraction);
    return this;
  }

  /** Starts a nested value: writes {@code "name":} and returns the text for the caller to append the value to. */
  StringBuilder nested(String name) {
    name(name);
    return sb;
  }

  /** Closes the object and returns it. */
  String close() {
    return sb.append('}').toString();
  }

  private void name(String name) {
    if (!first) {
      sb.append(',');
    }
    first = false;
    sb.append('"').append(name).append("\":");
  }

  private static final long[] POW10 = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000};

  /** Appends {@code s} as a JSON string, escaping only when some character needs it. */
  static void quote(StringBuilder sb, String s) {
    sb.append('"');
    if (needsEscape(s)) {
      JsonStringEncoder.getInstance().quoteAsString(s, sb);
    } else {
      sb.append(s);
    }
    sb.append('"');
  }

  private static boolean needsEscape(String s) {
    for (int i = 0, n = s.length(); i < n; i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c == '"' || c == '\\' || c >= 0x7f) {
        return true;
      }
    }
    return false;
  }
}
