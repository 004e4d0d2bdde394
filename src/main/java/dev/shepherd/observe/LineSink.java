package dev.shepherd.observe;

import dev.shepherd.pipeline.Drainer;
import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Batches lines off the request path: {@link #add} formats a line straight into a pending buffer
 * (UTF-8 bytes, under a lock held only while formatting, never during I/O, no thread wake-up),
 * and one virtual thread swaps the buffer for an empty one every {@code flushMillis} and writes it
 * in one call.
 *
 * <p>Loss window: lines added in the last {@code flushMillis} before a crash; {@link #close}
 * writes everything. Under overload at most {@code maxQueued} lines wait: further lines are
 * dropped and counted rather than slowing requests.
 */
public final class LineSink implements AutoCloseable {
  private static final int BATCH_BYTES = 64 * 1024;
  /** A buffer grown past this by a burst (or one huge line) is let go after its write. */
  private static final int KEEP_BYTES = 8 * 1024 * 1024;

  /** Writes one line's content (without its newline) into {@code line}. */
  @FunctionalInterface
  public interface Format<A, B> {
    void write(JsonLine line, A a, B b);
  }

  private final OutputStream out;
  private final int maxQueued;
  private final AtomicLong dropped = new AtomicLong();
  private final Drainer drainer;
  private JsonLine pending = new JsonLine(BATCH_BYTES); // guarded by this
  private int pendingLines; // guarded by this
  private JsonLine spare = new JsonLine(BATCH_BYTES); // the drainer's, empty between drains

  public LineSink(OutputStream out, long flushMillis, int maxQueued) {
    this.out = out;
    this.maxQueued = maxQueued;
    this.drainer = new Drainer("line-sink", flushMillis, this::drain);
  }

  /**
   * Queues the line {@code format} writes about {@code a} and {@code b}. Never blocks on I/O; a
   * format that throws leaves nothing behind (the line is dropped and counted, the error rethrown).
   */
  public <A, B> void add(Format<A, B> format, A a, B b) {
    synchronized (this) {
      if (drainer.stopping() || pendingLines >= maxQueued) {
        dropped.incrementAndGet();
        return;
      }
      int mark = pending.length();
      try {
        format.write(pending, a, b);
        pending.newline();
        pendingLines++;
        return;
      } catch (RuntimeException e) {
        pending.truncate(mark);
        dropped.incrementAndGet();
        throw e;
      }
    }
  }

  /** Queues {@code text} as one line (no newline in it). */
  public void add(String text) {
    add((line, t, unused) -> line.raw(t), text, null);
  }

  /** Lines dropped because the queue was full, the sink closed or a write failed. */
  public long dropped() {
    return dropped.get();
  }

  /** Takes the pending lines (leaving an empty buffer) and writes them in one call. */
  private void drain() {
    JsonLine batch;
    int lines;
    synchronized (this) {
      if (pendingLines == 0) {
        return;
      }
      batch = pending;
      lines = pendingLines;
      pending = spare;
      pendingLines = 0;
    }
    try {
      out.write(batch.array(), 0, batch.length());
      out.flush();
    } catch (IOException e) {
      dropped.addAndGet(lines);
    }
    batch.reset(KEEP_BYTES);
    spare = batch;
  }

  /** Stops accepting lines and writes what is queued. */
  @Override
  public void close() {
    drainer.stop(5_000);
  }
}
