package dev.shepherd.observe.requestlog;

import dev.shepherd.pipeline.CompletionText;
import dev.shepherd.pipeline.Drainer;
import dev.shepherd.store.RequestLogStore;
import dev.shepherd.store.RequestRecord;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes request log rows behind the request path, like the ledger writer: {@link #add} appends
 * to a list (no I/O, no wake-up); one virtual thread takes whatever is queued every
 * {@code flushMillis} and writes it in batches of up to {@value #MAX_BATCH} rows, one store
 * transaction each (rows and their rollups together). Redaction and truncation of captured
 * payloads happen here, on the writer's thread, never on an event loop.
 *
 * <p>Bounded: at most {@code maxQueued} rows wait (more are dropped and counted: under overload
 * the log gives way, requests do not), and captured payloads waiting are limited to
 * {@value #MAX_PAYLOAD_BYTES_QUEUED} bytes (beyond, rows are kept without payloads). A failed batch
 * is retried as it was (the store skips rows it already has) up to {@value #MAX_TRIES} times, then
 * dropped and logged. Loss window on a crash: the last {@code flushMillis}; {@link #close} writes
 * the rest.
 */
public final class RequestLogWriter implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RequestLogWriter.class);
  static final int MAX_BATCH = 2_000;
  static final long MAX_PAYLOAD_BYTES_QUEUED = 64L * 1024 * 1024;
  static final int MAX_TRIES = 5;
  private static final int MAX_DETAIL_CHARS = 500;

  /**
   * One request as queued: its row without payloads, and the payload sources when capturing.
   *
   * @param request the client's body, or {@code null}
   * @param answer a whole answer as sent, or {@code null}
   * @param streamed a stream's generated text, or {@code null}
   */
  record Entry(RequestRecord row, byte[] request, Buffer answer, CompletionText streamed) {
    long payloadBytes() {
      return (request == null ? 0 : request.length) + (answer == null ? 0 : answer.length())
          + (streamed == null ? 0 : streamed.size());
    }
  }

  private final RequestLogStore store;
  private final long flushMillis;
  private final int maxQueued;
  private final int maxPayloadBytes;
  private final Object lock = new Object();
  private List<Entry> pending = new ArrayList<>(); // guarded by lock
  private long payloadBytesQueued; // guarded by lock
  private long enqueued; // guarded by lock
  private List<Entry> spare = new ArrayList<>(); // the drainer's, empty between drains
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong payloadsDropped = new AtomicLong();
  private final Drainer drainer;
  private volatile long done;
  private volatile long written;
  private volatile long failures;

  /**
   * @param maxPayloadBytes the most kept of each captured payload (UTF-8 bytes)
   */
  public RequestLogWriter(RequestLogStore store, long flushMillis, int maxQueued, int maxPayloadBytes) {
    this.store = store;
    this.flushMillis = flushMillis;
    this.maxQueued = maxQueued;
    this.maxPayloadBytes = maxPayloadBytes;
    this.drainer = new Drainer("request-log-writer", flushMillis, this::drain);
  }

  /**
   * Queues one request: an append to a list under a lock held for nothing else (no I/O, no
   * wake-up). Returns false when the row was dropped (queue full or closed).
   */
  boolean add(Entry e) {
    synchronized (lock) {
      if (drainer.stopping() || pending.size() >= maxQueued) {
        dropped.incrementAndGet();
        return false;
      }
      long bytes = e.payloadBytes();
      if (bytes > 0 && payloadBytesQueued + bytes > MAX_PAYLOAD_BYTES_QUEUED) {
        payloadsDropped.incrementAndGet();
        e = new Entry(e.row(), null, null, null);
        bytes = 0;
      }
      payloadBytesQueued += bytes;
      enqueued++;
      pending.add(e);
      return true;
    }
  }

  /** Rows written so far (inserted, or found already stored). */
  public long written() {
    return written;
  }

  /** Rows dropped: queue full, closed, or a batch given up on. */
  public long dropped() {
    return dropped.get();
  }

  /** Rows kept without their payloads because too many payload bytes were waiting. */
  public long payloadsDropped() {
    return payloadsDropped.get();
  }

  /** Batches that failed (each retried, up to {@value #MAX_TRIES} tries). */
  public long failures() {
    return failures;
  }

  /** Blocks until every row queued before this call is written or given up on (tests, shutdown). */
  public void flush() {
    long target;
    synchronized (lock) {
      target = enqueued;
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (done < target && System.nanoTime() < deadline) {
      drainer.wake();
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
    }
  }

  /**
   * Takes everything queued (leaving an empty list) and writes it in batches of up to
   * {@value #MAX_BATCH}; again while a full batch or more arrived meanwhile, so a backlog is not
   * left to wait a period between takes. Fewer rows wait for the next period: taking every few
   * rows that arrive during a write would split the work into many small transactions.
   */
  private void drain() {
    for (boolean first = true; ; first = false) {
      List<Entry> taken;
      synchronized (lock) {
        if (pending.isEmpty() || (!first && pending.size() < MAX_BATCH)) {
          return;
        }
        taken = pending;
        pending = spare;
      }
      write(taken);
      boolean large = taken.size() > 4 * MAX_BATCH; // let a burst's big array go
      taken.clear();
      spare = large ? new ArrayList<>() : taken;
    }
  }

  private void write(List<Entry> taken) {
    long bytes = 0;
    for (int from = 0; from < taken.size(); from += MAX_BATCH) {
      List<Entry> batch = taken.subList(from, Math.min(taken.size(), from + MAX_BATCH));
      List<RequestRecord> rows = new ArrayList<>(batch.size());
      for (Entry b : batch) {
        rows.add(finish(b));
        bytes += b.payloadBytes();
      }
      if (!writeRows(rows)) {
        dropped.addAndGet(rows.size());
      } else {
        written += rows.size();
      }
      done += rows.size();
    }
    synchronized (lock) {
      payloadBytesQueued -= bytes;
    }
  }

  /** Writes with retries; false when given up. */
  private boolean writeRows(List<RequestRecord> rows) {
    for (int attempt = 1; ; attempt++) {
      try {
        store.write(rows);
        return true;
      } catch (RuntimeException ex) {
        failures++;
        if (attempt >= MAX_TRIES || drainer.stopping() && attempt >= 2) {
          LOG.error("request log: giving up on a batch of {} rows after {} tries: {}", rows.size(), attempt,
              ex.toString());
          return false;
        }
        LOG.warn("request log batch of {} rows failed, will retry: {}", rows.size(), ex.toString());
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(Math.max(flushMillis, 100) * attempt));
      }
    }
  }

  /** The row as stored: error detail redacted and shortened, payloads captured. */
  private RequestRecord finish(Entry e) {
    RequestRecord row = e.row();
    String detail = row.errorDetail();
    if (detail != null) {
      detail = Redactor.redact(detail);
      if (detail.length() > MAX_DETAIL_CHARS) {
        detail = detail.substring(0, MAX_DETAIL_CHARS) + "…";
      }
    }
    String request = Redactor.capture(e.request(), maxPayloadBytes);
    String response = null;
    if (e.answer() != null) {
      int n = (int) Math.min(e.answer().length(), (long) maxPayloadBytes + Redactor.MARGIN);
      response = Redactor.capture(e.answer().getBytes(0, n), e.answer().length(), maxPayloadBytes);
    } else if (e.streamed() != null && !e.streamed().isEmpty()) {
      response = Redactor.capture(e.streamed().text().getBytes(StandardCharsets.UTF_8), maxPayloadBytes);
    }
    return detail == row.errorDetail() && request == null && response == null ? row
        : row.withText(detail, request, response);
  }

  /** Stops accepting rows and writes what is queued. */
  @Override
  public void close() {
    drainer.stop(10_000);
  }
}
