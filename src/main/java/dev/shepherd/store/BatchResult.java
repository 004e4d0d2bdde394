package dev.shepherd.store;

import java.util.List;

/**
 * What one billing transaction applied: the ledger entries inserted (repeats skipped) and the
 * balances it lowered.
 */
public record BatchResult(List<LedgerEntry> entries, List<BalanceDrop> drops) {
  /** Nothing applied. */
  public static final BatchResult EMPTY = new BatchResult(List.of(), List.of());

  public BatchResult {
    entries = List.copyOf(entries);
    drops = List.copyOf(drops);
  }
}
