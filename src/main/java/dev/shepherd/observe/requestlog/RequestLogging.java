package dev.shepherd.observe.requestlog;

import dev.shepherd.config.RequestLogConfig;
import dev.shepherd.observe.Observer;
import dev.shepherd.store.RequestLogStore;
import java.time.InstantSource;

/**
 * The request log of a running gateway, assembled from {@code observe.request_log}: the exchange
 * listener, its write-behind writer and the retention sweeper. Disabled: no listener, nothing
 * queued, nothing swept (stored rows stay until it is enabled again).
 */
public final class RequestLogging implements AutoCloseable {
  /** Write-behind period: rows are written at most this long after their request ended. */
  static final long FLUSH_MILLIS = 250;
  static final int MAX_QUEUED = 100_000;
  static final long SWEEP_EVERY_MILLIS = 3_600_000;
  private final RequestLogConfig config;
  private final RequestLogWriter writer;
  private final RequestLog listener;
  private final RequestLogRetention retention;

  private RequestLogging(RequestLogConfig config, RequestLogWriter writer, RequestLog listener,
      RequestLogRetention retention) {
    this.config = config;
    this.writer = writer;
    this.listener = listener;
    this.retention = retention;
  }

  /** Starts the writer and the hourly retention sweep when enabled. */
  public static RequestLogging start(RequestLogConfig config, RequestLogStore store, InstantSource clock) {
    if (!config.enabled()) {
      return new RequestLogging(config, null, null, null);
    }
    RequestLogWriter writer = new RequestLogWriter(store, FLUSH_MILLIS, MAX_QUEUED, config.maxPayloadBytes());
    return new RequestLogging(config, writer, new RequestLog(writer, config.capturePayloads(), clock),
        new RequestLogRetention(store, config, clock, SWEEP_EVERY_MILLIS));
  }

  public RequestLogConfig config() {
    return config;
  }

  /** The observer to queue after the settlements, or {@code null} when disabled. */
  public Observer listener() {
    return listener;
  }

  /** The writer (counters), or {@code null} when disabled. */
  public RequestLogWriter writer() {
    return writer;
  }

  /** Blocks until every row queued so far is written (tests). */
  public void flush() {
    if (writer != null) {
      writer.flush();
    }
  }

  /** Runs the retention sweep now; nothing when disabled. Blocks. */
  public RequestLogRetention.Swept sweep() {
    return retention == null ? new RequestLogRetention.Swept(0, 0) : retention.sweep();
  }

  /** Stops the sweeper and writes what is queued (after the event loops stopped). */
  @Override
  public void close() {
    if (retention != null) {
      retention.close();
    }
    if (writer != null) {
      writer.close();
    }
  }
}
