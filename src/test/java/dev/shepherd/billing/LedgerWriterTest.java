package dev.shepherd.billing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shepherd.store.Account;
import dev.shepherd.store.BillingStore;
import dev.shepherd.store.LedgerEntry;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The write-behind queue: batches, retries failed batches without duplicates, flushes on close. */
class LedgerWriterTest {

  /** An in-memory store that can be told to fail its next appends; applies each id once. */
  static final class MemoryStore implements BillingStore {
    final Map<String, LedgerEntry> entries = Collections.synchronizedMap(new LinkedHashMap<>());
    final AtomicInteger failNext = new AtomicInteger();
    final List<Integer> batchSizes = Collections.synchronizedList(new ArrayList<>());

    @Override public void createAccount(Account account) { }
    @Override public Optional<Account> account(String id) { return Optional.empty(); }
    @Override public List<Account> accounts() { return List.of(); }
    @Override public List<LedgerEntry> entries(String accountId, int limit) { return List.of(); }
    @Override public boolean hasReference(String a, LedgerEntry.Kind k, String r) { return false; }
    @Override public List<dev.shepherd.store.BalanceMismatch> mismatches() { return List.of(); }
    @Override public long entryCount() { return entries.size(); }
    @Override public List<LedgerEntry> appendIfCovered(LedgerEntry debit) { return append(List.of(debit)); }
    @Override public void createCodes(dev.shepherd.store.CodeBatch b, List<String> h) { }
    @Override public dev.shepherd.store.Redemption redeem(String c, String a, String e, long now) {
      return dev.shepherd.store.Redemption.refusal(dev.shepherd.store.Redemption.Outcome.UNKNOWN);
    }

    @Override public boolean holdIfCovered(dev.shepherd.store.HoldRecord hold) { return false; }
    @Override public void registerInstance(String id, long now) { }
    @Override public void heartbeat(String id, long now) { }
    @Override public void stopInstance(String id, long now) { }
    @Override public List<dev.shepherd.store.HoldRecovery> releaseStaleHolds(String s, long b, long n) { return List.of(); }
    @Override public List<dev.shepherd.store.HoldRecovery> recoveries(int limit) { return List.of(); }
    @Override public List<String> heldMismatches() { return List.of(); }
    @Override public long[] outstandingHolds() { return new long[2]; }

    @Override public List<Account> promoExpiredBy(long now) { return List.of(); }
    @Override public dev.shepherd.store.BatchResult expirePromo(String a, long at, String id, long now) {
      return dev.shepherd.store.BatchResult.EMPTY;
    }
    @Override public Map<String, Long> spendByKeySince(long since) { return Map.of(); }

    @Override
    public dev.shepherd.store.BatchResult write(dev.shepherd.store.BillingBatch batch) {
      return new dev.shepherd.store.BatchResult(append(batch.entries()), List.of());
    }

    @Override
    public List<LedgerEntry> append(List<LedgerEntry> batch) {
      if (failNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
        throw new IllegalStateException("database is locked");
      }
      batchSizes.add(batch.size());
      List<LedgerEntry> applied = new ArrayList<>();
      for (LedgerEntry e : batch) {
        if (entries.putIfAbsent(e.id(), e) == null) {
          applied.add(e);
        }
      }
      return applied;
    }
  }

  static LedgerEntry charge(int i) {
    return new LedgerEntry("le_" + i, "acct_1", LedgerEntry.Kind.CHARGE, -i, 0, "req_" + i, null, 0, null, "m@0", i);
  }

  @Test
  void everyEntryIsWrittenOnceInBatchesAndCloseFlushes() {
    MemoryStore store = new MemoryStore();
    try (LedgerWriter w = new LedgerWriter(store, 5)) {
      for (int i = 0; i < 2_500; i++) {
        w.add(charge(i));
      }
    }
    assertEquals(2_500, store.entries.size());
    assertTrue(store.batchSizes.stream().allMatch(n -> n <= 1_000), store.batchSizes.toString());
  }

  @Test
  void aFailedBatchIsRetriedWithoutDuplicates() throws Exception {
    MemoryStore store = new MemoryStore();
    store.failNext.set(2);
    try (LedgerWriter w = new LedgerWriter(store, 5)) {
      for (int i = 0; i < 50; i++) {
        w.add(charge(i));
      }
      long deadline = System.nanoTime() + 5_000_000_000L;
      while (store.entries.size() < 50 && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      assertEquals(2, w.failures());
    }
    assertEquals(50, store.entries.size());
  }
}
