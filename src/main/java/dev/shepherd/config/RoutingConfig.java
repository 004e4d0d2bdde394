package dev.shepherd.config;

/**
 * How requests move between deployments when one fails.
 *
 * @param maxAttempts upstream attempts per client request, the first included (≥ 1)
 * @param retryBudgetRatio extra attempts allowed as a share of client requests over the last
 *     10 seconds, across the instance (0–1; 0.2 = at most 20% extra upstream calls)
 * @param retryBudgetMinPerSecond extra attempts always allowed per second, so a quiet gateway can
 *     still fail over (≥ 0)
 * @param defaultCooldownMs cooldown after an upstream 429 that names no Retry-After (≥ 0)
 * @param maxCooldownMs longest cooldown an upstream's Retry-After can impose (≥ 1)
 * @param breaker circuit breaker settings
 * @param traceHeader answer {@code x-shepherd-route-trace: 1} with the routing decision (it names
 *     providers and upstream models; a relay may prefer to keep those to itself)
 */
public record RoutingConfig(int maxAttempts, double retryBudgetRatio, int retryBudgetMinPerSecond,
    long defaultCooldownMs, long maxCooldownMs, BreakerConfig breaker, boolean traceHeader) {

  /** 3 attempts, 20% budget with 5/s floor, 1 s default and 5 min maximum cooldown, traces on. */
  public static final RoutingConfig DEFAULT =
      new RoutingConfig(3, 0.2, 5, 1_000, 300_000, BreakerConfig.DEFAULT, true);
}
