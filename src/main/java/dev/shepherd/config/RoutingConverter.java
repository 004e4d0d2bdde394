package dev.shepherd.config;

/**
 * Validates and converts the optional {@code routing} section. Every absent key (or the whole
 * section) takes its value from {@link RoutingConfig#DEFAULT}; every out-of-range value is recorded
 * in the shared {@link ConfigConverter.Problems} under its full key path.
 */
final class RoutingConverter {
  /** The most upstream attempts one client request may make. */
  static final int MAX_ATTEMPTS_CAP = 10;

  /** The longest breaker window, in seconds. */
  static final int MAX_WINDOW_SECONDS = 3600;

  private RoutingConverter() {}

  static RoutingConfig convert(ConfigConverter.Problems problems, Raw.Routing r) {
    RoutingConfig d = RoutingConfig.DEFAULT;
    if (r == null) {
      return d;
    }
    int attempts = (int) problems.range("routing.max_attempts", r.maxAttempts(), d.maxAttempts(), 1, MAX_ATTEMPTS_CAP);

    Raw.RetryBudget b = r.retryBudget() == null ? new Raw.RetryBudget(null, null) : r.retryBudget();
    double ratio = problems.fraction("routing.retry_budget.ratio", b.ratio(), d.retryBudgetRatio(), true);
    int minPerSecond = (int) problems.range("routing.retry_budget.min_per_second", b.minPerSecond(),
        d.retryBudgetMinPerSecond(), 0, Integer.MAX_VALUE);

    Raw.Cooldown c = r.cooldown() == null ? new Raw.Cooldown(null, null) : r.cooldown();
    long defaultMs = problems.range("routing.cooldown.default_ms", c.defaultMs(), d.defaultCooldownMs(), 0, Long.MAX_VALUE);
    long maxMs = problems.range("routing.cooldown.max_ms", c.maxMs(), d.maxCooldownMs(), 1, Long.MAX_VALUE);
    if (defaultMs >= 0 && maxMs >= 1 && defaultMs > maxMs) {
      String value = c.defaultMs() == null ? defaultMs + " (the default)" : String.valueOf(defaultMs);
      problems.note("routing.cooldown.default_ms", value, "at most routing.cooldown.max_ms, " + maxMs);
    }
    boolean trace = r.traceHeader() == null ? d.traceHeader() : r.traceHeader();
    return new RoutingConfig(attempts, ratio, minPerSecond, defaultMs, maxMs, breaker(problems, r.breaker()), trace);
  }

  private static BreakerConfig breaker(ConfigConverter.Problems problems, Raw.Breaker b) {
    BreakerConfig d = BreakerConfig.DEFAULT;
    if (b == null) {
      return d;
    }
    String path = "routing.breaker.";
    return new BreakerConfig(
        (int) problems.range(path + "window_seconds", b.windowSeconds(), d.windowSeconds(), 1, MAX_WINDOW_SECONDS),
        (int) problems.range(path + "minimum_requests", b.minimumRequests(), d.minimumRequests(), 1, Integer.MAX_VALUE),
        problems.fraction(path + "failure_ratio", b.failureRatio(), d.failureRatio(), false),
        problems.range(path + "open_ms", b.openMs(), d.openMs(), 1, Long.MAX_VALUE),
        (int) problems.range(path + "half_open_probes", b.halfOpenProbes(), d.halfOpenProbes(), 1, Integer.MAX_VALUE));
  }
}
