package dev.shepherd.observe.slo;

import dev.shepherd.config.SloMetric;
import dev.shepherd.config.SloWindow;
import dev.shepherd.store.LatencyHistogram;
import dev.shepherd.store.RequestLogStore;
import dev.shepherd.store.RequestRollup;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One model's figures over a sliding window, merged from hourly rollups only (never raw rows).
 *
 * <p>The window {@code (now − length, now]} covers the current, partial hour (its rollup is kept up
 * to date by every written batch, so it lags at most the writer's period), the whole hours before
 * it, and part of the oldest hour: that hour's counts are weighted by the share of it inside the
 * window, assuming its requests were spread evenly over it. Counts can therefore be fractional.
 * Percentiles are within {@link LatencyHistogram#RELATIVE_ERROR} (2%) of the exact ones of the
 * requests counted; with a partly covered oldest hour, "the requests counted" is itself that
 * evenly spread estimate.
 */
public final class WindowStats {
  private final String model;
  private double requests;
  private double errors;
  private double promptTokens;
  private double completionTokens;
  private double costMicros;
  private final LatencyHistogram latency = new LatencyHistogram();
  private final LatencyHistogram ttft = new LatencyHistogram();
  private final LatencyHistogram overhead = new LatencyHistogram();

  WindowStats(String model) {
    this.model = model;
  }

  /** Per model (sorted by id), the window of {@code length} ending at {@code nowMillis}. Blocks (JDBC). */
  public static List<WindowStats> of(RequestLogStore store, SloWindow length, long nowMillis) {
    long from = nowMillis - length.millis();
    long firstHour = RequestRollup.hourOf(from);
    List<RequestRollup> rollups = store.rollups(firstHour, RequestRollup.hourOf(nowMillis) + RequestRollup.HOUR);
    return merge(rollups, from);
  }

  /** Merges rollups into per-model stats; the hour holding {@code fromMillis} weighs its share after it. */
  static List<WindowStats> merge(List<RequestRollup> rollups, long fromMillis) {
    long firstHour = RequestRollup.hourOf(fromMillis);
    double firstWeight = (firstHour + RequestRollup.HOUR - fromMillis) / (double) RequestRollup.HOUR;
    Map<String, WindowStats> byModel = new TreeMap<>();
    for (RequestRollup r : rollups) {
      if (r.hour() < firstHour) {
        continue;
      }
      double w = r.hour() == firstHour ? firstWeight : 1;
      byModel.computeIfAbsent(r.model(), WindowStats::new).add(r, w);
    }
    return new ArrayList<>(byModel.values());
  }

  private void add(RequestRollup r, double weight) {
    requests += r.requests() * weight;
    errors += r.errors() * weight;
    promptTokens += r.promptTokens() * weight;
    completionTokens += r.completionTokens() * weight;
    costMicros += r.costMicros() * weight;
    latency.addScaled(r.latency(), weight);
    ttft.addScaled(r.ttft(), weight);
    overhead.addScaled(r.overhead(), weight);
  }

  public String model() {
    return model;
  }

  public double requests() {
    return requests;
  }

  public double errors() {
    return errors;
  }

  /** Errors ÷ requests; 0 without requests. */
  public double errorRate() {
    return requests <= 0 ? 0 : errors / requests;
  }

  public double promptTokens() {
    return promptTokens;
  }

  public double completionTokens() {
    return completionTokens;
  }

  public double costMicros() {
    return costMicros;
  }

  /** The histogram of {@code series} ({@code latency}, {@code ttft}, {@code overhead}). */
  public LatencyHistogram series(String series) {
    return switch (series) {
      case "latency" -> latency;
      case "ttft" -> ttft;
      case "overhead" -> overhead;
      default -> throw new IllegalArgumentException("series: " + series + " (expected: latency, ttft or overhead)");
    };
  }

  /** The value of {@code metric}: milliseconds, or the error rate; {@code NaN} when there is nothing to measure. */
  public double value(SloMetric metric) {
    if (metric == SloMetric.ERROR_RATE) {
      return requests <= 0 ? Double.NaN : errorRate();
    }
    return series(metric.series()).quantileMillis(metric.quantile());
  }
}
