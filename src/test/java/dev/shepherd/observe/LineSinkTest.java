package dev.shepherd.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LineSinkTest {
  /** Counts write calls so batching is visible. */
  static final class CountingOut extends OutputStream {
    final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    final AtomicInteger writes = new AtomicInteger();

    @Override
    public synchronized void write(int b) {
      bytes.write(b);
      writes.incrementAndGet();
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
      bytes.write(b, off, len);
      writes.incrementAndGet();
    }

    synchronized String text() {
      return bytes.toString(StandardCharsets.UTF_8);
    }
  }

  @Test
  void linesArriveInOrderInFewWritesAndCloseFlushesEverything() {
    CountingOut out = new CountingOut();
    LineSink sink = new LineSink(out, 10_000, 1_000);
    for (int i = 0; i < 500; i++) {
      sink.add("line " + i);
    }
    sink.close();
    String[] lines = out.text().split("\n");
    assertEquals(500, lines.length);
    assertEquals("line 0", lines[0]);
    assertEquals("line 499", lines[499]);
    assertTrue(out.writes.get() <= 2, "batched: " + out.writes.get() + " writes");
    assertEquals(0, sink.dropped());
  }

  @Test
  void aFullQueueDropsAndCountsInsteadOfBlocking() {
    CountingOut out = new CountingOut();
    LineSink sink = new LineSink(out, 10_000, 100);
    for (int i = 0; i < 150; i++) {
      sink.add("x");
    }
    assertEquals(50, sink.dropped());
    sink.close();
    assertEquals(100, out.text().lines().count());
    sink.add("after close");
    assertEquals(51, sink.dropped());
  }

  @Test
  void drainsPeriodicallyWithoutClose() throws Exception {
    CountingOut out = new CountingOut();
    LineSink sink = new LineSink(out, 20, 1_000);
    sink.add("soon");
    long deadline = System.currentTimeMillis() + 2_000;
    while (!out.text().contains("soon") && System.currentTimeMillis() < deadline) {
      Thread.sleep(5);
    }
    assertEquals("soon\n", out.text());
    sink.close();
  }

  @Test
  void linesOfAnyLengthAndScriptCrossBatchBoundariesIntact() {
    CountingOut out = new CountingOut();
    LineSink sink = new LineSink(out, 10_000, 10_000);
    StringBuilder expected = new StringBuilder();
    for (int i = 0; i < 3_000; i++) {
      String line = i % 1_000 == 7 ? "长".repeat(40_000) + i : "模型 é " + "x".repeat(i % 97) + i; // some over 64 KB
      sink.add(line);
      expected.append(line).append('\n');
    }
    sink.close();
    assertEquals(expected.toString(), out.text());
    assertEquals(0, sink.dropped());
  }

  @Test
  void aFormatThatThrowsLeavesNoHalfLine() {
    CountingOut out = new CountingOut();
    LineSink sink = new LineSink(out, 10_000, 10);
    sink.add("before");
    LineSink.Format<String, Object> broken = (j, a, b) -> {
      j.beginObject().string("x", a);
      throw new IllegalStateException("boom");
    };
    assertThrows(IllegalStateException.class, () -> sink.add(broken, "half", null));
    sink.add((j, a, b) -> j.beginObject().string("x", a).endObject(), "whole", null);
    sink.close();
    assertEquals("before\n{\"x\":\"whole\"}\n", out.text());
    assertEquals(1, sink.dropped());
  }
}
