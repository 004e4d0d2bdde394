package dev.shepherd.billing;

import dev.shepherd.store.BalanceDrop;
import dev.shepherd.store.BatchResult;
import dev.shepherd.store.LedgerEntry;
import java.time.InstantSource;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The promo expiry sweeper: at start and then every {@code periodMillis} (a minute in the
 * server), on a virtual thread, writes off the promo credit whose expiry has passed by the
 * injected clock ({@link Credit#expirePromo}). Each expiry is written off once, however often the
 * sweep runs and whichever instances run it. The balances a write-off lowered in the store go to
 * the drop listener (low-balance alerts).
 */
public final class PromoExpiry implements AutoCloseable {
  /** How often the server sweeps. */
  public static final long PERIOD_MILLIS = 60_000;
  private static final Logger LOG = LoggerFactory.getLogger(PromoExpiry.class);
  private final Credit credit;
  private final InstantSource clock;
  private final Consumer<List<BalanceDrop>> onDrops;
  private final long periodMillis;
  private final Thread thread;

  /** Sweeps once now (on the caller's thread), then every {@code periodMillis}. */
  public PromoExpiry(Credit credit, InstantSource clock, Consumer<List<BalanceDrop>> onDrops, long periodMillis) {
    this.credit = credit;
    this.clock = clock;
    this.onDrops = onDrops;
    this.periodMillis = periodMillis;
    sweepQuietly();
    this.thread = Thread.ofVirtual().name("promo-expiry").start(this::loop);
  }

  /**
   * Writes off what has expired by now. Blocks (store I/O with shared balances); safe to call
   * concurrently with the timer and with settlements.
   *
   * @return the EXPIRY entries written or queued by this sweep
   */
  public synchronized List<LedgerEntry> sweep() {
    BatchResult r = credit.expirePromo(clock.millis());
    for (LedgerEntry e : r.entries()) {
      LOG.info("account {}: promo credit expired ({}), ${} written off", e.accountId(), e.reference(),
          Micros.format(-e.promoMicros()));
    }
    if (!r.drops().isEmpty()) {
      onDrops.accept(r.drops());
    }
    return r.entries();
  }

  private void sweepQuietly() {
    try {
      sweep();
    } catch (RuntimeException e) {
      LOG.warn("promo expiry sweep failed, will retry: {}", e.toString());
    }
  }

  private void loop() {
    while (!Thread.currentThread().isInterrupted()) {
      try {
        Thread.sleep(periodMillis);
      } catch (InterruptedException e) {
        return;
      }
      sweepQuietly();
    }
  }

  /** Stops the timer (a sweep in progress finishes). */
  @Override
  public void close() {
    thread.interrupt();
    try {
      thread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
