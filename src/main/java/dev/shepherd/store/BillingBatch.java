package dev.shepherd.store;

import java.util.List;

/**
 * One write-behind batch, applied in one transaction: holds opened (recorded only when the
 * instance keeps holds in memory), holds settled, other ledger entries, usage records.
 */
public record BillingBatch(List<HoldRecord> opened, List<Settlement> settled, List<LedgerEntry> entries,
    List<UsageRecord> usage) {

  public BillingBatch {
    opened = List.copyOf(opened);
    settled = List.copyOf(settled);
    entries = List.copyOf(entries);
    usage = List.copyOf(usage);
  }

  public boolean isEmpty() {
    return opened.isEmpty() && settled.isEmpty() && entries.isEmpty() && usage.isEmpty();
  }

  public int size() {
    return opened.size() + settled.size() + entries.size() + usage.size();
  }
}
