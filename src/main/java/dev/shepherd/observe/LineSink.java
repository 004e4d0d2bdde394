package dev.shepherd.observe;

import java.io.IOException;
import java.io.OutputStream;
import dev.shepherd.pipeline.Drainer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Batches text lines off the event loop: {@link #add} is a lock-free enqueue (no thread wake-up),
 * and one virtual thread drains the queue every {@code flushMillis} into a single buffered write.
 *
 * <p>Loss window: lines added in the last {@code flushMillis} before a crash; {@link #close}
 * flushes everything. Under overload the queue is bounded by {@code maxQueued}: further lines are
 * dropped and counted rather than slowing requests.
 */
public final class LineSink implements AutoCloseable {
  private static final int BATCH_BYTES = 64 * 1024;
  private static final byte[] NEWLINE = {'\n'};
  private final ConcurrentLinkedQueue<String> queue = new ConcurrentLinkedQueue<>();
  private final OutputStream out;
  private final int maxQueued;
  private final java.util.concurrent.atomic.AtomicInteger queued = new java.util.concurrent.atomic.AtomicInteger();
  private final java.util.concurrent.atomic.AtomicLong dropped = new java.util.concurrent.atomic.AtomicLong();
  private final byte[] batch = new byte[BATCH_BYTES]; // the drainer's only
  private final Drainer drainer;

  public LineSink(OutputStream out, long flushMillis, int maxQueued) {
    this.out = out;
    this.maxQueued = maxQueued;
    this.drainer = new Drainer("line-sink", flushMillis, this::drain);
  }

  /** Queues one line (without its newline). Never blocks. */
  public void add(String line) {
    if (drainer.stopping() || queued.incrementAndGet() > maxQueued) {
      queued.decrementAndGet();
      dropped.incrementAndGet();
      return;
    }
    queue.add(line);
  }

  /** Lines dropped because the queue was full or the sink closed. */
  public long dropped() {
    return dropped.get();
  }

  /** Encodes queued lines into {@code batch} and writes it whenever it fills, then the rest. */
  private void drain() {
    int used = 0;
    String line;
    while ((line = queue.poll()) != null) {
      queued.decrementAndGet();
      byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
      if (used + bytes.length + 1 > batch.length) {
        write(batch, used);
        used = 0;
      }
      if (bytes.length + 1 > batch.length) { // a line longer than the buffer: on its own
        write(bytes, bytes.length);
        write(NEWLINE, 1);
        continue;
      }
      System.arraycopy(bytes, 0, batch, used, bytes.length);
      used += bytes.length;
      batch[used++] = '\n';
    }
    write(batch, used);
  }

  private void write(byte[] bytes, int length) {
    if (length == 0) {
      return;
    }
    try {
      out.write(bytes, 0, length);
      out.flush();
    } catch (IOException e) {
      dropped.incrementAndGet();
    }
  }

  /** Stops accepting lines and writes what is queued. */
  @Override
  public void close() {
    drainer.stop(5_000);
  }
}
