package dev.shepherd.billing;

import dev.shepherd.store.BillingStore;
import dev.shepherd.store.HoldRecovery;
import java.time.InstantSource;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This gateway process as the store knows it: registered at start, a heartbeat every
 * {@link #HEARTBEAT_MILLIS}, marked stopped at a clean shutdown. Each beat also sweeps: the
 * stored holds of instances that died (heartbeat older than {@code staleAfterMillis}) are
 * released, and each release is logged and recorded as lost charges.
 */
public final class Instance implements AutoCloseable {
  /** How often a live instance refreshes its heartbeat and sweeps. */
  public static final long HEARTBEAT_MILLIS = 5_000;
  private static final Logger LOG = LoggerFactory.getLogger(Instance.class);
  private final String id = "inst_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
  private final BillingStore store;
  private final InstantSource clock;
  private final long staleAfterMillis;
  private final Thread beat;

  /**
   * Registers this instance and releases what dead instances left held.
   *
   * @param staleAfterMillis how old a heartbeat must be for its instance to count as dead; 0 on a
   *     single instance (every other instance recorded in the store is dead: it was this
   *     gateway's previous run)
   */
  public Instance(BillingStore store, InstantSource clock, long staleAfterMillis) {
    this.store = store;
    this.clock = clock;
    this.staleAfterMillis = staleAfterMillis;
    store.registerInstance(id, clock.millis());
    sweep();
    this.beat = Thread.ofVirtual().name("instance-heartbeat").start(this::loop);
  }

  public String id() {
    return id;
  }

  /** Releases stale holds now; returns what was released. */
  public List<HoldRecovery> sweep() {
    long now = clock.millis();
    List<HoldRecovery> released = store.releaseStaleHolds(id, staleAfterMillis == 0 ? Long.MAX_VALUE
        : now - staleAfterMillis, now);
    for (HoldRecovery r : released) {
      LOG.warn("released {} stale credit holds (${}) of instance {}, which stopped without settling them:"
          + " {} requests in flight were not charged", r.holds(), Micros.format(r.micros()), r.deadInstanceId(),
          r.holds());
    }
    return released;
  }

  private void loop() {
    while (!Thread.currentThread().isInterrupted()) {
      try {
        Thread.sleep(HEARTBEAT_MILLIS);
        store.heartbeat(id, clock.millis());
        if (staleAfterMillis > 0) {
          sweep();
        }
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        LOG.warn("instance heartbeat failed: {}", e.toString());
      }
    }
  }

  /** Stops the heartbeat and marks the instance stopped: call after the last billing batch is written. */
  @Override
  public void close() {
    beat.interrupt();
    try {
      beat.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    store.stopInstance(id, clock.millis());
  }
}
