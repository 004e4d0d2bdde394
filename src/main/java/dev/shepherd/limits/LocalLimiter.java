package dev.shepherd.limits;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Limits counted in this process only: exact for one instance. Each scope's counters live in a
 * {@link ScopeState} under its own lock; one call locks its scopes in id order (so calls never
 * deadlock), checks all, and takes from all or none. Idle scopes (buckets full, nothing in flight,
 * unused for {@link #IDLE_MS}) are dropped by a sweep that some call runs at most once a minute.
 */
final class LocalLimiter implements Limiter {
  static final long IDLE_MS = 120_000;
  static final long SWEEP_EVERY_MS = 60_000;
  private static final Logger log = LoggerFactory.getLogger(LocalLimiter.class);

  private final ConcurrentHashMap<String, ScopeState> states = new ConcurrentHashMap<>();
  private final AtomicLong nextSweep = new AtomicLong(Long.MIN_VALUE);

  @Override
  public CompletionStage<Admission> admit(List<LimitScope> scopes, long reservedTokens, long nowMillis) {
    return CompletableFuture.completedFuture(check(scopes, reservedTokens, nowMillis));
  }

  /** {@link #admit}, synchronously. */
  Admission check(List<LimitScope> scopes, long reservedTokens, long now) {
    maybeSweep(now);
    LimitScope[] counted = Scopes.counted(scopes);
    if (counted.length == 0) {
      return Admission.UNLIMITED;
    }
    long reserved = Bucket.tokens(reservedTokens);
    ScopeState[] locked = new ScopeState[counted.length];
    while (true) {
      int held = lockAll(counted, locked, now);
      try {
        if (held == counted.length) {
          return decide(counted, locked, reserved, now);
        }
      } finally {
        for (int i = held - 1; i >= 0; i--) {
          locked[i].lock.unlock();
        }
      }
    }
  }

  /** Locks the states in order; stops early (returning how many it holds) at an evicted one. */
  private int lockAll(LimitScope[] counted, ScopeState[] locked, long now) {
    for (int i = 0; i < counted.length; i++) {
      ScopeState s = state(counted[i], now);
      s.lock.lock();
      if (s.dead) {
        s.lock.unlock();
        return i;
      }
      locked[i] = s;
    }
    return counted.length;
  }

  private Admission decide(LimitScope[] counted, ScopeState[] states, long reserved, long now) {
    Tally tally = new Tally();
    boolean ok = true;
    for (int i = 0; i < counted.length; i++) {
      ScopeState s = states[i];
      s.refill(counted[i].values(), now);
      ok &= tally.check(counted[i].id(), s.rpm, s.tpm, s.par, s.req, s.tok, s.inFlight, reserved);
    }
    boolean[] slots = ok ? new boolean[counted.length] : null;
    for (int i = 0; i < counted.length; i++) {
      ScopeState s = states[i];
      if (ok) {
        slots[i] = s.take(reserved, now);
      }
      tally.observe(counted[i].id(), s.rpm, s.tpm, s.req, s.tok);
    }
    return ok ? tally.admitted(new Admission.Ticket(this, counted, slots, reserved, null)) : tally.refused();
  }

  @Override
  public void settle(Admission admitted, long actualTokens, long nowMillis) {
    try {
      Admission.Ticket t = admitted.ticket;
      if (t == null || t.owner() != this || !admitted.claimSettle()) {
        return;
      }
      long delta = Bucket.tokens(actualTokens) - t.reserved();
      for (int i = 0; i < t.scopes().length; i++) {
        settleOne(t.scopes()[i], delta, t.slots()[i], nowMillis);
      }
    } catch (RuntimeException e) {
      log.error("settling {} failed", admitted, e);
    }
  }

  private void settleOne(LimitScope scope, long delta, boolean slot, long now) {
    while (true) {
      ScopeState s = state(scope, now);
      s.lock.lock();
      try {
        if (!s.dead) {
          s.settle(delta, slot, now);
          return;
        }
      } finally {
        s.lock.unlock();
      }
    }
  }

  private ScopeState state(LimitScope scope, long now) {
    ScopeState s = states.get(scope.id());
    return s != null ? s : states.computeIfAbsent(scope.id(), id -> new ScopeState(scope.values(), now));
  }

  private void maybeSweep(long now) {
    long next = nextSweep.get();
    if (now >= next && nextSweep.compareAndSet(next, now + SWEEP_EVERY_MS)) {
      sweep(now);
    }
  }

  /** Drops idle scopes; skips any that another call holds right now. */
  void sweep(long now) {
    for (Map.Entry<String, ScopeState> e : states.entrySet()) {
      ScopeState s = e.getValue();
      if (!s.lock.tryLock()) {
        continue;
      }
      try {
        if (!s.dead && s.idle(now, IDLE_MS)) {
          s.dead = true;
          states.remove(e.getKey(), s);
        }
      } finally {
        s.lock.unlock();
      }
    }
  }

  /** Scopes currently kept (for tests). */
  int size() {
    return states.size();
  }

  @Override
  public void close() {
    states.clear();
  }
}
