package dev.shepherd.billing;

import dev.shepherd.store.BillingStore;
import dev.shepherd.store.LedgerEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes ledger entries behind the request path: {@link #add} queues (never blocks, never does
 * I/O); a virtual thread appends whatever is queued every {@code flushMillis} in one store
 * transaction. A failed batch is retried with the same entry ids, which the store ignores when
 * already applied, so an entry is written at most once and, short of a crash, at least once. A
 * crash loses at most the last {@code flushMillis} of entries; {@link #close} writes the rest.
 */
public final class LedgerWriter implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LedgerWriter.class);
  private static final int MAX_BATCH = 1_000;
  private final BillingStore store;
  private final long flushMillis;
  private final ConcurrentLinkedQueue<LedgerEntry> queue = new ConcurrentLinkedQueue<>();
  private final Thread drainer;
  private volatile boolean closed;
  private volatile long written;
  private volatile long failures;

  public LedgerWriter(BillingStore store, long flushMillis) {
    this.store = store;
    this.flushMillis = flushMillis;
    this.drainer = Thread.ofVirtual().name("ledger-writer").start(this::loop);
  }

  /** Queues one entry for the next batch. */
  public void add(LedgerEntry entry) {
    queue.add(entry);
  }

  /** Entries written so far (applied or found already applied). */
  public long written() {
    return written;
  }

  /** Batches that failed and were retried. */
  public long failures() {
    return failures;
  }

  /** Entries waiting for the next batch. */
  public int pending() {
    return queue.size();
  }

  private void loop() {
    List<LedgerEntry> batch = new ArrayList<>();
    while (!closed) {
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(flushMillis));
      drain(batch);
    }
    drain(batch);
  }

  /** Writes until the queue is empty; keeps a failed batch and retries it after a pause. */
  private void drain(List<LedgerEntry> batch) {
    while (true) {
      LedgerEntry e;
      while (batch.size() < MAX_BATCH && (e = queue.poll()) != null) {
        batch.add(e);
      }
      if (batch.isEmpty()) {
        return;
      }
      try {
        store.append(List.copyOf(batch));
        written += batch.size();
        batch.clear();
      } catch (RuntimeException ex) {
        failures++;
        LOG.warn("ledger batch of {} entries failed, will retry: {}", batch.size(), ex.toString());
        if (closed && failures > 3) {
          LOG.error("giving up on {} ledger entries at shutdown; they are lost", batch.size());
          return;
        }
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(Math.max(flushMillis, 100)));
      }
    }
  }

  /** Stops accepting the timer and writes what is queued (retrying a few times). */
  @Override
  public void close() {
    closed = true;
    LockSupport.unpark(drainer);
    try {
      drainer.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
