package dev.shepherd.routing;

import dev.shepherd.config.BreakerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The circuit breaker of one deployment. Closed: attempts are counted over a sliding window and
 * the breaker opens when, with at least {@code minimumRequests} in the window, the failure ratio
 * reaches {@code failureRatio} (or at once on {@link #trip}). Open: no traffic for
 * {@code openMs}. Half-open: up to {@code halfOpenProbes} live requests go through; if all
 * succeed it closes, the first failure re-opens it. Every transition is logged.
 *
 * <p>Time is passed in (epoch millis) so behaviour is testable without sleeping. Thread-safe:
 * the closed-state fast paths are lock-free; transitions take the breaker's lock.
 */
public final class Breaker {
  private static final Logger LOG = LoggerFactory.getLogger("dev.shepherd.routing.breaker");

  /** Breaker states. */
  public enum State { CLOSED, OPEN, HALF_OPEN }

  private final String deploymentId;
  private volatile BreakerConfig config;
  private volatile SlidingCounts window;
  private volatile State state = State.CLOSED;
  private volatile long openUntil;
  private int probesInFlight;
  private int probeSuccesses;

  Breaker(String deploymentId, BreakerConfig config) {
    this.deploymentId = deploymentId;
    this.config = config;
    this.window = new SlidingCounts(config.windowSeconds() * 1000L);
  }

  /** Applies new settings (a reload); the window restarts if its length changed. */
  synchronized void configure(BreakerConfig next) {
    if (next.windowSeconds() != config.windowSeconds()) {
      window = new SlidingCounts(next.windowSeconds() * 1000L);
    }
    config = next;
  }

  public State state() {
    return state;
  }

  /** Epoch millis until which an open breaker refuses traffic. */
  public long openUntil() {
    return openUntil;
  }

  /** Whether the planner may consider this deployment now (closed, or open long enough to probe). */
  public boolean admits(long now) {
    State s = state;
    return s == State.CLOSED || s == State.HALF_OPEN || now >= openUntil;
  }

  /**
   * Asks to send one attempt. Returns {@link Permit#NORMAL} when closed, {@link Permit#PROBE}
   * when a half-open probe slot was taken (its result must be reported with {@code probe = true}),
   * or {@link Permit#DENIED}.
   */
  public Permit acquire(long now) {
    if (state == State.CLOSED) {
      return Permit.NORMAL;
    }
    synchronized (this) {
      if (state == State.CLOSED) {
        return Permit.NORMAL;
      }
      if (state == State.OPEN) {
        if (now < openUntil) {
          return Permit.DENIED;
        }
        transition(State.HALF_OPEN, "open for " + config.openMs() + " ms; probing with live traffic");
        probesInFlight = 0;
        probeSuccesses = 0;
      }
      if (probesInFlight + probeSuccesses >= config.halfOpenProbes()) {
        return Permit.DENIED;
      }
      probesInFlight++;
      return Permit.PROBE;
    }
  }

  /** Records the result of an attempt made with {@code permit}. */
  public void record(Permit permit, Result result, long now) {
    if (permit == Permit.PROBE) {
      recordProbe(result, now);
      return;
    }
    if (permit != Permit.NORMAL || result == Result.NEUTRAL || state != State.CLOSED) {
      return; // stale results from before an opening don't count
    }
    SlidingCounts w = window;
    w.add(now, result == Result.FAILURE);
    if (result == Result.FAILURE) {
      maybeOpen(w, now);
    }
  }

  /** Closes the breaker and forgets the window (an operator's reset). */
  synchronized void reset() {
    window.clear();
    probesInFlight = 0;
    probeSuccesses = 0;
    if (state != State.CLOSED) {
      transition(State.CLOSED, "reset by the operator");
    }
  }

  /** Opens at once (e.g. the upstream refused the gateway's credentials). */
  public synchronized void trip(String reason, long now) {
    if (state != State.OPEN) {
      open(reason, now);
    }
  }

  /** Attempts and failures in the current window. */
  public long[] windowCounts(long now) {
    SlidingCounts w = window;
    return new long[] {w.total(now), w.failed(now)};
  }

  private synchronized void maybeOpen(SlidingCounts w, long now) {
    if (state != State.CLOSED) {
      return;
    }
    long total = w.total(now);
    long failed = w.failed(now);
    BreakerConfig c = config;
    if (total >= c.minimumRequests() && failed >= c.failureRatio() * total) {
      open(failed + " of " + total + " attempts failed in " + c.windowSeconds() + " s", now);
    }
  }

  private synchronized void recordProbe(Result result, long now) {
    if (state != State.HALF_OPEN) {
      return;
    }
    probesInFlight = Math.max(0, probesInFlight - 1);
    if (result == Result.FAILURE) {
      open("a half-open probe failed", now);
    } else if (result == Result.SUCCESS && ++probeSuccesses >= config.halfOpenProbes()) {
      window.clear();
      transition(State.CLOSED, probeSuccesses + " probes succeeded");
    }
  }

  private void open(String reason, long now) {
    openUntil = now + config.openMs();
    transition(State.OPEN, reason);
  }

  private void transition(State next, String reason) {
    LOG.info("breaker {}: {} -> {} ({})", deploymentId, state, next, reason);
    state = next;
  }

  /** What {@link #acquire} granted. */
  public enum Permit { NORMAL, PROBE, DENIED }

  /** How an attempt counts. */
  public enum Result {
    SUCCESS,
    FAILURE,
    /** Says nothing about the upstream's health (client left, caller's bad request). */
    NEUTRAL
  }
}
