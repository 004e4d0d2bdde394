package dev.shepherd.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shepherd.billing.LedgerWriter;
import dev.shepherd.billing.SharedCredit;
import dev.shepherd.store.LedgerEntry.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Promo expiry, balance drops and spend per key, part of the {@link BillingStoreContract} (run on
 * each database). An account gets a $1.00 promo bonus expiring at T = 1,000,000 ms and $2.00
 * paid credit.
 */
interface PromoExpiryStoreContract {
  long T = 1_000_000;

  BillingStore billing();

  private void account(String id) {
    billing().createAccount(new Account(id, id, "USD", 0, 0, T, 1));
    billing().append(List.of(
        new LedgerEntry("le_bonus_" + id, id, Kind.BONUS, 0, 1_000_000, "signup", null, 0, null, null, 1),
        new LedgerEntry("le_top_" + id, id, Kind.TOPUP, 2_000_000, 0, "pay_" + id, "USD", 2_000_000, "1", null, 2)));
  }

  private static Settlement charge(String account, String request, long cost) {
    return new Settlement(new HoldRecord(request, account, "inst_x", cost, 10), null, cost, "le_" + request, request,
        "m@0", 10);
  }

  private static BillingBatch batch(List<Settlement> settled) {
    return new BillingBatch(List.of(), settled, List.of(), List.of());
  }

  @Test
  default void expiredPromoIsWrittenOffOnceAndTheLedgerVerifies() {
    account("acct_e");
    assertEquals(List.of(), billing().promoExpiredBy(T - 1), "not before its expiry");
    assertEquals(List.of("acct_e"), billing().promoExpiredBy(T).stream().map(Account::id).toList());
    billing().write(batch(List.of(charge("acct_e", "req_1", 300_000)))); // promo first: 700,000 left

    BatchResult r = billing().expirePromo("acct_e", T, "le_x1", T + 5);
    assertEquals(List.of(new LedgerEntry("le_x1", "acct_e", Kind.EXPIRY, 0, -700_000, "expiry:1970-01-01T00:16:40Z",
        null, 0, null, null, T + 5)), r.entries());
    assertEquals(List.of(new BalanceDrop("acct_e", 2_700_000, 2_000_000)), r.drops());
    Account a = billing().account("acct_e").orElseThrow();
    assertEquals(0, a.promoMicros());
    assertEquals(2_000_000, a.paidMicros());
    assertNull(a.promoExpiresAt());

    assertEquals(BatchResult.EMPTY, billing().expirePromo("acct_e", T, "le_x2", T + 6), "a re-run does nothing");
    assertEquals(List.of(), billing().promoExpiredBy(T + 10));
    assertEquals(1, billing().entries("acct_e", 10).stream().filter(e -> e.kind() == Kind.EXPIRY).count());
    assertEquals(List.of(), billing().verify());
  }

  @Test
  default void anExpiryEntryArrivingInABatchClearsTheExpiryOnce() {
    account("acct_b");
    LedgerEntry off = new LedgerEntry("le_off", "acct_b", Kind.EXPIRY, 0, -1_000_000, BillingStore.expiryReference(T),
        null, 0, null, null, T);
    BatchResult r = billing().write(new BillingBatch(List.of(), List.of(), List.of(off), List.of()));
    assertEquals(List.of(off), r.entries());
    assertEquals(List.of(new BalanceDrop("acct_b", 3_000_000, 2_000_000)), r.drops());
    assertNull(billing().account("acct_b").orElseThrow().promoExpiresAt());
    LedgerEntry again = new LedgerEntry("le_off2", "acct_b", Kind.EXPIRY, 0, -1_000_000,
        BillingStore.expiryReference(T), null, 0, null, null, T);
    assertEquals(BatchResult.EMPTY.entries(), billing().write(new BillingBatch(List.of(), List.of(), List.of(again),
        List.of())).entries(), "the same expiry twice is skipped by the reference index");
    assertEquals(BatchResult.EMPTY, billing().expirePromo("acct_b", T, "le_x", T + 1));
    assertEquals(0, billing().account("acct_b").orElseThrow().promoMicros());
    assertEquals(List.of(), billing().verify());
  }

  @Test
  default void aZeroPromoStillRecordsItsExpiryOnce() {
    account("acct_z");
    billing().write(batch(List.of(charge("acct_z", "req_1", 1_500_000)))); // promo 0, paid 1.5
    BatchResult r = billing().expirePromo("acct_z", T, "le_z", T);
    assertEquals(0, r.entries().get(0).promoMicros());
    assertEquals(List.of(), r.drops(), "nothing lowered");
    assertNull(billing().account("acct_z").orElseThrow().promoExpiresAt());
  }

  @Test
  default void batchesReportTheBalancesTheyLowered() {
    account("acct_a");
    account("acct_c");
    BatchResult r = billing().write(batch(List.of(charge("acct_a", "req_1", 100), charge("acct_a", "req_2", 200),
        charge("acct_c", "req_3", 3_000_000))));
    assertEquals(List.of(new BalanceDrop("acct_a", 3_000_000, 2_999_700), new BalanceDrop("acct_c", 3_000_000, 0)),
        r.drops());
    assertTrue(r.drops().get(1).crosses(1_000_000));
    assertTrue(!r.drops().get(0).crosses(1_000_000));
  }

  /**
   * Shared balances: four sweepers (as on four instances) race each other and a stream of
   * store-split settlements; the promo is written off once, and every charge lands before or
   * after it.
   */
  @Test
  default void concurrentSweepsAndSettlementsWriteOffOnce() throws Exception {
    account("acct_r");
    List<Future<BatchResult>> sweeps = new ArrayList<>();
    CountDownLatch go = new CountDownLatch(1);
    try (LedgerWriter writer = new LedgerWriter(billing(), 1);
        ExecutorService pool = Executors.newFixedThreadPool(6)) {
      for (int i = 0; i < 4; i++) {
        SharedCredit credit = new SharedCredit(billing(), writer, "inst_" + i);
        sweeps.add(pool.submit(() -> {
          go.await();
          return credit.expirePromo(T);
        }));
      }
      pool.submit(() -> {
        go.await();
        for (int i = 0; i < 40; i++) {
          billing().write(batch(List.of(charge("acct_r", "req_" + i, 10_000))));
        }
        return null;
      });
      go.countDown();
    }
    long written = 0;
    int entries = 0;
    for (Future<BatchResult> f : sweeps) {
      for (LedgerEntry e : f.get().entries()) {
        entries++;
        written -= e.promoMicros();
      }
    }
    assertEquals(1, entries, "one EXPIRY, whichever sweeper got the row first");
    Account a = billing().account("acct_r").orElseThrow();
    assertEquals(0, a.promoMicros());
    long promoCharged = -billing().entries("acct_r", 100).stream().filter(e -> e.kind() == Kind.CHARGE)
        .mapToLong(LedgerEntry::promoMicros).sum();
    assertEquals(1_000_000, promoCharged + written, "promo charged before the write-off + written off = the bonus");
    assertEquals(3_000_000 - 400_000 - written, a.totalMicros());
    assertEquals(List.of(), billing().verify());
  }

  @Test
  default void spendPerKeySumsUsageRecordsSinceAnInstant() {
    account("acct_s");
    List<UsageRecord> usage = List.of(usage("req_1", "key_a", 100, 1_000), usage("req_2", "key_a", 250, 2_000),
        usage("req_3", "key_b", 7, 2_500), usage("req_0", "key_a", 9_999, 999));
    billing().write(new BillingBatch(List.of(), List.of(), List.of(), usage));
    assertEquals(Map.of("key_a", 350L, "key_b", 7L), billing().spendByKeySince(1_000));
    assertEquals(Map.of("key_b", 7L), billing().spendByKeySince(2_001));
  }

  private static UsageRecord usage(String request, String key, long cost, long at) {
    return new UsageRecord(request, "acct_s", key, "m", "p/m", "chat", "OK", "upstream", 1, 0, 1, cost, cost, "m@0",
        at, 5);
  }
}
