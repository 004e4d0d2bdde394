package dev.shepherd.billing;

import dev.shepherd.store.BalanceDrop;
import dev.shepherd.store.BatchResult;
import dev.shepherd.store.BillingBatch;
import dev.shepherd.store.BillingStore;
import dev.shepherd.store.HoldRecord;
import dev.shepherd.store.LedgerEntry;
import dev.shepherd.store.Settlement;
import dev.shepherd.store.UsageRecord;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes billing records behind the request path: the {@code add}/{@code opened}/{@code settled}
 * calls queue (never block, never do I/O); a virtual thread writes whatever is queued every
 * {@code flushMillis} as one {@link BillingBatch}, in one store transaction. A hold opened and
 * settled within the same batch is never written. A failed batch is retried as it was (the store
 * ignores what it already has), so each record is written at most once and, short of a crash, at
 * least once. A crash loses at most the last {@code flushMillis} of records; {@link #close} writes
 * the rest. The balances a batch lowered go to the drop listener (low-balance alerts), on the
 * writer's thread after the batch committed: the listener must not block.
 */
public final class LedgerWriter implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LedgerWriter.class);
  private static final int MAX_BATCH = 1_000;
  private final BillingStore store;
  private final long flushMillis;
  private final Consumer<List<BalanceDrop>> onDrops;
  private final ConcurrentLinkedQueue<Object> queue = new ConcurrentLinkedQueue<>();
  private final Thread drainer;
  private final java.util.concurrent.atomic.AtomicLong enqueued = new java.util.concurrent.atomic.AtomicLong();
  private volatile boolean closed;
  private volatile long written;
  private volatile long failures;

  public LedgerWriter(BillingStore store, long flushMillis) {
    this(store, flushMillis, drops -> {});
  }

  /** As {@link #LedgerWriter(BillingStore, long)}, telling {@code onDrops} what each batch lowered. */
  public LedgerWriter(BillingStore store, long flushMillis, Consumer<List<BalanceDrop>> onDrops) {
    this.store = store;
    this.flushMillis = flushMillis;
    this.onDrops = onDrops;
    this.drainer = Thread.ofVirtual().name("ledger-writer").start(this::loop);
  }

  /** Queues a ledger entry (a charge or any other kind). */
  public void add(LedgerEntry entry) {
    enqueue(entry);
  }

  /** Queues the record of a hold kept in memory, so that a crash cannot strand it unseen. */
  public void opened(HoldRecord hold) {
    enqueue(hold);
  }

  /** Queues the end of a hold and its charge. */
  public void settled(Settlement settlement) {
    enqueue(settlement);
  }

  /** Queues a usage record. */
  public void usage(UsageRecord usage) {
    enqueue(usage);
  }

  /** Records written so far (applied or found already applied). */
  public long written() {
    return written;
  }

  /** Batches that failed and were retried. */
  public long failures() {
    return failures;
  }

  /** Records waiting for the next batch. */
  public int pending() {
    return queue.size();
  }

  /** Blocks until everything queued before this call is written (tests, ordered operations). */
  public void flush() {
    long target = enqueued.get();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (written < target && System.nanoTime() < deadline) {
      LockSupport.unpark(drainer);
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
    }
  }

  private void enqueue(Object record) {
    queue.add(record);
    enqueued.incrementAndGet();
  }

  private void loop() {
    List<Object> batch = new ArrayList<>();
    while (!closed) {
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(flushMillis));
      drain(batch);
    }
    drain(batch);
  }

  /** Writes until the queue is empty; keeps a failed batch and retries it after a pause. */
  private void drain(List<Object> batch) {
    while (true) {
      Object o;
      while (batch.size() < MAX_BATCH && (o = queue.poll()) != null) {
        batch.add(o);
      }
      if (batch.isEmpty()) {
        return;
      }
      BatchResult result;
      int size = batch.size();
      try {
        result = store.write(toBatch(batch));
        batch.clear();
      } catch (RuntimeException ex) {
        failures++;
        LOG.warn("billing batch of {} records failed, will retry: {}", batch.size(), ex.toString());
        if (closed && failures > 3) {
          LOG.error("giving up on {} billing records at shutdown; they are lost", batch.size());
          return;
        }
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(Math.max(flushMillis, 100)));
        continue;
      }
      if (!result.drops().isEmpty()) {
        try {
          onDrops.accept(result.drops());
        } catch (RuntimeException ex) {
          LOG.warn("balance drop listener failed: {}", ex.toString());
        }
      }
      written += size; // after the listener: flush() returns once the drops were handed over
    }
  }

  static BillingBatch toBatch(List<Object> items) {
    Set<String> settledHere = new HashSet<>();
    for (Object o : items) {
      if (o instanceof Settlement s) {
        settledHere.add(s.hold().id());
      }
    }
    Set<String> openedHere = new HashSet<>();
    for (Object o : items) {
      if (o instanceof HoldRecord h) {
        openedHere.add(h.id());
      }
    }
    List<HoldRecord> opened = new ArrayList<>();
    List<Settlement> settled = new ArrayList<>();
    List<LedgerEntry> entries = new ArrayList<>();
    List<UsageRecord> usage = new ArrayList<>();
    for (Object o : items) {
      switch (o) {
        case HoldRecord h -> {
          if (!settledHere.contains(h.id())) {
            opened.add(h);
          }
        }
        case Settlement s -> settled.add(openedHere.contains(s.hold().id()) ? s.unstored() : s);
        case LedgerEntry e -> entries.add(e);
        case UsageRecord u -> usage.add(u);
        default -> throw new IllegalStateException("unexpected record " + o.getClass());
      }
    }
    return new BillingBatch(opened, settled, entries, usage);
  }

  /** Stops the timer and writes what is queued (retrying a few times). */
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
