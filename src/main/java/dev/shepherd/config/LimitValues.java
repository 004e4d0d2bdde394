package dev.shepherd.config;

/**
 * Rate limits of one scope (a key, a key on one model, an account). {@code null} means no limit.
 *
 * @param rpm requests per minute
 * @param tpm tokens per minute (prompt + completion)
 * @param maxParallel requests in flight at once
 */
public record LimitValues(Long rpm, Long tpm, Integer maxParallel) {

  /** No limit at all. */
  public static final LimitValues NONE = new LimitValues(null, null, null);

  /** No value is set. */
  public boolean isNone() {
    return rpm == null && tpm == null && maxParallel == null;
  }
}
