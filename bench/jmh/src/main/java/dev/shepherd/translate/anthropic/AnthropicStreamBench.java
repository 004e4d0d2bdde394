package dev.shepherd.translate.anthropic;

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
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * CPU and allocation per stream event of the two Anthropic stream translators, over the golden
 * fixture streams the tests use (read from {@code src/test/resources/fixtures/anthropic}, relative
 * to the repository root, where {@code run.sh} starts JMH).
 *
 * <ul>
 *   <li>{@code anthropicToChat}: the Anthropic SSE events of {@code outbound/streams/} text,
 *       tool-use, parallel-tools and thinking (60 events: parse, state machine, chunk JSON) through
 *       a fresh {@link AnthropicToChatStream} each, as per response, with usage asked for.
 *   <li>{@code chatToAnthropic}: the OpenAI chunks of {@code inbound/streams/} text, tool-calls,
 *       parallel-tools and reasoning (35 events, {@code [DONE]} counted as the event that calls
 *       {@code end}) through a fresh {@link ChatToAnthropicStream} each.
 * </ul>
 *
 * <p>Scores are per event ({@link OperationsPerInvocation}), so {@code -prof gc}'s {@code
 * gc.alloc.rate.norm} is bytes per event. SSE framing is not included (the caller's job).
 *
 * <p>Run: {@code bench/jmh/run.sh AnthropicStreamBench -prof gc} (short: {@code -f 1 -wi 3 -i 5}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m", "-XX:+UseParallelGC"})
public class AnthropicStreamBench {
  static final int ANTHROPIC_EVENTS = 60;
  static final int CHAT_EVENTS = 35;
  private static final Path FIXTURES = Path.of("src/test/resources/fixtures/anthropic");

  private String[][][] anthropicStreams; // stream → event → {type, data}
  private String[][] chatStreams; // stream → data ("[DONE]" last)

  @Setup
  public void setup() {
    anthropicStreams = new String[][][] {events("outbound/streams/text.sse"), events("outbound/streams/tool-use.sse"),
        events("outbound/streams/parallel-tools.sse"), events("outbound/streams/thinking.sse")};
    chatStreams = new String[][] {data("inbound/streams/text.sse"), data("inbound/streams/tool-calls.sse"),
        data("inbound/streams/parallel-tools.sse"), data("inbound/streams/reasoning.sse")};
    int a = 0;
    for (String[][] s : anthropicStreams) {
      a += s.length;
    }
    int c = 0;
    for (String[] s : chatStreams) {
      c += s.length;
    }
    if (a != ANTHROPIC_EVENTS || c != CHAT_EVENTS) {
      throw new IllegalStateException("fixture event counts changed: " + a + " and " + c
          + " (expected: " + ANTHROPIC_EVENTS + " and " + CHAT_EVENTS + "); update the constants");
    }
  }

  @Benchmark
  @OperationsPerInvocation(ANTHROPIC_EVENTS)
  public void anthropicToChat(Blackhole bh) {
    for (String[][] stream : anthropicStreams) {
      AnthropicToChatStream t = new AnthropicToChatStream("chatcmpl-bench", "claude-sonnet-4-5", 1764000000, true);
      for (String[] e : stream) {
        t.event(e[0], e[1], bh::consume);
      }
      t.end(bh::consume);
      if (!t.complete()) {
        throw new IllegalStateException("stream not complete");
      }
      bh.consume(t.usage());
    }
  }

  @Benchmark
  @OperationsPerInvocation(CHAT_EVENTS)
  public void chatToAnthropic(Blackhole bh) {
    for (String[] stream : chatStreams) {
      ChatToAnthropicStream t = new ChatToAnthropicStream("msg_bench", "claude-sonnet-4-5", 17);
      for (String data : stream) {
        if (data.equals("[DONE]")) {
          t.end(bh::consume);
        } else {
          t.event(null, data, bh::consume);
        }
      }
      bh.consume(t.usage());
    }
  }

  /** LF-framed fixture → {event name, data} per event. */
  static String[][] events(String relative) {
    List<String[]> out = new ArrayList<>();
    for (String block : read(relative).split("\n\n")) {
      String type = null;
      String data = null;
      for (String line : block.split("\n")) {
        if (line.startsWith("event: ")) {
          type = line.substring(7);
        } else if (line.startsWith("data: ")) {
          data = line.substring(6);
        }
      }
      if (data != null) {
        out.add(new String[] {type, data});
      }
    }
    return out.toArray(String[][]::new);
  }

  static String[] data(String relative) {
    String[][] e = events(relative);
    String[] out = new String[e.length];
    for (int i = 0; i < e.length; i++) {
      out[i] = e[i][1];
    }
    return out;
  }

  private static String read(String relative) {
    try {
      return Files.readString(FIXTURES.resolve(relative), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("run from the repository root (bench/jmh/run.sh does): " + relative, e);
    }
  }
}
