package dev.shepherd.store;

import java.util.List;

/**
 * The read side of {@code usage_records}: sums for reports. Blocks (JDBC): call it off the event
 * loop. Records are written behind (see {@link BillingStore#write}), so the last ~100 ms of
 * requests may not be counted yet.
 */
public interface UsageReports {

  /**
   * The records matching {@code query}, summed per group in the database, one row per group that
   * has records (no empty groups), sorted by group (string order: days sort chronologically).
   */
  List<UsageRow> summarize(UsageQuery query);
}
