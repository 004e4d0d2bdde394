package dev.shepherd.config;

import java.util.Map;
import java.util.TreeMap;

/**
 * The {@code observe} section: the Prometheus endpoint and OpenTelemetry tracing. Changing it needs
 * a restart (a reload reports {@code observe} in {@code needs_restart}).
 *
 * @param metrics the {@code /metrics} endpoint
 * @param tracing OTLP trace export; {@link Tracing#enabled()} is false unless an endpoint is set
 */
public record ObserveConfig(Metrics metrics, Tracing tracing) {

  /** Metrics on at {@code /metrics} without a key; tracing off. */
  public static final ObserveConfig DEFAULT = new ObserveConfig(Metrics.DEFAULT, Tracing.OFF);

  /**
   * The Prometheus scrape endpoint, served on the gateway's own port.
   *
   * @param enabled record metrics and serve them (default true)
   * @param path where they are served (default {@code /metrics})
   * @param requireAdminKey answer only requests that present the admin key (default false: like
   *     {@code /healthz}, open to whoever reaches the port)
   */
  public record Metrics(boolean enabled, String path, boolean requireAdminKey) {
    public static final Metrics DEFAULT = new Metrics(true, "/metrics", false);
  }

  /**
   * Span export over OTLP/HTTP (protobuf).
   *
   * @param otlpEndpoint the collector's traces URL, e.g. {@code http://127.0.0.1:4318/v1/traces}; empty: off
   * @param serviceName the {@code service.name} resource attribute (default {@code shepherd})
   * @param sampleRatio share of new traces recorded, 0..1 (default 1); a client's sampled flag
   *     is followed when it sends {@code traceparent}
   * @param headers extra request headers for the collector (e.g. an API key), sorted by name
   */
  public record Tracing(String otlpEndpoint, String serviceName, double sampleRatio, Map<String, String> headers) {
    public static final Tracing OFF = new Tracing("", "shepherd", 1.0, Map.of());

    public Tracing {
      headers = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(headers));
    }

    /** True when spans are exported. */
    public boolean enabled() {
      return !otlpEndpoint.isEmpty();
    }
  }
}
