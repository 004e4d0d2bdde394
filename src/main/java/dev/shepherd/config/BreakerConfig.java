package dev.shepherd.config;

/**
 * Circuit breaker settings, one breaker per deployment.
 *
 * @param windowSeconds length of the sliding window over which failures are counted (≥ 1)
 * @param minimumRequests attempts the window must hold before the ratio can open the breaker (≥ 1)
 * @param failureRatio failures ÷ attempts at or above which the breaker opens (0 &lt; r ≤ 1)
 * @param openMs how long an open breaker refuses traffic before probing (≥ 1)
 * @param halfOpenProbes live requests let through while half-open; all must succeed to close (≥ 1)
 */
public record BreakerConfig(int windowSeconds, int minimumRequests, double failureRatio, long openMs,
    int halfOpenProbes) {

  /** 30 s window, 10 requests minimum, 50% failures, 30 s open, 3 probes. */
  public static final BreakerConfig DEFAULT = new BreakerConfig(30, 10, 0.5, 30_000, 3);
}
