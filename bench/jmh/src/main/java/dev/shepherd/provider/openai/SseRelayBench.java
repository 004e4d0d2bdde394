package dev.shepherd.provider.openai;

import dev.shepherd.pipeline.Usage;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
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
 * The streaming response side of the hot path: {@link SseRelay#accept} over a recorded stream
 * (framing, the usage-chunk check and the final usage read).
 *
 * <p>The stream ({@code fixtures/mock-stream-20-usage.sse}, 5,210 bytes) is what the peer bench's
 * node mock sends Shepherd for a 20-chunk stream when asked for usage: role chunk, 18 content
 * chunks, finish chunk, usage-only chunk, {@code [DONE]} — 22 events, of which the relay forwards
 * 21 (it drops the usage chunk the client did not ask for). One op = one whole stream; divide by 22
 * for ns per upstream event.
 *
 * <p>Run: {@code bench/jmh/run.sh SseRelayBench} — or {@code bench/jmh/run.sh SseRelayBench -p
 * chunking=event -prof gc}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m", "-XX:+UseParallelGC"})
public class SseRelayBench {
  /** Upstream events per recorded stream. */
  public static final int EVENTS = 22;

  /**
   * How the bytes arrive: {@code event} = one buffer per SSE event (how the mock writes them, and
   * usually how they reach Vert.x on loopback); {@code whole} = the stream in one buffer; {@code
   * split512} = 512-byte pieces cutting events anywhere (exercises the carry-over path).
   */
  @Param({"event", "whole", "split512"})
  public String chunking;

  private Buffer[] chunks;

  @Setup
  public void setup() {
    byte[] stream = fixture("mock-stream-20-usage.sse");
    List<Buffer> out = new ArrayList<>();
    switch (chunking) {
      case "whole" -> out.add(Buffer.buffer(stream));
      case "split512" -> {
        for (int i = 0; i < stream.length; i += 512) {
          out.add(Buffer.buffer().appendBytes(stream, i, Math.min(512, stream.length - i)));
        }
      }
      case "event" -> {
        int start = 0;
        while (start < stream.length) {
          int end = SseRelay.eventEnd(stream, start, stream.length);
          end = end < 0 ? stream.length : end;
          out.add(Buffer.buffer().appendBytes(stream, start, end - start));
          start = end;
        }
        if (out.size() != EVENTS) {
          throw new IllegalStateException("chunking=event: " + out.size() + " events (expected: " + EVENTS + ")");
        }
      }
      default -> throw new IllegalArgumentException("chunking: " + chunking + " (expected: event, whole, split512)");
    }
    chunks = out.toArray(Buffer[]::new);
    SseRelay check = new SseRelay(true);
    int forwarded = 0;
    for (Buffer c : chunks) {
      Buffer o = check.accept(c);
      forwarded += o == null ? 0 : o.length();
    }
    if (check.usage().completionTokens() != 18 || !check.done() || forwarded >= stream.length) {
      throw new IllegalStateException("fixture not relayed as expected: usage " + check.usage()
          + ", done " + check.done() + ", forwarded " + forwarded + " of " + stream.length + " bytes");
    }
  }

  /** One whole stream through a fresh relay (as per request), client did not ask for usage. */
  @Benchmark
  public Usage relay(Blackhole bh) {
    SseRelay r = new SseRelay(true);
    for (Buffer c : chunks) {
      bh.consume(r.accept(c));
    }
    bh.consume(r.finish());
    return r.usage();
  }

  static byte[] fixture(String name) {
    try (InputStream in = SseRelayBench.class.getResourceAsStream("/fixtures/" + name)) {
      if (in == null) {
        throw new IllegalStateException("missing fixture: /fixtures/" + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
