package dev.shepherd.store;

/**
 * One model's requests in one UTC hour, summed: counts, tokens, cost and three latency histograms
 * ({@link LatencyHistogram}, 2% percentile error). Rollups add exactly ({@link #add(RequestRollup)}),
 * so any window of hours, any set of models and any number of instances merge into one. Mutable:
 * the writer accumulates a batch's deltas in one, readers merge into one; not thread-safe.
 *
 * <p>What counts, per request of a catalog model: {@code requests} every one; {@code errors} those
 * with {@link RequestRecord#sloError}; {@code latency} answered ({@code OK}) ones; {@code ttft}
 * answered streams; {@code overhead} every request that reached an upstream attempt.
 */
public final class RequestRollup {
  /** Milliseconds in an hour. */
  public static final long HOUR = 3_600_000L;
  private final long hour;
  private final String model;
  private long requests;
  private long errors;
  private long promptTokens;
  private long completionTokens;
  private long costMicros;
  private final LatencyHistogram latency;
  private final LatencyHistogram ttft;
  private final LatencyHistogram overhead;

  /** An empty rollup of {@code model} in the hour starting at {@code hour} (epoch millis). */
  public RequestRollup(long hour, String model) {
    this(hour, model, 0, 0, 0, 0, 0, new LatencyHistogram(), new LatencyHistogram(), new LatencyHistogram());
  }

  public RequestRollup(long hour, String model, long requests, long errors, long promptTokens, long completionTokens,
      long costMicros, LatencyHistogram latency, LatencyHistogram ttft, LatencyHistogram overhead) {
    this.hour = hour;
    this.model = model;
    this.requests = requests;
    this.errors = errors;
    this.promptTokens = promptTokens;
    this.completionTokens = completionTokens;
    this.costMicros = costMicros;
    this.latency = latency;
    this.ttft = ttft;
    this.overhead = overhead;
  }

  /** The start of the UTC hour holding {@code millis}. */
  public static long hourOf(long millis) {
    return Math.floorDiv(millis, HOUR) * HOUR;
  }

  /** Counts one request (see the class comment for what goes where). */
  public void add(RequestRecord r) {
    requests++;
    if (r.sloError()) {
      errors++;
    }
    promptTokens += Math.max(0, r.promptTokens());
    completionTokens += Math.max(0, r.completionTokens());
    costMicros += Math.max(0, r.costMicros());
    if (r.outcome().equals("OK")) {
      latency.add(r.latencyMicros());
      if (r.stream() && r.ttftMicros() >= 0) {
        ttft.add(r.ttftMicros());
      }
    }
    if (r.overheadMicros() >= 0) {
      overhead.add(r.overheadMicros());
    }
  }

  /** Adds {@code other}'s counts and histograms. */
  public void add(RequestRollup other) {
    requests += other.requests;
    errors += other.errors;
    promptTokens += other.promptTokens;
    completionTokens += other.completionTokens;
    costMicros += other.costMicros;
    latency.add(other.latency);
    ttft.add(other.ttft);
    overhead.add(other.overhead);
  }

  public long hour() {
    return hour;
  }

  public String model() {
    return model;
  }

  public long requests() {
    return requests;
  }

  public long errors() {
    return errors;
  }

  public long promptTokens() {
    return promptTokens;
  }

  public long completionTokens() {
    return completionTokens;
  }

  public long costMicros() {
    return costMicros;
  }

  /** Whole-request latency of answered requests. */
  public LatencyHistogram latency() {
    return latency;
  }

  /** Time to first byte of answered streams. */
  public LatencyHistogram ttft() {
    return ttft;
  }

  /** Time in the gateway rather than in upstream attempts (latency − upstream). */
  public LatencyHistogram overhead() {
    return overhead;
  }
}
