package dev.shepherd.config;

import java.util.Locale;

/**
 * What an SLO objective measures: a percentile of one latency series (milliseconds), or the error
 * rate (a fraction, 0.01 = 1%). The series are {@code latency} (whole request, answered ones),
 * {@code ttft} (time to the first byte of a stream) and {@code overhead} (time spent in the gateway
 * rather than in upstream attempts: latency − upstream, as the {@code shepherd_gateway_overhead}
 * metric).
 */
public enum SloMetric {
  P50_LATENCY_MS("latency", 0.50),
  P95_LATENCY_MS("latency", 0.95),
  P99_LATENCY_MS("latency", 0.99),
  P50_TTFT_MS("ttft", 0.50),
  P95_TTFT_MS("ttft", 0.95),
  P99_TTFT_MS("ttft", 0.99),
  P50_OVERHEAD_MS("overhead", 0.50),
  P95_OVERHEAD_MS("overhead", 0.95),
  P99_OVERHEAD_MS("overhead", 0.99),
  ERROR_RATE(null, 0);

  private final String series;
  private final double quantile;

  SloMetric(String series, double quantile) {
    this.series = series;
    this.quantile = quantile;
  }

  /** The config name, e.g. {@code p95_latency_ms}. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** {@code latency}, {@code ttft}, {@code overhead}, or {@code null} for the error rate. */
  public String series() {
    return series;
  }

  /** The percentile as a fraction (0.95), or 0 for the error rate. */
  public double quantile() {
    return quantile;
  }

  /** The metric named {@code text} (any case), or {@code null}. */
  public static SloMetric parse(String text) {
    if (text == null) {
      return null;
    }
    for (SloMetric m : values()) {
      if (m.id().equalsIgnoreCase(text.trim())) {
        return m;
      }
    }
    return null;
  }

  /** Every config name, comma-separated, for messages. */
  public static String names() {
    StringBuilder b = new StringBuilder();
    for (SloMetric m : values()) {
      b.append(b.isEmpty() ? "" : ", ").append(m.id());
    }
    return b.toString();
  }
}
