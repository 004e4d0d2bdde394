package dev.shepherd.translate.gemini;

import dev.shepherd.pipeline.Usage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * CPU of {@link GeminiToChatStream} per upstream event: one op = one recorded Gemini stream through
 * a fresh translator (parse each chunk, write the OpenAI chunks, the usage chunk at the end);
 * divide by {@link #events} for ns per event. The streams are the test fixtures
 * (src/test/resources/fixtures/gemini/streams, shared with GeminiToChatStreamGoldenTest), already cut
 * into {@code data:} payloads: SSE framing is the caller's work and measured by SseRelayBench.
 *
 * <ul>
 *   <li>{@code text-20}: 20 text chunks, usage in the last (6.6 KB, 23 chunks out);
 *   <li>{@code thinking}: thought summaries, then text, cached tokens (3 events, 7 chunks out);
 *   <li>{@code function-calls}: text, then two parallel calls with a thought signature (2 events, 6 out).
 * </ul>
 *
 * <p>Run (from anywhere; run.sh works in the repository root, where the fixtures are read):
 * {@code bench/jmh/run.sh GeminiToChatStreamBench -prof gc}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m", "-XX:+UseParallelGC"})
public class GeminiToChatStreamBench {
  static final Path STREAMS = Path.of("src/test/resources/fixtures/gemini/streams");

  @Param({"text-20", "thinking", "function-calls"})
  public String stream;

  /** Upstream events in the stream (for ns per event). */
  public int events;

  private String[] payloads;

  @Setup
  public void setup() {
    payloads = payloads(read(stream + ".sse")).toArray(String[]::new);
    events = payloads.length;
    GeminiToChatStream check = new GeminiToChatStream("chatcmpl-bench", "gemini-flash", 1_764_000_000L, true);
    List<String> out = new ArrayList<>();
    for (String p : payloads) {
      check.event(null, p, out::add);
    }
    check.end(out::add);
    if (!check.complete() || !check.usage().reported() || out.size() <= events) {
      throw new IllegalStateException("fixture " + stream + " not translated as expected: complete "
          + check.complete() + ", usage " + check.usage() + ", " + out.size() + " chunks");
    }
    System.out.println("\n" + stream + ": " + events + " events, " + out.size() + " chunks out");
  }

  /** One whole stream through a fresh translator, as per response; the client asked for usage. */
  @Benchmark
  public Usage translate(Blackhole bh) {
    GeminiToChatStream t = new GeminiToChatStream("chatcmpl-bench", "gemini-flash", 1_764_000_000L, true);
    for (String p : payloads) {
      t.event(null, p, bh::consume);
    }
    t.end(bh::consume);
    return t.usage();
  }

  static String read(String name) {
    Path file = STREAMS.resolve(name);
    if (!Files.exists(file)) {
      throw new IllegalStateException("missing fixture " + file.toAbsolutePath()
          + " (run from the repository root, as bench/jmh/run.sh does)");
    }
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The {@code data:} payloads of an SSE body with any line endings. */
  static List<String> payloads(String sse) {
    List<String> out = new ArrayList<>();
    for (String line : sse.split("\r\n|\n|\r")) {
      if (line.startsWith("data: ")) {
        out.add(line.substring(6));
      }
    }
    return out;
  }
}
