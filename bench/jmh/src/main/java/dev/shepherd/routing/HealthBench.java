package dev.shepherd.routing;

import dev.shepherd.config.RoutingConfig;
import dev.shepherd.routing.Breaker.Permit;
import dev.shepherd.routing.Breaker.Result;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The health bookkeeping every request pays besides its plan, on a closed breaker (the common
 * case): {@link RetryBudget#onRequest}, {@link Breaker#acquire} and, when the response ends,
 * {@link Breaker#record} of a success — what {@code Failover} does for a request answered by its
 * first attempt. {@code withCounts} adds {@link Health#count} (the admin view's totals), which
 * {@code Failover} also calls once per attempt.
 *
 * <p>Time is read per op with {@link System#currentTimeMillis} (production reads
 * {@code RoutingState.now()}, the system clock), so the sliding windows rotate buckets as they do
 * in service; {@code clock} is that read alone, to subtract. Single-threaded: the LongAdders are
 * uncontended here.
 *
 * <p>Run: {@code bench/jmh/run.sh HealthBench} (add {@code -prof gc} for allocation per op).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m", "-XX:+UseParallelGC"})
public class HealthBench {
  private Health health;
  private Breaker breaker;
  private RetryBudget retryBudget;

  @Setup
  public void setup() {
    RoutingState routing = new RoutingState(RoutingConfig.DEFAULT, java.time.InstantSource.system());
    health = routing.health().of("p0/upstream-0");
    breaker = health.breaker();
    retryBudget = routing.retryBudget();
  }

  /** Budget count, breaker permit, breaker success. */
  @Benchmark
  public Permit attempt() {
    long now = System.currentTimeMillis();
    retryBudget.onRequest(now);
    Permit p = breaker.acquire(now);
    breaker.record(p, Result.SUCCESS, now);
    return p;
  }

  /** {@link #attempt} plus the admin totals of the finished attempt. */
  @Benchmark
  public Permit withCounts() {
    long now = System.currentTimeMillis();
    retryBudget.onRequest(now);
    Permit p = breaker.acquire(now);
    breaker.record(p, Result.SUCCESS, now);
    health.count(false, 120, 1_000, 200);
    return p;
  }

  /** The clock read alone. */
  @Benchmark
  public long clock() {
    return System.currentTimeMillis();
  }
}
