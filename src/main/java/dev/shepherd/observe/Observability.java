package dev.shepherd.observe;

import dev.shepherd.auth.AdminAuth;
import dev.shepherd.config.ObserveConfig;
import dev.shepherd.pipeline.ExchangeListener;
import dev.shepherd.routing.HealthRegistry;
import dev.shepherd.store.Store;
import java.util.ArrayList;
import java.util.List;

/**
 * What the {@code observe} section turns on for one server: {@link Metrics} (with the store's pool
 * metrics) and the {@code /metrics} endpoint, and {@link Tracing}. Either may be absent.
 */
public final class Observability implements AutoCloseable {
  private final ObserveConfig config;
  private final Metrics metrics;
  private final Tracing tracing;

  private Observability(ObserveConfig config, Metrics metrics, Tracing tracing) {
    this.config = config;
    this.metrics = metrics;
    this.tracing = tracing;
  }

  /**
   * Starts what {@code config} enables.
   *
   * @param accessLog the access log's sink (its dropped lines are counted), or {@code null}
   */
  public static Observability start(ObserveConfig config, HealthRegistry health, LineSink accessLog, Store store) {
    Metrics metrics = null;
    if (config.metrics().enabled()) {
      metrics = new Metrics(health, accessLog);
      store.bindMetrics(metrics.registry());
    }
    Tracing tracing = config.tracing().enabled() ? Tracing.start(config.tracing()) : null;
    return new Observability(config, metrics, tracing);
  }

  /** The listeners to run on the event loop: the in-flight gauge and tracing (spans time the request). */
  public List<ExchangeListener> inlineListeners() {
    List<ExchangeListener> out = new ArrayList<>(2);
    if (metrics != null) {
      out.add(metrics.inFlight());
    }
    if (tracing != null) {
      out.add(tracing);
    }
    return out;
  }

  /** The observers that run later, off the loop ({@link ObserverQueue}): the metrics. */
  public List<Observer> deferredListeners() {
    return metrics == null ? List.of() : List.of(metrics);
  }

  /** The metrics path, or {@code null} when metrics are off. */
  public String metricsPath() {
    return metrics == null ? null : config.metrics().path();
  }

  /** The handler of {@link #metricsPath()}, checking {@code admin} when the config requires the admin key. */
  public MetricsEndpoint metricsEndpoint(AdminAuth admin) {
    return metrics == null ? null : new MetricsEndpoint(metrics, config.metrics().requireAdminKey() ? admin : null);
  }

  /** Metrics, or {@code null} when off. */
  public Metrics metrics() {
    return metrics;
  }

  /** Tracing, or {@code null} when off. */
  public Tracing tracing() {
    return tracing;
  }

  /** Exports queued spans and releases the registry. Call after the event loops stopped. */
  @Override
  public void close() {
    if (tracing != null) {
      tracing.close();
    }
    if (metrics != null) {
      metrics.close();
    }
  }
}
