package dev.shepherd.pipeline;

import dev.shepherd.api.openai.Endpoint;
import dev.shepherd.api.openai.ParsedRequest;
import dev.shepherd.billing.Wallet;
import dev.shepherd.config.ConfigLoader;
import dev.shepherd.config.ShepherdConfig;
import dev.shepherd.observe.AccessLog;
import dev.shepherd.observe.Ended;
import dev.shepherd.observe.LineSink;
import dev.shepherd.observe.Metrics;
import dev.shepherd.observe.Observer;
import dev.shepherd.routing.Catalog;
import dev.shepherd.routing.Deployment;
import dev.shepherd.routing.HealthRegistry;
import dev.shepherd.routing.ModelEntry;
import dev.shepherd.routing.Plan;
import dev.shepherd.store.Account;
import dev.shepherd.store.KeyRecord;
import dev.shepherd.store.UsageRecord;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.io.OutputStream;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What observing costs one request: an {@link Exchange}'s whole life as the gateway drives it —
 * {@code onStart}, one upstream attempt ({@code onAttemptStart}, the {@code traceparent}
 * propagation step, {@code onAttemptEnd}), {@code onEnd} and, for a metered key, the settlement
 * ({@code onSettled}) — with these listeners registered ({@code observers}):
 * <ul>
 *   <li>{@code none}: no observer (tracing off, metrics off, access log off): the exchange's own
 *       dispatch, the baseline;
 *   <li>{@code metrics}: {@link Metrics} (tracing off, so no span objects: the default);
 *   <li>{@code metrics+log}: {@link Metrics} and the {@link AccessLog} into a {@link LineSink}
 *       that discards its bytes (its drainer thread runs meanwhile);
 *   <li>{@code metrics+log+requests}: those and the request log's listener, queueing to a
 *       {@code RequestLogWriter} whose store discards the rows (its writer thread drains meanwhile;
 *       what writing them costs is {@code RequestLogWriteBench}).
 * </ul>
 * The difference to {@code none} is the per-request cost of metrics (and the access log). The
 * request's {@code HttpServerRequest}/{@code HttpServerResponse} are JDK proxies (a few reflective
 * calls per request, the same in every variant; {@code metrics} makes two more).
 *
 * <p>Run: {@code bench/jmh/run.sh ObserveBench} (add {@code -prof gc} for allocation per request).
 * Scores are ns per request.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m", "-XX:+UseParallelGC"})
public class ObserveBench {
  @Param({"none", "metrics", "metrics+log", "metrics+log+requests"})
  public String observers;

  /** A key with an account (credit held and settled: tokens and cost from the settlement) or without. */
  @Param({"false", "true"})
  public boolean metered;

  private final RandomGenerator random = () -> ThreadLocalRandom.current().nextLong();
  private List<ExchangeListener> listeners;
  private Generation generation;
  private ModelEntry model;
  private HttpServerRequest request;
  private ParsedRequest parsed;
  private KeyRecord key;
  private Wallet wallet;
  private dev.shepherd.billing.PriceVersion price;
  private Metrics metrics;
  private LineSink sink;
  private dev.shepherd.observe.requestlog.RequestLogWriter requestWriter;
  private final Usage usage = new Usage(1_200, 180, 0);
  private final byte[] body = "{\"model\":\"bench-model\",\"messages\":[]}".getBytes();

  @Setup(Level.Trial)
  public void setup() throws Exception {
    Path file = Files.createTempFile("shepherd-observebench-", ".yaml");
    ShepherdConfig config;
    try {
      Files.writeString(file, """
          providers: [{name: mock, kind: openai, base_url: "http://127.0.0.1:9/v1", api_key: x}]
          models:
            - id: bench-model
              context_window: 128000
              price: {input_per_mtok: 0.15, output_per_mtok: 0.60}
              deployments: [{provider: mock, model: gpt-4o-mini}]
          include_builtin_catalog: false
          """);
      config = ConfigLoader.load(file, Map.of());
    } finally {
      Files.deleteIfExists(file);
    }
    HealthRegistry health = new HealthRegistry(config.routing().breaker());
    Catalog catalog = Catalog.of(config, health);
    model = catalog.model("bench-model");
    generation = new Generation(1, config, catalog, null, null, null, 0);
    HttpServerResponse response = (HttpServerResponse) Proxy.newProxyInstance(getClass().getClassLoader(),
        new Class<?>[] {HttpServerResponse.class}, (p, m, a) -> switch (m.getName()) {
          case "getStatusCode" -> 200;
          case "headWritten" -> true;
          default -> null;
        });
    request = (HttpServerRequest) Proxy.newProxyInstance(getClass().getClassLoader(),
        new Class<?>[] {HttpServerRequest.class}, (p, m, a) -> m.getName().equals("response") ? response : null);
    parsed = new ParsedRequest(Endpoint.CHAT, body, 0, "bench-model", 9, 20, true, false, -1, -1, 1_000, -1, -1, null);
    key = new KeyRecord("key_1", "bench", "hash", "sk-shp-x", metered ? "acct_1" : null, null, null, null, null, null,
        0, null, 0);
    wallet = new Wallet();
    wallet.load(new Account("acct_1", "bench", "USD", Long.MAX_VALUE / 4, 0, null, 0));
    price = dev.shepherd.billing.PriceVersion.of("bench-model", 0, 150_000, 75_000, 600_000, 150_000, 75_000,
        600_000, true);
    listeners = switch (observers) {
      case "none" -> List.of();
      case "metrics" -> inline(metrics = new Metrics(health, null));
      case "metrics+log" -> inline(metrics = new Metrics(health, sink = new LineSink(OutputStream.nullOutputStream(),
          100, 1_000_000)), new AccessLog(sink));
      case "metrics+log+requests" -> inline(metrics = new Metrics(health, sink = new LineSink(
          OutputStream.nullOutputStream(), 100, 1_000_000)), new AccessLog(sink),
          new dev.shepherd.observe.requestlog.RequestLog(requestWriter = new dev.shepherd.observe.requestlog.RequestLogWriter(
              DiscardingRequestLog.INSTANCE, 100, 1_000_000, 16_384), false, java.time.Clock.systemUTC()));
      default -> throw new IllegalArgumentException("observers: " + observers);
    };
  }

  /** The observers run inline, each hearing the exchange's {@link Ended} copy (the queue's hand-off is not measured). */
  private static List<ExchangeListener> inline(Observer... observers) {
    return List.of(new ExchangeListener() {
      @Override
      public void onAttemptEnd(Exchange ex, Deployment d, int number, String result, long nanos) {
        for (Observer o : observers) {
          o.onAttemptEnd(d, result, nanos);
        }
      }

      @Override
      public void onEnd(Exchange ex) {
        for (Observer o : observers) {
          o.onEnd(Ended.of(ex, false));
        }
      }

      @Override
      public void onSettled(Exchange ex, UsageRecord usage) {
        for (Observer o : observers) {
          o.onSettled(Ended.of(ex, false), usage);
        }
      }
    });
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    if (metrics != null) {
      metrics.close();
    }
    if (sink != null) {
      sink.close();
    }
    if (requestWriter != null) {
      requestWriter.close();
    }
  }

  @Benchmark
  public Exchange request() {
    long start = System.nanoTime();
    Exchange ex = new Exchange("req_bench", request, Endpoint.CHAT, body, start, listeners, generation);
    ex.started();
    ex.key(key);
    ex.parsed(parsed);
    ex.model(model);
    if (metered) {
      ex.creditHold(wallet.hold("acct_1", 1_000), price);
    }
    Plan plan = Plan.build(model, Endpoint.CHAT, 2_200, null, 0, random);
    ex.plan(plan);
    Deployment d = plan.next();
    ex.deployment(d);
    ex.attemptStarted(d, 1);
    ex.propagateTrace((name, value) -> { });
    plan.attempted(d, "200", 1);
    ex.usage(usage);
    ex.firstByteSent(start + 1_000);
    ex.attemptEnded(d, 1, "200", 500_000);
    ex.end(Exchange.Outcome.OK);
    if (metered) { // what CreditSettler does at the end (its arithmetic is HoldBench's)
      ex.settled(new UsageRecord("req_bench", "acct_1", "key_1", "bench-model", d.id(), "chat", "OK", "upstream",
          1_200, 0, 180, 288, 288, price.version(), 0, 1));
      wallet.settle(ex.creditHold(), 288, "le", "req_bench", price.version(), 0);
    }
    return ex;
  }
}
