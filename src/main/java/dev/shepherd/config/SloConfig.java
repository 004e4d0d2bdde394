package dev.shepherd.config;

import java.util.List;

/**
 * The {@code slo} section: objectives checked every {@code checkEverySeconds} against the hourly
 * rollups of the request log, and the webhook told of each breach and each recovery.
 *
 * @param objectives in config order; empty: nothing is evaluated
 * @param webhook http(s) URL that receives {@code slo.breach} / {@code slo.recovered}; empty: log only
 * @param checkEverySeconds evaluation period (5..86400)
 */
public record SloConfig(List<Objective> objectives, String webhook, int checkEverySeconds) {

  /** No objectives, no webhook, a check every minute. */
  public static final SloConfig NONE = new SloConfig(List.of(), "", 60);

  public SloConfig {
    objectives = List.copyOf(objectives);
  }

  /**
   * One objective: {@code metric} of {@code model} over {@code window} must stay at or under
   * {@code threshold}.
   *
   * @param model a model id, or {@code *} for each model with traffic in the window
   * @param metric what is measured
   * @param threshold milliseconds for latency metrics, a fraction in (0, 1] for the error rate
   * @param window the window the value is computed over
   * @param minRequests requests the window needs before the objective is judged (fewer: no verdict)
   */
  public record Objective(String model, SloMetric metric, double threshold, SloWindow window, long minRequests) {

    /** {@code p95_latency_ms of * over 1h}, for logs. */
    public String describe() {
      return metric.id() + " of " + model + " over " + window.id();
    }
  }
}
