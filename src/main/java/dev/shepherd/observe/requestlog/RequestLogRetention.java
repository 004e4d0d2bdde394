package dev.shepherd.observe.requestlog;

import dev.shepherd.config.RequestLogConfig;
import dev.shepherd.store.RequestLogStore;
import dev.shepherd.store.RequestRollup;
import java.time.InstantSource;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes what the request log no longer keeps: rows of requests started more than
 * {@code retention_days} ago, and rollups of hours that started more than
 * {@code rollup_retention_days} ago (an hour is kept while any of it is inside). Time comes from the
 * injected clock, so tests move it instead of waiting. A virtual thread sweeps one minute after
 * start, then every {@code periodMillis}; rows go in chunks of {@value #CHUNK}, each its own short
 * transaction, so a large backlog never holds the database's write lock for long. Several
 * instances may sweep the same database: deleting is idempotent.
 */
public final class RequestLogRetention implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RequestLogRetention.class);
  static final int CHUNK = 5_000;
  private static final long DAY = 86_400_000L;
  private final RequestLogStore store;
  private final RequestLogConfig config;
  private final InstantSource clock;
  private final Thread thread;
  private volatile boolean closed;

  /** What one sweep deleted. */
  public record Swept(long requests, long rollups) {}

  /**
   * @param periodMillis time between sweeps; 0: no background thread (call {@link #sweep} yourself)
   */
  public RequestLogRetention(RequestLogStore store, RequestLogConfig config, InstantSource clock, long periodMillis) {
    this.store = store;
    this.config = config;
    this.clock = clock;
    this.thread = periodMillis <= 0 ? null
        : Thread.ofVirtual().name("request-log-retention").start(() -> loop(periodMillis));
  }

  /** Deletes expired rows and rollups now. Blocks (JDBC). */
  public Swept sweep() {
    long now = clock.millis();
    long requests = store.deleteRequestsBefore(now - config.retentionDays() * DAY, CHUNK);
    long rollups = store.deleteRollupsBefore(RequestRollup.hourOf(now - config.rollupRetentionDays() * DAY));
    if (requests > 0 || rollups > 0) {
      LOG.info("request log retention: deleted {} requests older than {} days, {} hourly rollups older than {} days",
          requests, config.retentionDays(), rollups, config.rollupRetentionDays());
    }
    return new Swept(requests, rollups);
  }

  private void loop(long periodMillis) {
    long wait = Math.min(periodMillis, 60_000);
    while (!closed) {
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(wait));
      if (closed) {
        return;
      }
      try {
        sweep();
      } catch (RuntimeException e) {
        LOG.warn("request log retention sweep failed, will retry: {}", e.toString());
      }
      wait = periodMillis;
    }
  }

  @Override
  public void close() {
    closed = true;
    if (thread != null) {
      LockSupport.unpark(thread);
      try {
        thread.join(10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
