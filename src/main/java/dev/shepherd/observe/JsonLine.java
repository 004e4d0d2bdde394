package dev.shepherd.observe;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Writes JSON as UTF-8 bytes into one growable buffer, cheaply enough for every request: no
 * {@code String} or {@code StringBuilder} in between, strings copied byte by byte while they need
 * no escaping (ids and labels never do), numbers, durations and money written with integer
 * arithmetic (no {@code double} or {@code BigDecimal} formatting; two digits per division, in
 * {@code int} once the value fits: a division was a fifth of the access log's time). Commas are placed for the
 * caller: after an opening bracket none, between values one. Not thread-safe; a {@link LineSink}
 * guards its own.
 */
public final class JsonLine {
  private static final byte[] NULL = {'n', 'u', 'l', 'l'};
  private static final byte[] TRUE = {'t', 'r', 'u', 'e'};
  private static final byte[] FALSE = {'f', 'a', 'l', 's', 'e'};
  private static final byte[] HEX = {'0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'a', 'b', 'c', 'd', 'e', 'f'};
  private static final byte[] TENS = new byte[100];
  private static final byte[] ONES = new byte[100];

  static {
    for (int i = 0; i < 100; i++) {
      TENS[i] = (byte) ('0' + i / 10);
      ONES[i] = (byte) ('0' + i % 10);
    }
  }

  private static final long[] POW10 = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000};

  private byte[] buf;
  private int len;
  private boolean comma;

  public JsonLine(int capacity) {
    buf = new byte[Math.max(16, capacity)];
  }

  /** Opens an object as a value (a line, or an array element). */
  public JsonLine beginObject() {
    separate();
    put('{');
    comma = false;
    return this;
  }

  /** Closes the innermost object. */
  public JsonLine endObject() {
    put('}');
    comma = true;
    return this;
  }

  /** Opens an array field: {@code "name":[}. */
  public JsonLine beginArray(String name) {
    name(name);
    put('[');
    comma = false;
    return this;
  }

  public JsonLine endArray() {
    put(']');
    comma = true;
    return this;
  }

  /** Opens an object field: {@code "name":{}. */
  public JsonLine beginObject(String name) {
    name(name);
    put('{');
    comma = false;
    return this;
  }

  /** {@code "name":"value"}, escaped; {@code null} is written as JSON null. */
  public JsonLine string(String name, String value) {
    name(name);
    if (value == null) {
      put(NULL);
    } else {
      quoted(value);
    }
    return this;
  }

  public JsonLine number(String name, long value) {
    name(name);
    digits(value);
    return this;
  }

  public JsonLine bool(String name, boolean value) {
    name(name);
    put(value ? TRUE : FALSE);
    return this;
  }

  /** Nanoseconds as milliseconds with three decimals (microsecond resolution): {@code 12.345}. */
  public JsonLine millis(String name, long nanos) {
    return decimal(name, nanos / 1_000, 3);
  }

  /** {@code unscaled × 10^-scale} as an exact decimal, e.g. (288, 6) → {@code 0.000288}; scale 1 to 8. */
  public JsonLine decimal(String name, long unscaled, int scale) {
    name(name);
    long unit = POW10[scale];
    if (unscaled < 0) {
      put('-');
    }
    long whole = Math.abs(unscaled / unit);
    long fraction = Math.abs(unscaled % unit);
    digits(whole);
    put('.');
    for (long digit = unit / 10; digit > fraction && digit > 1; digit /= 10) {
      put('0');
    }
    digits(fraction);
    return this;
  }

  /** Appends {@code text} as it is, UTF-8 encoded (for lines that are not JSON). */
  public JsonLine raw(String text) {
    int n = text.length();
    ensure(n);
    int i = 0;
    for (; i < n; i++) {
      char c = text.charAt(i);
      if (c >= 0x80) {
        break;
      }
      buf[len++] = (byte) c;
    }
    if (i < n) {
      put(text.substring(i).getBytes(StandardCharsets.UTF_8));
    }
    return this;
  }

  /** Ends a line: a newline, and the next value starts without a comma. */
  public JsonLine newline() {
    put('\n');
    comma = false;
    return this;
  }

  /** Bytes written. */
  public int length() {
    return len;
  }

  /** The buffer; its first {@link #length()} bytes are the text. */
  byte[] array() {
    return buf;
  }

  /** Forgets everything after the first {@code length} bytes (a line given up on). */
  void truncate(int length) {
    len = length;
    comma = false;
  }

  /** Empties the buffer, giving back memory a very long line took beyond {@code keepCapacity}. */
  void reset(int keepCapacity) {
    len = 0;
    comma = false;
    if (buf.length > keepCapacity) {
      buf = new byte[keepCapacity];
    }
  }

  /** The text written so far. */
  @Override
  public String toString() {
    return new String(buf, 0, len, StandardCharsets.UTF_8);
  }

  private void separate() {
    if (comma) {
      put(',');
    }
  }

  private void name(String name) {
    separate();
    comma = true;
    quoted(name);
    put(':');
  }

  private void quoted(String s) {
    int n = s.length();
    ensure(n + 2);
    buf[len++] = '"';
    int i = 0;
    for (; i < n; i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c == '"' || c == '\\' || c >= 0x7f) {
        break;
      }
      buf[len++] = (byte) c;
    }
    if (i < n) {
      escaped(s, i);
    }
    put('"');
  }

  /** The rest of {@code s} from {@code from}: JSON escapes for quotes, backslashes and controls, UTF-8 for the rest. */
  private void escaped(String s, int from) {
    for (int i = from, n = s.length(); i < n; i++) {
      char c = s.charAt(i);
      ensure(12);
      if (c == '"' || c == '\\') {
        buf[len++] = '\\';
        buf[len++] = (byte) c;
      } else if (c == '\n') {
        buf[len++] = '\\';
        buf[len++] = 'n';
      } else if (c == '\r') {
        buf[len++] = '\\';
        buf[len++] = 'r';
      } else if (c == '\t') {
        buf[len++] = '\\';
        buf[len++] = 't';
      } else if (c < 0x20 || c == 0x7f) {
        unicodeEscape(c);
      } else if (c < 0x80) {
        buf[len++] = (byte) c;
      } else if (c < 0x800) {
        buf[len++] = (byte) (0xc0 | c >> 6);
        buf[len++] = (byte) (0x80 | c & 0x3f);
      } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
        int cp = Character.toCodePoint(c, s.charAt(++i));
        buf[len++] = (byte) (0xf0 | cp >> 18);
        buf[len++] = (byte) (0x80 | cp >> 12 & 0x3f);
        buf[len++] = (byte) (0x80 | cp >> 6 & 0x3f);
        buf[len++] = (byte) (0x80 | cp & 0x3f);
      } else if (Character.isSurrogate(c)) {
        unicodeEscape(c); // a lone surrogate has no UTF-8 form; JSON's \\u escape keeps it
      } else {
        buf[len++] = (byte) (0xe0 | c >> 12);
        buf[len++] = (byte) (0x80 | c >> 6 & 0x3f);
        buf[len++] = (byte) (0x80 | c & 0x3f);
      }
    }
  }

  private void unicodeEscape(char c) {
    buf[len++] = '\\';
    buf[len++] = 'u';
    buf[len++] = HEX[c >> 12 & 0xf];
    buf[len++] = HEX[c >> 8 & 0xf];
    buf[len++] = HEX[c >> 4 & 0xf];
    buf[len++] = HEX[c & 0xf];
  }

  private void digits(long v) {
    ensure(20);
    if (v < 0) {
      if (v == Long.MIN_VALUE) {
        put("-9223372036854775808".getBytes(StandardCharsets.US_ASCII));
        return;
      }
      buf[len++] = '-';
      v = -v;
    }
    if (v < 10) {
      buf[len++] = (byte) ('0' + v);
      return;
    }
    int end = len + digitCount(v);
    int pos = end;
    // Two digits per division, and int arithmetic once the value fits (a multiply, not a divide).
    while (v > Integer.MAX_VALUE) {
      long q = v / 100;
      int r = (int) (v - q * 100);
      buf[--pos] = ONES[r];
      buf[--pos] = TENS[r];
      v = q;
    }
    int i = (int) v;
    while (i >= 100) {
      int q = i / 100;
      int r = i - q * 100;
      buf[--pos] = ONES[r];
      buf[--pos] = TENS[r];
      i = q;
    }
    if (i >= 10) {
      buf[--pos] = ONES[i];
      buf[--pos] = TENS[i];
    } else {
      buf[--pos] = (byte) ('0' + i);
    }
    len = end;
  }

  /** Decimal digits of {@code v} (positive). */
  private static int digitCount(long v) {
    int n = 1;
    for (long p = 10; n < 19 && v >= p; p *= 10) {
      n++;
    }
    return n;
  }

  private void put(char c) {
    ensure(1);
    buf[len++] = (byte) c;
  }

  private void put(byte[] bytes) {
    ensure(bytes.length);
    System.arraycopy(bytes, 0, buf, len, bytes.length);
    len += bytes.length;
  }

  private void ensure(int more) {
    if (len + more > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + more));
    }
  }
}
