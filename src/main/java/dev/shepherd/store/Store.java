package dev.shepherd.store;

/**
 * An opened store: connection pool with migrations applied. Close it on shutdown.
 */
public interface Store extends AutoCloseable {

  /** API keys and settings. */
  KeyStore keys();

  /** Accounts and the append-only ledger. */
  BillingStore billing();

  /** Sums of the usage records, for reports. */
  UsageReports usage();

  /** The request log and its hourly rollups. */
  RequestLogStore requests();

  /**
   * Publishes the store's connection-pool metrics (HikariCP's {@code hikaricp_connections_*}) to
   * {@code registry}; at most once per store. The default publishes nothing.
   */
  default void bindMetrics(io.micrometer.core.instrument.MeterRegistry registry) {}

  /** "sqlite" or "postgresql". */
  String dialect();

  @Override
  void close();
}
