package dev.shepherd.observe;

import dev.shepherd.api.ErrorKind;
import dev.shepherd.pipeline.Exchange;
import dev.shepherd.pipeline.ExchangeListener;
import dev.shepherd.pipeline.Usage;
import dev.shepherd.routing.Breaker;
import dev.shepherd.routing.Deployment;
import dev.shepherd.routing.Health;
import dev.shepherd.routing.HealthRegistry;
import dev.shepherd.store.UsageRecord;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;

/**
 * Shepherd's Prometheus metrics (Micrometer): requests, latencies, tokens, cost, in-flight
 * requests, breaker states and rejections, plus the JVM's and the process's. One registry per
 * server. The full list with meanings is in docs/operations.md.
 *
 * <p>Per request: an exchange's meters are found in small caches keyed by their label values (a
 * record key and one hash lookup each, no tag building), then recorded lock-free, reading no clock
 * ({@link TickingClock}). In the gateway
 * this runs behind the {@link ObserverQueue}, off the event loop; only the in-flight gauge
 * ({@link #inFlight()}) runs on the loop. Labels take
 * bounded values only ({@link Labels}). {@code bench/jmh/run.sh ObserveBench} measures the cost
 * per request.
 */
public final class Metrics implements Observer, AutoCloseable {
  private final TickingClock clock = new TickingClock();
  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT, new PrometheusRegistry(), clock);
  private final HealthRegistry health;
  private final LongAdder inFlight = new LongAdder();
  private volatile Runnable beforeScrape = () -> { };
  private final MultiGauge breakers;
  private final JvmGcMetrics gc = new JvmGcMetrics();
  private final ConcurrentHashMap<RequestKey, Counter> requests = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<DurationKey, Timer> durations = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<PairKey, Timer> ttft = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<PairKey, Timer> overhead = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<PairKey, Timer> upstream = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<PairKey, Counter> attempts = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<PairKey, Counter> tokens = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Counter> cost = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Counter> rejections = new ConcurrentHashMap<>();

  private record RequestKey(String model, String deployment, int status, String errorClass, String endpoint) {}

  private record DurationKey(String model, boolean stream, String outcome) {}

  private record PairKey(String a, String b) {}

  /**
   * @param health the deployments whose breakers {@code shepherd_breaker_state} reports
   * @param accessLog the access log's sink, for its dropped-lines counter, or {@code null}
   */
  public Metrics(HealthRegistry health, LineSink accessLog) {
    this.health = health;
    new JvmMemoryMetrics().bindTo(registry);
    gc.bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    new FileDescriptorMetrics().bindTo(registry);
    Gauge.builder("shepherd.requests.in_flight", inFlight, LongAdder::sum)
        .description("Inference requests the gateway is serving now").register(registry);
    breakers = MultiGauge.builder("shepherd.breaker.state")
        .description("Circuit breaker of each deployment: 0 closed, 1 half-open, 2 open").register(registry);
    if (accessLog != null) {
      FunctionCounter.builder("shepherd.access_log.dropped", accessLog, LineSink::dropped)
          .description("Access log lines dropped (queue full or write failed)").register(registry);
    }
    refresh();
  }

  /** The registry (for the store's pool metrics, and tests). */
  public PrometheusMeterRegistry registry() {
    return registry;
  }

  /** The Prometheus text exposition of every metric, breaker states refreshed first. */
  public String scrape() {
    beforeScrape.run();
    refresh();
    return registry.scrape();
  }

  /** Re-reads every deployment's breaker (deployments added or removed by a reload come and go). */
  void refresh() {
    List<MultiGauge.Row<?>> rows = new ArrayList<>();
    for (Health h : health.all()) {
      rows.add(MultiGauge.Row.of(Tags.of("deployment", h.deploymentId()), h.breaker(), Metrics::stateValue));
    }
    breakers.register(rows, true);
  }

  private static double stateValue(Breaker b) {
    return switch (b.state()) {
      case CLOSED -> 0;
      case HALF_OPEN -> 1;
      case OPEN -> 2;
    };
  }

  /**
   * The in-flight gauge's listener, to run on the event loop (inline) so that the gauge is exact;
   * the rest of the metrics may run later, off the loop ({@link ObserverQueue}).
   */
  public ExchangeListener inFlight() {
    return new ExchangeListener() {
      @Override
      public void onStart(Exchange ex) {
        inFlight.increment();
      }

      @Override
      public void onEnd(Exchange ex) {
        inFlight.decrement();
      }
    };
  }

  /** Run before each scrape: {@code pending} makes every ended exchange counted (the observer queue's flush). */
  public void beforeScrape(Runnable pending) {
    this.beforeScrape = pending;
  }

  @Override
  public void onAttemptEnd(Deployment d, String result, long nanos) {
    String id = d.id();
    cached(attempts, new PairKey(id, result), k -> Counter.builder("shepherd.upstream.attempts")
        .description("Upstream attempts by deployment and result (status, or timeout, connect_error, ...)")
        .tags("deployment", k.a(), "result", k.b()).register(registry)).increment();
    cached(upstream, new PairKey(id, Labels.attemptOutcome(result)), k -> timer("shepherd.upstream.duration",
        "One upstream attempt, from sending it to the end of its answer or its failure", Buckets.DURATION)
        .tags("deployment", k.a(), "outcome", k.b()).register(registry)).record(nanos, TimeUnit.NANOSECONDS);
  }

  @Override
  public void onEnd(Ended ex) {
    long total = ex.endNanos() - ex.startNanos();
    String model = Labels.model(ex);
    String endpoint = Labels.endpoint(ex);
    String errorClass = Labels.errorClass(ex);
    cached(requests, new RequestKey(model, Labels.deployment(ex), Labels.status(ex), errorClass, endpoint),
        k -> Counter.builder("shepherd.requests").description("Inference requests, by how they ended")
            .tags("model", k.model(), "deployment", k.deployment(), "status", Integer.toString(k.status()),
                "error_class", k.errorClass(), "endpoint", k.endpoint()).register(registry)).increment();
    boolean stream = ex.stream();
    cached(durations, new DurationKey(model, stream, Labels.outcome(ex.outcome())), k -> timer(
        "shepherd.request.duration", "Whole requests, from the first byte received to the last byte sent",
        Buckets.DURATION).tags("model", k.model(), "stream", Boolean.toString(k.stream()), "outcome", k.outcome())
        .register(registry)).record(total, TimeUnit.NANOSECONDS);
    if (stream && ex.firstByteNanos() > 0) {
      cached(ttft, new PairKey(model, Labels.deployment(ex)), k -> timer("gen_ai.server.time_to_first_token",
          "Streams: from the request to the first content event sent to the client", Buckets.TTFT)
          .tags("model", k.a(), "deployment", k.b()).register(registry))
          .record(ex.firstByteNanos() - ex.startNanos(), TimeUnit.NANOSECONDS);
    }
    if (ex.attempted()) {
      cached(overhead, new PairKey(endpoint, stream ? "true" : "false"), k -> timer("shepherd.gateway.overhead",
          "Time a request spent in the gateway rather than in upstream attempts (total - upstream)",
          Buckets.OVERHEAD).tags("endpoint", k.a(), "stream", k.b()).register(registry))
          .record(Math.max(0, total - ex.upstreamNanos()), TimeUnit.NANOSECONDS);
    }
    ErrorKind error = ex.error();
    if (error != null && error.fault() == ErrorKind.Fault.POLICY && error != ErrorKind.MODEL_UNAVAILABLE) {
      cached(rejections, Labels.errorClass(error), r -> Counter.builder("shepherd.rejections")
          .description("Requests refused by a limit or by credit (rate_limited, insufficient_quota, spend_cap_reached, ...)")
          .tags("reason", r).register(registry)).increment();
    }
    Usage u = ex.usage();
    if (!ex.metered() && u.reported()) { // metered requests count what was charged, in onSettled
      addTokens(model, u.promptTokens(), Math.max(0, u.completionTokens()));
    }
  }

  @Override
  public void onSettled(Ended ex, UsageRecord usage) {
    String model = Labels.model(ex);
    addTokens(model, usage.promptTokens(), usage.completionTokens());
    cached(cost, model, m -> Counter.builder("shepherd.cost.usd")
        .description("Credit charged, USD").tags("model", m).register(registry)).increment(usage.costMicros() / 1e6);
  }

  private void addTokens(String model, long input, long output) {
    if (input > 0) {
      tokenCounter(model, "input").increment(input);
    }
    if (output > 0) {
      tokenCounter(model, "output").increment(output);
    }
  }

  private Counter tokenCounter(String model, String type) {
    return cached(tokens, new PairKey(model, type), k -> Counter.builder("shepherd.tokens")
        .description("Tokens used: charged for metered keys, as the upstream reported them otherwise")
        .tags("model", k.a(), "type", k.b()).register(registry));
  }

  private static Timer.Builder timer(String name, String description, double[] buckets) {
    return Timer.builder(name).description(description).publishPercentileHistogram(false)
        .serviceLevelObjectives(Buckets.durations(buckets)).minimumExpectedValue(Duration.ofNanos(1))
        .maximumExpectedValue(Duration.ofSeconds(3600));
  }

  private static <K, M> M cached(ConcurrentHashMap<K, M> cache, K key, Function<K, M> create) {
    M m = cache.get(key);
    return m != null ? m : cache.computeIfAbsent(key, create);
  }

  @Override
  public void close() {
    gc.close();
    registry.close();
    clock.close();
  }
}
