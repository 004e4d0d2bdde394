package dev.shepherd.provider.openai;

import dev.shepherd.pipeline.Usage;
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
 * {@link UsageReader#read} over the node mock's non-stream completion ({@code
 * fixtures/mock-completion.json}, 392 bytes): done once per non-stream request.
 *
 * <p>Run: {@code bench/jmh/run.sh UsageReaderBench}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m", "-XX:+UseParallelGC"})
public class UsageReaderBench {
  private final byte[] completion = SseRelayBench.fixture("mock-completion.json");

  @Benchmark
  public Usage usageFromCompletion() {
    return UsageReader.read(completion, 0, completion.length).usage();
  }
}
