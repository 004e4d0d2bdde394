package dev.shepherd.config;

/**
 * Request and token limits.
 *
 * @param redisUrl {@code redis://…} to share counters between instances; empty: this instance only
 * @param redisFailMode what to do while Redis is unreachable
 * @param instances how many instances share the limits (for {@link FailMode#LOCAL}: each enforces limit ÷ instances)
 * @param redisTimeoutMs longest wait for Redis before the fail mode applies (≥ 1)
 * @param keyDefaults limits of a key that has none of its own (per key, across models)
 * @param accountDefaults limits of every account (shared by all its keys)
 * @param defaultCompletionReserve tokens reserved for the completion when a request sets no
 *     {@code max_tokens} (TPM reservation; corrected to actual usage at the end)
 * @param clampMaxTokens lower {@code max_tokens} to what fits the context window instead of
 *     rejecting the request with 400 {@code context_length_exceeded}
 */
public record LimitsConfig(String redisUrl, FailMode redisFailMode, int instances, long redisTimeoutMs,
    LimitValues keyDefaults, LimitValues accountDefaults, long defaultCompletionReserve, boolean clampMaxTokens) {

  /** Local counters, no default limits, 1,024-token completion reserve, reject what does not fit. */
  public static final LimitsConfig DEFAULT =
      new LimitsConfig("", FailMode.LOCAL, 1, 50, LimitValues.NONE, LimitValues.NONE, 1_024, false);
}
