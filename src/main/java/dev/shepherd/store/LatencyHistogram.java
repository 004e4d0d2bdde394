package dev.shepherd.store;

import java.util.Arrays;

/**
 * A mergeable latency histogram: counts in fixed, logarithmically spaced buckets of microseconds,
 * so histograms of different hours, models or instances add bucket by bucket, exactly.
 *
 * <p>Bucket {@code i > 0} holds values in {@code (γ^(i-1), γ^i]} µs with
 * {@code γ = (1 + α) / (1 - α)}, {@code α = }{@value #RELATIVE_ERROR}; bucket 0 holds values of
 * at most 1 µs. A percentile is answered with its bucket's representative {@code 2γ^i / (γ + 1)},
 * which is within a relative {@code α} (2%) of every value in the bucket. Hence <b>the error bound</b>:
 * for any data between 1 µs and {@code γ^}{@value #MAX_INDEX} µs (about 7.4 hours),
 * {@link #quantile(double) quantile(q)} is within 2% of the exact lower nearest-rank percentile
 * {@code sorted[floor(q × (n − 1))]}. Longer values are counted in the last bucket (their
 * percentiles read as ~7.4 h).
 *
 * <p>Counts are doubles so that a window can weight a partly covered hour ({@link #addScaled});
 * stored histograms only ever hold whole counts. Stored as text: {@code index:count} pairs in index
 * order, comma-separated ({@code "212:3,215:1"}); the empty string is an empty histogram. Not
 * thread-safe.
 */
public final class LatencyHistogram {
  /** The relative error bound of every percentile, α. */
  public static final double RELATIVE_ERROR = 0.02;
  /** The last bucket; larger values are clamped into it. */
  public static final int MAX_INDEX = 600;
  private static final double GAMMA = (1 + RELATIVE_ERROR) / (1 - RELATIVE_ERROR);
  private static final double LN_GAMMA = Math.log(GAMMA);
  private double[] counts = new double[0];
  private double total;

  /** Counts one value, in microseconds (negative values count as 0). */
  public void add(long micros) {
    addAt(index(micros), 1);
  }

  /** The bucket of {@code micros}. */
  static int index(long micros) {
    if (micros <= 1) {
      return 0;
    }
    return (int) Math.min(MAX_INDEX, Math.ceil(Math.log(micros) / LN_GAMMA));
  }

  /** The value reported for bucket {@code i}, in microseconds. */
  static double representative(int i) {
    return i == 0 ? 1 : 2 * Math.pow(GAMMA, i) / (GAMMA + 1);
  }

  private void addAt(int i, double n) {
    if (i >= counts.length) {
      counts = Arrays.copyOf(counts, Math.max(i + 1, Math.min(MAX_INDEX + 1, counts.length * 2)));
    }
    counts[i] += n;
    total += n;
  }

  /** Adds every count of {@code other}. */
  public void add(LatencyHistogram other) {
    addScaled(other, 1);
  }

  /** Adds every count of {@code other} times {@code weight} (a window's share of an hour). */
  public void addScaled(LatencyHistogram other, double weight) {
    for (int i = other.counts.length - 1; i >= 0; i--) {
      if (other.counts[i] != 0) {
        addAt(i, other.counts[i] * weight);
      }
    }
  }

  /** The number of values counted (weighted). */
  public double count() {
    return total;
  }

  public boolean isEmpty() {
    return total <= 0;
  }

  /**
   * The {@code q} percentile in milliseconds ({@code q} in [0, 1]), within {@link #RELATIVE_ERROR}
   * of the exact one; {@code NaN} when empty.
   */
  public double quantileMillis(double q) {
    return quantile(q) / 1_000.0;
  }

  /** As {@link #quantileMillis}, in microseconds. */
  public double quantile(double q) {
    if (q < 0 || q > 1) {
      throw new IllegalArgumentException("q: " + q + " (expected: 0..1)");
    }
    if (total <= 0) {
      return Double.NaN;
    }
    double rank = q * Math.max(0, total - 1);
    double seen = 0;
    int last = 0;
    for (int i = 0; i < counts.length; i++) {
      if (counts[i] > 0) {
        seen += counts[i];
        last = i;
        if (seen > rank) {
          return representative(i);
        }
      }
    }
    return representative(last);
  }

  /** The text form: {@code index:count} pairs, counts rounded to whole numbers. */
  public String encode() {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < counts.length; i++) {
      long n = Math.round(counts[i]);
      if (n > 0) {
        sb.append(sb.isEmpty() ? "" : ",").append(i).append(':').append(n);
      }
    }
    return sb.toString();
  }

  /**
   * Reads {@link #encode}'s text ({@code null} or empty: an empty histogram).
   *
   * @throws IllegalArgumentException if the text is not such a list
   */
  public static LatencyHistogram decode(String text) {
    LatencyHistogram h = new LatencyHistogram();
    if (text == null || text.isEmpty()) {
      return h;
    }
    int at = 0;
    while (at < text.length()) {
      int colon = text.indexOf(':', at);
      int comma = text.indexOf(',', at);
      int end = comma < 0 ? text.length() : comma;
      if (colon < 0 || colon > end) {
        throw new IllegalArgumentException("histogram: \"" + text + "\" (expected: index:count,...)");
      }
      int i = Integer.parseInt(text, at, colon, 10);
      long n = Long.parseLong(text, colon + 1, end, 10);
      if (i < 0 || i > MAX_INDEX || n < 0) {
        throw new IllegalArgumentException("histogram: \"" + text + "\" (expected: index 0.." + MAX_INDEX
            + ", counts >= 0)");
      }
      h.addAt(i, n);
      at = end + 1;
    }
    return h;
  }

  @Override
  public String toString() {
    return encode();
  }
}
