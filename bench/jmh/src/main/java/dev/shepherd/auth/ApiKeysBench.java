package dev.shepherd.auth;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@link ApiKeys#hash}: SHA-256 and hex of a client key, done on every authenticated request
 * before the key-cache lookup.
 *
 * <p>Run: {@code bench/jmh/run.sh ApiKeysBench} (add {@code -prof gc} for allocation per call).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m", "-XX:+UseParallelGC"})
public class ApiKeysBench {
  private final String key = ApiKeys.generate(ApiKeys.PREFIX);

  @Benchmark
  public String hash() {
    return ApiKeys.hash(key);
  }
}
