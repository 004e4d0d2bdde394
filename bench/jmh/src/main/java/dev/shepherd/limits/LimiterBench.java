package dev.shepherd.limits;

import dev.shepherd.config.LimitValues;
import java.util.List;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One request's limit check on one instance: {@link Limiter#admit} against three scopes (key,
 * key on model, account) with RPM, TPM and max-parallel limits, then {@link Limiter#settle} with
 * a different token count than reserved (so the TPM correction runs) — what the pipeline does per
 * request with the local limiter. Limits are high enough that nothing is refused; time is read per
 * op with {@link System#currentTimeMillis}, as in production.
 *
 * <p>{@code admitSettle}: one thread. {@code admitSettleShared}: two threads (the machine's two
 * cores) whose calls share the model and account scopes, so their locks are contended.
 *
 * <p>Run: {@code bench/jmh/run.sh LimiterBench} (add {@code -prof gc} for allocation per op).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m", "-XX:+UseParallelGC"})
public class LimiterBench {
  private static final LimitValues HIGH = new LimitValues(1_000_000_000L, 10_000_000_000L, 1_000_000);

  private Limiter limiter;

  /** Per-thread scopes: its own key, a shared model scope and a shared account. */
  @State(Scope.Thread)
  public static class Request {
    List<LimitScope> scopes;

    @Setup
    public void setup() {
      String key = "key:" + Thread.currentThread().threadId();
      scopes = List.of(
          new LimitScope(key, HIGH),
          new LimitScope(key + "/model:gpt-4.1", HIGH),
          new LimitScope("account:42", HIGH));
    }
  }

  @Setup
  public void setup() {
    limiter = new LocalLimiter();
  }

  @Benchmark
  public Admission admitSettle(Request r) {
    return once(r);
  }

  @Benchmark
  @Threads(2)
  public Admission admitSettleShared(Request r) {
    return once(r);
  }

  private Admission once(Request r) {
    long now = System.currentTimeMillis();
    Admission a = limiter.admit(r.scopes, 1_500, now).toCompletableFuture().join();
    limiter.settle(a, 1_200, now);
    return a;
  }
}
