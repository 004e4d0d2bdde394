package dev.shepherd.routing;

import dev.shepherd.api.ErrorKind;
import dev.shepherd.config.BreakerConfig;
import java.util.concurrent.atomic.LongAdder;

/**
 * What Shepherd knows about one deployment's health: its breaker, any cooldown an upstream
 * asked for (Retry-After), and running totals for the admin view. Shared by every model and
 * config generation that routes to the same deployment id, so state survives a reload.
 * Thread-safe.
 */
public final class Health {
  private final String deploymentId;
  private final Breaker breaker;
  private volatile long coolUntil;
  private volatile ErrorKind coolKind = ErrorKind.UPSTREAM_RATE_LIMITED;
  /** Shadow copies one deployment may have in flight; more are not sent (and counted as skipped). */
  public static final int MAX_SHADOWS_IN_FLIGHT = 64;

  private final java.util.concurrent.atomic.AtomicInteger shadowsInFlight = new java.util.concurrent.atomic.AtomicInteger();
  private final LongAdder shadowsSkipped = new LongAdder();
  private final LongAdder attempts = new LongAdder();
  private final LongAdder failures = new LongAdder();
  private final LongAdder latencyMillis = new LongAdder();
  private final LongAdder promptTokens = new LongAdder();
  private final LongAdder completionTokens = new LongAdder();

  Health(String deploymentId, BreakerConfig breaker) {
    this.deploymentId = deploymentId;
    this.breaker = new Breaker(deploymentId, breaker);
  }

  public String deploymentId() {
    return deploymentId;
  }

  public Breaker breaker() {
    return breaker;
  }

  /** Refuse traffic until {@code now + millis} (extends, never shortens, a running cooldown). */
  public void coolDown(long now, long millis, ErrorKind kind) {
    long until = now + millis;
    if (until > coolUntil) {
      coolKind = kind;
      coolUntil = until;
    }
  }

  /** Milliseconds of cooldown left at {@code now}; 0 when none. */
  public long coolingFor(long now) {
    long left = coolUntil - now;
    return left > 0 ? left : 0;
  }

  /** Why the running cooldown was imposed (429 rate limit or 503 unavailable). */
  public ErrorKind coolKind() {
    return coolKind;
  }

  /** Closes the breaker and ends the cooldown. */
  void reset() {
    coolUntil = 0;
    breaker.reset();
  }

  /** Takes a shadow slot; {@code false} (and counted) when {@link #MAX_SHADOWS_IN_FLIGHT} are taken. */
  public boolean startShadow() {
    if (shadowsInFlight.incrementAndGet() > MAX_SHADOWS_IN_FLIGHT) {
      shadowsInFlight.decrementAndGet();
      shadowsSkipped.increment();
      return false;
    }
    return true;
  }

  public void endShadow() {
    shadowsInFlight.decrementAndGet();
  }

  /** Shadow copies not sent because too many were in flight. */
  public long shadowsSkipped() {
    return shadowsSkipped.sum();
  }

  /** Counts one finished attempt for the admin view. */
  public void count(boolean failed, long latencyMs, long prompt, long completion) {
    attempts.increment();
    if (failed) {
      failures.increment();
    }
    latencyMillis.add(latencyMs);
    promptTokens.add(Math.max(0, prompt));
    completionTokens.add(Math.max(0, completion));
  }

  /** Totals since start: attempts, failures, latency ms, prompt tokens, completion tokens. */
  public long[] totals() {
    return new long[] {attempts.sum(), failures.sum(), latencyMillis.sum(), promptTokens.sum(),
        completionTokens.sum()};
  }
}
