package dev.shepherd.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;

/** The documented bound: every percentile within 2% of the exact lower nearest-rank one. */
class LatencyHistogramTest {
  static final double[] QS = {0, 0.01, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 0.999, 1};

  /** The exact percentile the bound is stated against: {@code sorted[floor(q × (n − 1))]}. */
  static long exact(long[] sorted, double q) {
    return sorted[(int) Math.floor(q * (sorted.length - 1))];
  }

  static void assertWithinBound(long[] values) {
    LatencyHistogram h = new LatencyHistogram();
    for (long v : values) {
      h.add(v);
    }
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    for (double q : QS) {
      double want = Math.max(1, exact(sorted, q));
      double got = h.quantile(q);
      assertTrue(Math.abs(got - want) <= LatencyHistogram.RELATIVE_ERROR * want + 1e-9,
          "q=" + q + ": " + got + " vs exact " + want);
    }
  }

  static long[] sample(int n, LongSupplier s) {
    long[] out = new long[n];
    for (int i = 0; i < n; i++) {
      out[i] = s.getAsLong();
    }
    return out;
  }

  @Test
  void withinTwoPercentOnVariedDistributions() {
    SplittableRandom r = new SplittableRandom(7);
    // log-normal around 800 ms (LLM latencies), uniform 1 µs..10 s, bimodal fast/slow, tiny overheads
    assertWithinBound(sample(50_000, () -> (long) Math.exp(13.6 + 0.8 * r.nextGaussian())));
    assertWithinBound(sample(20_000, () -> r.nextLong(1, 10_000_000)));
    assertWithinBound(sample(30_000, () -> r.nextBoolean() ? r.nextLong(20, 60) : r.nextLong(2_000_000, 9_000_000)));
    assertWithinBound(sample(10_000, () -> r.nextLong(5, 400)));
    assertWithinBound(new long[] {42});
    assertWithinBound(new long[] {1, 1, 1, 1_000_000_000L});
  }

  @Test
  void mergingEqualsCountingTogether() {
    SplittableRandom r = new SplittableRandom(3);
    LatencyHistogram a = new LatencyHistogram();
    LatencyHistogram b = new LatencyHistogram();
    LatencyHistogram all = new LatencyHistogram();
    for (int i = 0; i < 5_000; i++) {
      long v = r.nextLong(1, 5_000_000);
      (i % 3 == 0 ? a : b).add(v);
      all.add(v);
    }
    a.add(b);
    assertEquals(all.encode(), a.encode());
    assertEquals(5_000, a.count());
  }

  @Test
  void encodesCompactlyAndRoundTrips() {
    LatencyHistogram h = new LatencyHistogram();
    h.add(1_000);
    h.add(1_000);
    h.add(250_000);
    String text = h.encode();
    assertTrue(text.matches("\\d+:2,\\d+:1"), text);
    assertEquals(text, LatencyHistogram.decode(text).encode());
    assertEquals("", new LatencyHistogram().encode());
    assertTrue(LatencyHistogram.decode("").isEmpty());
    assertTrue(LatencyHistogram.decode(null).isEmpty());
    assertThrows(IllegalArgumentException.class, () -> LatencyHistogram.decode("1:2,x"));
    assertThrows(IllegalArgumentException.class, () -> LatencyHistogram.decode("9999:1"));
  }

  @Test
  void weightsScaleCounts() {
    LatencyHistogram h = new LatencyHistogram();
    for (int i = 0; i < 100; i++) {
      h.add(10_000);
    }
    LatencyHistogram w = new LatencyHistogram();
    w.addScaled(h, 0.25);
    assertEquals(25, w.count(), 1e-9);
    assertEquals(h.quantile(0.5), w.quantile(0.5));
  }

  @Test
  void edges() {
    LatencyHistogram h = new LatencyHistogram();
    assertTrue(Double.isNaN(h.quantile(0.5)));
    h.add(-5);
    h.add(0);
    assertEquals(1, h.quantile(1)); // bucket 0: at most 1 µs
    h.add(Long.MAX_VALUE); // clamped into the last bucket
    assertEquals(LatencyHistogram.MAX_INDEX, LatencyHistogram.index(Long.MAX_VALUE));
    assertTrue(h.quantileMillis(1) > 7 * 3_600_000 * 0.9, "~7.4 h: " + h.quantileMillis(1));
    assertThrows(IllegalArgumentException.class, () -> h.quantile(1.5));
  }
}
