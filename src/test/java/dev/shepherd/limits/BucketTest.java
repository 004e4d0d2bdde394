package dev.shepherd.limits;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.shepherd.config.LimitValues;
import org.junit.jupiter.api.Test;

/** Bucket arithmetic at its edges: no overflow, exact waits, rounding up when dividing. */
class BucketTest {
  @Test
  void refillIsExactAndCapped() {
    assertEquals(5 * Bucket.UNIT, Bucket.refill(0, 5, 60_000));
    assertEquals(5 * 12_000, Bucket.refill(0, 5, 12_000), "one request back after 12 s");
    assertEquals(Bucket.full(5), Bucket.refill(0, 5, Long.MAX_VALUE));
    assertEquals(Bucket.full(Bucket.MAX_LIMIT), Bucket.refill(Bucket.floor(Bucket.MAX_LIMIT), Bucket.MAX_LIMIT, Long.MAX_VALUE));
    assertEquals(7, Bucket.refill(7, 5, 0));
    assertEquals(7, Bucket.refill(7, 5, -100), "time going backwards refills nothing");
    assertEquals(Bucket.full(5), Bucket.refill(Bucket.full(10), 5, 0), "above a lowered capacity: cut to it");
  }

  @Test
  void levelsStayExactAsDoubles() {
    long extreme = Math.abs(Bucket.floor(Bucket.MAX_LIMIT));
    assertEquals(extreme, (long) (double) extreme);
    assertEquals(true, extreme < (1L << 53));
  }

  @Test
  void waitsAndRemaining() {
    assertEquals(0, Bucket.waitMillis(Bucket.UNIT, Bucket.UNIT, 5));
    assertEquals(12_000, Bucket.waitMillis(0, Bucket.UNIT, 5));
    assertEquals(1, Bucket.waitMillis(Bucket.UNIT - 1, Bucket.UNIT, 5), "a part of a millisecond rounds up");
    assertEquals(0, Bucket.remaining(-Bucket.UNIT));
    assertEquals(2, Bucket.remaining(3 * Bucket.UNIT - 1));
    assertEquals(60_000, Bucket.resetMillis(0, 7));
  }

  @Test
  void clampsAndDivision() {
    assertEquals(0, Bucket.cap(null));
    assertEquals(1, Bucket.cap(0L));
    assertEquals(Bucket.MAX_LIMIT, Bucket.cap(Long.MAX_VALUE));
    assertEquals(0, Bucket.tokens(-5));
    assertEquals(new LimitValues(4L, 34L, 1), Bucket.divide(new LimitValues(10L, 100L, 1), 3));
    assertEquals(new LimitValues(null, 50L, null), Bucket.divide(new LimitValues(null, 100L, null), 2));
  }
}
