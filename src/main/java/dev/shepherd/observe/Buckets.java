package dev.shepherd.observe;

import java.time.Duration;

/**
 * The fixed histogram buckets (upper bounds, seconds) of Shepherd's latency histograms. Fixed so
 * that series from every instance and version aggregate; chosen for LLM traffic, where a request
 * takes from milliseconds (a rejection, an embedding) to minutes (a long reasoning stream).
 */
final class Buckets {
  /**
   * Whole requests and upstream attempts: the OpenTelemetry GenAI advisory buckets for
   * {@code gen_ai.server.request.duration} (10 ms doubling to 81.92 s), extended by two doublings
   * to 327.68 s for long streams.
   */
  static final double[] DURATION = {0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48,
      40.96, 81.92, 163.84, 327.68};

  /** Time to first token: the GenAI advisory buckets of {@code gen_ai.server.time_to_first_token}. */
  static final double[] TTFT = {0.001, 0.005, 0.01, 0.02, 0.04, 0.06, 0.08, 0.1, 0.25, 0.5, 0.75, 1.0, 2.5, 5.0,
      7.5, 10.0};

  /** Gateway overhead (total − upstream): 50 µs to 1 s, roughly 1-2.5-5 per decade. */
  static final double[] OVERHEAD = {0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
      0.1, 0.25, 0.5, 1.0};

  private Buckets() {}

  static Duration[] durations(double[] seconds) {
    Duration[] out = new Duration[seconds.length];
    for (int i = 0; i < seconds.length; i++) {
      out[i] = Duration.ofNanos(Math.round(seconds[i] * 1e9));
    }
    return out;
  }
}
