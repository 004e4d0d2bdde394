package dev.shepherd.routing;

import dev.shepherd.api.openai.Endpoint;
import dev.shepherd.config.ConfigLoader;
import dev.shepherd.config.ShepherdConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The routing planner as the {@code route} stage runs it per request: {@link Plan#build} over the
 * model's serving deployments (eligibility check of each: provider available, weight, endpoint,
 * context window, cooldown, breaker) and the first {@link Plan#next} (lowest tier, then a weighted
 * random pick or, for a sticky caller, weighted rendezvous hashing).
 *
 * <p>The model comes from a YAML config loaded with {@link ConfigLoader#load} and
 * {@link Catalog#of(ShepherdConfig)}, like the gateway's: one deployment, or ten over two priority
 * tiers with unequal weights (six in tier 0, four in tier 1). All are healthy, so the first
 * candidate always comes from tier 0. The random source is the production one
 * ({@code ThreadLocalRandom} behind a {@link RandomGenerator}); {@code now} is fixed per trial
 * (reading the clock is the caller's cost, see {@link HealthBench#clock}).
 *
 * <p>Run: {@code bench/jmh/run.sh PlanBench} — or one shape: {@code bench/jmh/run.sh PlanBench
 * -p deployments=10}; allocation per plan: add {@code -prof gc}. Scores are ns per plan.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m", "-XX:+UseParallelGC"})
public class PlanBench {
  /** Prompt tokens + completion reserve: well inside every deployment's context window. */
  private static final long REQUIRED_TOKENS = 1_500;

  /** Weights of the ten-deployment model: tier 0 first, then tier 1. */
  private static final int[][] TEN = {
      {0, 40}, {0, 25}, {0, 15}, {0, 10}, {0, 5}, {0, 5},
      {1, 50}, {1, 30}, {1, 15}, {1, 5}};

  /** Serving deployments of the model: 1, or 10 over two priority tiers. */
  @Param({"1", "10"})
  public int deployments;

  /** A sticky caller ({@code sticky: key}; weighted rendezvous) or a free weighted choice. */
  @Param({"false", "true"})
  public boolean sticky;

  private final RandomGenerator random = () -> ThreadLocalRandom.current().nextLong();
  private ModelEntry model;
  private String stickyKey;
  private long now;

  @Setup
  public void setup() throws IOException {
    Path file = Files.createTempFile("shepherd-planbench-", ".yaml");
    try {
      Files.writeString(file, yaml(deployments));
      model = Catalog.of(ConfigLoader.load(file, Map.of())).model("bench-model");
    } finally {
      Files.deleteIfExists(file);
    }
    if (model == null || model.deployments().size() != deployments || !model.available()) {
      throw new IllegalStateException("expected " + deployments + " available deployments, got " + model);
    }
    stickyKey = sticky ? "key_abc123" : null;
    now = System.currentTimeMillis();
    Deployment first = Plan.build(model, Endpoint.CHAT, REQUIRED_TOKENS, stickyKey, now, random).next();
    if (first == null || first.priority() != 0) {
      throw new IllegalStateException("expected a tier-0 candidate, got " + first);
    }
  }

  /**
   * One request's plan and its first candidate. The plan is handed to the blackhole because in
   * the gateway it escapes (the exchange keeps it for failover, the trace and the access log):
   * without that, escape analysis could drop its allocation and flatter the score.
   */
  @Benchmark
  public Deployment planAndFirst(Blackhole bh) {
    Plan plan = Plan.build(model, Endpoint.CHAT, REQUIRED_TOKENS, stickyKey, now, random);
    bh.consume(plan);
    return plan.next();
  }

  /** Providers {@code p0..p9} (OpenAI-compatible, with an address and a key: available). */
  private static String yaml(int n) {
    StringBuilder y = new StringBuilder("providers:\n");
    for (int i = 0; i < n; i++) {
      y.append("  - {name: p").append(i)
          .append(", kind: openai, base_url: \"http://127.0.0.1:9/v1\", api_key: x}\n");
    }
    y.append("""
        models:
          - id: bench-model
            context_window: 128000
            price: {input_per_mtok: 0.15, output_per_mtok: 0.60}
            deployments:
        """);
    for (int i = 0; i < n; i++) {
      int priority = n == 1 ? 0 : TEN[i][0];
      int weight = n == 1 ? 1 : TEN[i][1];
      y.append("      - {provider: p").append(i).append(", model: upstream-").append(i)
          .append(", weight: ").append(weight).append(", priority: ").append(priority).append("}\n");
    }
    return y.toString();
  }
}
