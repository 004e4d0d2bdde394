package dev.shepherd.api.openai;

import io.vertx.core.buffer.Buffer;
import java.util.concurrent.TimeUnit;
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

/**
 * The request side of the hot path: {@link RequestParser#parse} (one streaming validation pass)
 * and {@link BodyRewriter#rewrite} (byte splices of {@code model}, plus {@code stream_options} for
 * streams) on a realistic ~1 KB chat body and a ~100 KB one (a long conversation).
 *
 * <p>Run: {@code bench/jmh/run.sh RequestBench} — or one size: {@code bench/jmh/run.sh RequestBench
 * -p size=1k}; allocation per call: add {@code -prof gc}. Scores are ns per body.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m", "-XX:+UseParallelGC"})
public class RequestBench {
  /** Body size: {@code 1k} (system prompt and a few turns) or {@code 100k} (long history). */
  @Param({"1k", "100k"})
  public String size;

  /** {@code "stream": true} (the rewrite then also inserts {@code stream_options}). */
  @Param({"false", "true"})
  public boolean stream;

  private byte[] body;
  private ParsedRequest parsed;

  @Setup
  public void setup() {
    body = ChatBodies.chat(size.equals("1k") ? 1024 : 100 * 1024, stream);
    parsed = RequestParser.parse(Endpoint.CHAT, body);
  }

  /** Validation and extraction only. */
  @Benchmark
  public ParsedRequest parse() {
    return RequestParser.parse(Endpoint.CHAT, body);
  }

  /** The upstream body from an already parsed request. */
  @Benchmark
  public Buffer rewrite() {
    return BodyRewriter.rewrite(parsed, "gpt-4o-mini-2024-07-18");
  }

  /** What the pipeline does per request: parse, then rewrite. */
  @Benchmark
  public Buffer parseAndRewrite() {
    return BodyRewriter.rewrite(RequestParser.parse(Endpoint.CHAT, body), "gpt-4o-mini-2024-07-18");
  }
}
