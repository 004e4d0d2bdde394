package dev.shepherd.provider.http;

/** An upstream's wish to be left alone for a while, from its response headers. */
public final class RetryAfter {
  private RetryAfter() {}

  /**
   * Milliseconds from {@code retry-after-ms}, else {@code retry-after} (seconds, fractions allowed),
   * or -1 when neither is given or readable (an HTTP date is not worth parsing for a relay hint).
   */
  public static long millis(String ms, String seconds) {
    try {
      if (ms != null) {
        return Math.max(0, (long) Double.parseDouble(ms.trim()));
      }
      if (seconds != null) {
        return Math.max(0, (long) (Double.parseDouble(seconds.trim()) * 1000));
      }
    } catch (NumberFormatException e) {
      return -1;
    }
    return -1;
  }
}
