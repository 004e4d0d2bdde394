package dev.shepherd.limits;

import dev.shepherd.config.LimitValues;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The local counters of one scope: its RPM and TPM bucket levels (in {@link Bucket} units) and
 * its requests in flight. Every method but the constructor must be called with {@link #lock}
 * held. A state found {@link #dead} after locking was evicted: look the scope up again.
 */
final class ScopeState {
  final ReentrantLock lock = new ReentrantLock();
  private LimitValues values;
  long rpm;
  long tpm;
  int par;
  long req;
  long tok;
  int inFlight;
  private long refilledAt;
  private long usedAt;
  boolean dead;

  /** Full buckets, nothing in flight. */
  ScopeState(LimitValues values, long now) {
    this.values = values;
    this.rpm = Bucket.cap(values.rpm());
    this.tpm = Bucket.cap(values.tpm());
    this.par = Bucket.parallel(values.maxParallel());
    this.req = Bucket.full(rpm);
    this.tok = Bucket.full(tpm);
    this.refilledAt = now;
    this.usedAt = now;
  }

  /**
   * Brings the buckets up to {@code now} and applies changed limits (after a config reload): a
   * level above a lowered limit is cut to it; a newly limited dimension starts full.
   */
  void refill(LimitValues v, long now) {
    long elapsed = now - refilledAt;
    if (elapsed > 0) {
      req = rpm == 0 ? 0 : Bucket.refill(req, rpm, elapsed);
      tok = tpm == 0 ? 0 : Bucket.refill(tok, tpm, elapsed);
      refilledAt = now;
    }
    if (v != values && !v.equals(values)) {
      long newRpm = Bucket.cap(v.rpm());
      long newTpm = Bucket.cap(v.tpm());
      req = rpm == 0 ? Bucket.full(newRpm) : Math.min(req, Bucket.full(newRpm));
      tok = tpm == 0 ? Bucket.full(newTpm) : Math.min(tok, Bucket.full(newTpm));
      rpm = newRpm;
      tpm = newTpm;
      par = Bucket.parallel(v.maxParallel());
    }
    values = v;
  }

  /** Takes one request, {@code reserved} tokens and a slot; true if a slot was taken. */
  boolean take(long reserved, long now) {
    req -= rpm == 0 ? 0 : Bucket.UNIT;
    tok -= tpm == 0 ? 0 : reserved * Bucket.UNIT;
    usedAt = now;
    if (par > 0) {
      inFlight++;
      return true;
    }
    return false;
  }

  /** Corrects the tokens by {@code delta} (actual − reserved) and releases a slot if one was taken. */
  void settle(long delta, boolean slot, long now) {
    refill(values, now);
    if (tpm > 0 && delta != 0) {
      tok = Math.clamp(tok - delta * Bucket.UNIT, Bucket.floor(tpm), Bucket.full(tpm));
    }
    if (slot && inFlight > 0) {
      inFlight--;
    }
    usedAt = now;
  }

  /** Nothing in flight, buckets full, unused for {@code idleMs}: forgetting it changes nothing. */
  boolean idle(long now, long idleMs) {
    refill(values, now);
    return inFlight == 0
        && now - usedAt >= idleMs
        && req >= Bucket.full(rpm)
        && tok >= Bucket.full(tpm);
  }
}
