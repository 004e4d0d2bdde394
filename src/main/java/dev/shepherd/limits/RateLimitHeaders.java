package dev.shepherd.limits;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpServerResponse;

/**
 * Writes an {@link Admission} as OpenAI's rate-limit headers. OpenAI's rate-limit guide ("Rate
 * limits in headers", platform.openai.com/docs/guides/rate-limits) lists
 * {@code x-ratelimit-limit-requests} (60), {@code x-ratelimit-limit-tokens} (150000),
 * {@code x-ratelimit-remaining-requests} (59), {@code x-ratelimit-remaining-tokens} (149984),
 * {@code x-ratelimit-reset-requests} (1s) and {@code x-ratelimit-reset-tokens} (6m0s): the reset is
 * "the time until the rate limit resets to its initial state", written as a Go-style duration
 * (the API also sends values such as {@code 12ms}); {@link #duration} produces that form.
 *
 * <p>Only limited dimensions get headers. A refusal also gets {@code retry-after} (whole seconds,
 * rounded up, at least 1) and {@code retry-after-ms}, which OpenAI's SDKs honour.
 */
public final class RateLimitHeaders {
  private RateLimitHeaders() {}

  public static void apply(HttpServerResponse response, Admission a) {
    MultiMap h = response.headers();
    if (a.limitRequests() >= 0) {
      h.set("x-ratelimit-limit-requests", Long.toString(a.limitRequests()));
      h.set("x-ratelimit-remaining-requests", Long.toString(a.remainingRequests()));
      h.set("x-ratelimit-reset-requests", duration(a.resetRequestsMillis()));
    }
    if (a.limitTokens() >= 0) {
      h.set("x-ratelimit-limit-tokens", Long.toString(a.limitTokens()));
      h.set("x-ratelimit-remaining-tokens", Long.toString(a.remainingTokens()));
      h.set("x-ratelimit-reset-tokens", duration(a.resetTokensMillis()));
    }
    if (!a.admitted()) {
      h.set("retry-after", Long.toString(retryAfterSeconds(a.retryAfterMillis())));
      h.set("retry-after-ms", Long.toString(a.retryAfterMillis()));
    }
  }

  /** Whole seconds, rounded up, at least 1. */
  static long retryAfterSeconds(long millis) {
    return Math.max(1, Math.ceilDiv(millis, 1000));
  }

  /**
   * A duration as Go prints it, to the millisecond: {@code 0s}, {@code 20ms}, {@code 1s},
   * {@code 1.5s}, {@code 6m0s}, {@code 1h0m0s}; negative values print as {@code 0s}.
   */
  public static String duration(long millis) {
    if (millis <= 0) {
      return "0s";
    }
    if (millis < 1000) {
      return millis + "ms";
    }
    StringBuilder b = new StringBuilder(12);
    long hours = millis / 3_600_000;
    long minutes = millis / 60_000 % 60;
    if (hours > 0) {
      b.append(hours).append('h');
    }
    if (hours > 0 || minutes > 0) {
      b.append(minutes).append('m');
    }
    b.append(millis / 1000 % 60);
    int ms = (int) (millis % 1000);
    if (ms > 0) {
      String frac = Integer.toString(1000 + ms).substring(1); // three digits
      int end = frac.length();
      while (frac.charAt(end - 1) == '0') {
        end--;
      }
      b.append('.').append(frac, 0, end);
    }
    return b.append('s').toString();
  }
}
