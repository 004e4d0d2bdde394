package dev.shepherd.routing;

/**
 * Caps extra upstream attempts across the instance, so failover cannot multiply an outage:
 * over the last 10 seconds, retries may not exceed {@code ratio} × client requests plus
 * {@code minPerSecond} × 10. Lock-free on the hot path; thread-safe.
 */
public final class RetryBudget {
  private static final long WINDOW_MILLIS = 10_000;
  private final SlidingCounts requests = new SlidingCounts(WINDOW_MILLIS);
  private final SlidingCounts retries = new SlidingCounts(WINDOW_MILLIS);
  private volatile double ratio;
  private volatile int minPerSecond;

  public RetryBudget(double ratio, int minPerSecond) {
    configure(ratio, minPerSecond);
  }

  /** Applies reloaded settings; counts are kept. */
  public void configure(double ratio, int minPerSecond) {
    this.ratio = ratio;
    this.minPerSecond = minPerSecond;
  }

  /** Counts a client request (its first attempt). */
  public void onRequest(long now) {
    requests.add(now, false);
  }

  /** Takes one retry from the budget if any is left; {@code false} means don't retry. */
  public boolean tryRetry(long now) {
    if (retries.total(now) >= allowance(now)) {
      return false;
    }
    retries.add(now, false);
    return true;
  }

  /** Retries still allowed in the current window. */
  public long remaining(long now) {
    return Math.max(0, allowance(now) - retries.total(now));
  }

  /** Client requests and retries counted in the current window. */
  public long[] windowCounts(long now) {
    return new long[] {requests.total(now), retries.total(now)};
  }

  private long allowance(long now) {
    return (long) (ratio * requests.total(now)) + minPerSecond * (WINDOW_MILLIS / 1000);
  }
}
