package dev.shepherd.routing;

import java.util.concurrent.atomic.LongAdder;

/**
 * Two counters (events, and the subset that failed) over a sliding time window, kept in ten
 * buckets. Increments are lock-free and safe from any thread; a bucket is cleared when time
 * comes back round to it. Sums may miss an increment racing a bucket's reset — a tolerable
 * error for ratios — and never count one twice.
 */
final class SlidingCounts {
  private static final int BUCKETS = 10;
  private final long bucketMillis;
  private final Bucket[] buckets = new Bucket[BUCKETS];

  SlidingCounts(long windowMillis) {
    this.bucketMillis = Math.max(1, windowMillis / BUCKETS);
    for (int i = 0; i < BUCKETS; i++) {
      buckets[i] = new Bucket();
    }
  }

  void add(long nowMillis, boolean failed) {
    Bucket b = current(nowMillis);
    b.total.increment();
    if (failed) {
      b.failed.increment();
    }
  }

  /** Events in the window ending at {@code nowMillis}. */
  long total(long nowMillis) {
    return sum(nowMillis, false);
  }

  /** Failed events in the window ending at {@code nowMillis}. */
  long failed(long nowMillis) {
    return sum(nowMillis, true);
  }

  void clear() {
    for (Bucket b : buckets) {
      synchronized (b) {
        b.slot = -1;
        b.total.reset();
        b.failed.reset();
      }
    }
  }

  private long sum(long nowMillis, boolean failedOnly) {
    long slot = nowMillis / bucketMillis;
    long sum = 0;
    for (Bucket b : buckets) {
      long s = b.slot;
      if (s > slot - BUCKETS && s <= slot) {
        sum += failedOnly ? b.failed.sum() : b.total.sum();
      }
    }
    return sum;
  }

  private Bucket current(long nowMillis) {
    long slot = nowMillis / bucketMillis;
    Bucket b = buckets[(int) Math.floorMod(slot, (long) BUCKETS)];
    if (b.slot != slot) {
      synchronized (b) {
        if (b.slot < slot) {
          b.total.reset();
          b.failed.reset();
          b.slot = slot;
        }
      }
    }
    return b;
  }

  private static final class Bucket {
    volatile long slot = -1;
    final LongAdder total = new LongAdder();
    final LongAdder failed = new LongAdder();
  }
}
