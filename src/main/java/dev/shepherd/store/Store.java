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

  /** "sqlite" or "postgresql". */
  String dialect();

  @Override
  void close();
}
