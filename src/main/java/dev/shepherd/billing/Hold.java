package dev.shepherd.billing;

import dev.shepherd.store.HoldRecord;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One request's credit hold, or a refusal to hold. A granted hold settles at most once
 * (thread-safe); a refusal carries what was available, for the error message.
 */
public final class Hold {
  private final String accountId;
  private final long micros;
  private final HoldRecord record;
  private final long availableWhenRefused;
  private final AtomicBoolean settled = new AtomicBoolean();

  private Hold(String accountId, long micros, HoldRecord record, long availableWhenRefused) {
    this.accountId = accountId;
    this.micros = micros;
    this.record = record;
    this.availableWhenRefused = availableWhenRefused;
  }

  static Hold granted(String accountId, long micros, HoldRecord record) {
    return new Hold(accountId, micros, record, -1);
  }

  static Hold refused(String accountId, long micros, long available) {
    return new Hold(accountId, micros, null, Math.max(0, available));
  }

  public boolean isGranted() {
    return availableWhenRefused < 0;
  }

  /** Micro-USD available when the hold was refused (0 for an unknown account); -1 when granted. */
  public long availableWhenRefused() {
    return availableWhenRefused;
  }

  public String accountId() {
    return accountId;
  }

  public long micros() {
    return micros;
  }

  /** The stored form (request id, instance), or {@code null} for a hold made without one. */
  public HoldRecord record() {
    return record;
  }

  public boolean settled() {
    return settled.get();
  }

  /** Marks the hold settled; false if it already was (or was never granted). */
  boolean settle() {
    return isGranted() && settled.compareAndSet(false, true);
  }
}
