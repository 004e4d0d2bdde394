package dev.shepherd.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shepherd.store.KeyStoreContract.Target;
import dev.shepherd.store.LedgerEntry.Kind;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Behaviour every {@link BillingStore} must show, run against each database by a subclass that
 * supplies a fresh, empty database per test.
 */
abstract class BillingStoreContract implements CodeStoreContract, PromoExpiryStoreContract {

  /** A fresh, empty database for one test. */
  protected abstract Target freshTarget() throws Exception;

  protected Target target;
  protected Store store;
  protected BillingStore billing;

  @BeforeEach
  void openStore() throws Exception {
    target = freshTarget();
    store = target.open();
    billing = store.billing();
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  @Override
  public BillingStore billing() {
    return billing;
  }

  static Account account(String id, long createdAt) {
    return new Account(id, "name " + id, "CNY", 0, 0, null, createdAt);
  }

  static LedgerEntry entry(String id, String account, Kind kind, long paid, long promo, String ref, long at) {
    return new LedgerEntry(id, account, kind, paid, promo, ref, null, 0, null, null, at);
  }

  static List<String> ids(List<LedgerEntry> entries) {
    return entries.stream().map(LedgerEntry::id).toList();
  }

  private long balance(String id) {
    return billing.account(id).orElseThrow().totalMicros();
  }

  @Test
  void createsAndReadsAccounts() {
    var a = new Account("acct_a", "Alice", "CNY", 0, 0, 4_102_444_800_000L, 1_000);
    billing.createAccount(a);
    billing.createAccount(account("acct_b", 2_000));
    assertEquals(Optional.of(a), billing.account("acct_a"));
    assertEquals(Optional.empty(), billing.account("acct_none"));
    assertEquals(List.of("acct_b", "acct_a"), billing.accounts().stream().map(Account::id).toList());
    var dup = assertThrows(StoreException.class, () -> billing.createAccount(account("acct_a", 3)));
    assertTrue(dup.isConflict());
    assertThrows(
        IllegalArgumentException.class,
        () -> billing.createAccount(new Account("acct_c", "C", "USD", 5, 0, null, 1)));
  }

  @Test
  void appendAppliesEntriesAndBalancesAndRoundTripsEveryField() {
    billing.createAccount(account("acct_a", 1));
    billing.createAccount(account("acct_b", 1));
    var topup =
        new LedgerEntry("le_1", "acct_a", Kind.TOPUP, 10_000_000, 0, "pay_1", "CNY", 10_000_000, "1", null, 10);
    var bonus = entry("le_2", "acct_a", Kind.BONUS, 0, 2_000_000, null, 11);
    var charge =
        new LedgerEntry("le_3", "acct_a", Kind.CHARGE, -300, -1_000, "req_1", null, 0, null, "p2025-01", 12);
    var other = entry("le_4", "acct_b", Kind.ADJUSTMENT, 7, 0, null, 13);
    List<LedgerEntry> batch = List.of(topup, bonus, charge, other);
    assertEquals(batch, billing.append(batch));
    Account a = billing.account("acct_a").orElseThrow();
    assertEquals(9_999_700, a.paidMicros());
    assertEquals(1_999_000, a.promoMicros());
    assertEquals(7, balance("acct_b"));
    assertEquals(List.of(charge, bonus, topup), billing.entries("acct_a", 10));
    assertEquals(4, billing.entryCount());
    assertEquals(List.of(), billing.verify());
    assertEquals(List.of(), billing.append(List.of()));
  }

  @Test
  void retriedBatchIsANoOp() {
    billing.createAccount(account("acct_a", 1));
    var batch =
        List.of(entry("le_1", "acct_a", Kind.TOPUP, 500, 0, "pay_1", 1),
            entry("le_2", "acct_a", Kind.CHARGE, -20, 0, null, 2));
    assertEquals(2, billing.append(batch).size());
    assertEquals(List.of(), billing.append(batch));
    var mixed = List.of(batch.get(1), entry("le_3", "acct_a", Kind.CHARGE, -5, 0, null, 3));
    assertEquals(List.of("le_3"), ids(billing.append(mixed)));
    assertEquals(475, balance("acct_a"));
    assertEquals(3, billing.entryCount());
    assertEquals(List.of(), billing.verify());
  }

  @Test
  void duplicateReferenceIsSkippedButNullReferencesAreFree() {
    billing.createAccount(account("acct_a", 1));
    billing.createAccount(account("acct_b", 1));
    assertFalse(billing.hasReference("acct_a", Kind.TOPUP, "pay_9"));
    billing.append(List.of(entry("le_1", "acct_a", Kind.TOPUP, 100, 0, "pay_9", 1)));
    assertTrue(billing.hasReference("acct_a", Kind.TOPUP, "pay_9"));
    assertFalse(billing.hasReference("acct_a", Kind.REFUND, "pay_9"));
    List<LedgerEntry> applied =
        billing.append(
            List.of(
                entry("le_2", "acct_a", Kind.TOPUP, 100, 0, "pay_9", 2), // same top-up, new id
                entry("le_3", "acct_a", Kind.REFUND, 1, 0, "pay_9", 3), // other kind: fine
                entry("le_4", "acct_b", Kind.TOPUP, 5, 0, "pay_9", 4), // other account: fine
                entry("le_5", "acct_a", Kind.ADJUSTMENT, 2, 0, null, 5),
                entry("le_6", "acct_a", Kind.ADJUSTMENT, 3, 0, null, 6),
                entry("le_7", "acct_a", Kind.TOPUP, 100, 0, "pay_10", 7),
                entry("le_8", "acct_a", Kind.TOPUP, 100, 0, "pay_10", 8))); // dup inside batch
    assertEquals(List.of("le_3", "le_4", "le_5", "le_6", "le_7"), ids(applied));
    assertEquals(206, balance("acct_a"));
    assertEquals(List.of(), billing.verify());
  }

  @Test
  void unknownAccountFailsTheWholeBatch() {
    billing.createAccount(account("acct_a", 1));
    var e =
        assertThrows(
            StoreException.class,
            () ->
                billing.append(
                    List.of(entry("le_1", "acct_a", Kind.TOPUP, 100, 0, "pay_1", 1),
                        entry("le_2", "acct_ghost", Kind.TOPUP, 100, 0, null, 2))));
    assertEquals("billing.append", e.operation());
    assertTrue(e.getMessage().contains("acct_ghost"), e.getMessage());
    assertEquals(0, balance("acct_a"));
    assertEquals(0, billing.entryCount());
    assertFalse(billing.hasReference("acct_a", Kind.TOPUP, "pay_1"));
    assertEquals(1, billing.append(List.of(entry("le_1", "acct_a", Kind.TOPUP, 100, 0, "pay_1", 1))).size());
  }

  @Test
  void entriesAreNewestFirstAndLimited() {
    billing.createAccount(account("acct_a", 1));
    billing.append(
        List.of(entry("le_b", "acct_a", Kind.TOPUP, 1, 0, null, 200),
            entry("le_a", "acct_a", Kind.TOPUP, 1, 0, null, 100),
            entry("le_c", "acct_a", Kind.TOPUP, 1, 0, null, 300),
            entry("le_d", "acct_a", Kind.TOPUP, 1, 0, null, 300)));
    assertEquals(List.of("le_d", "le_c", "le_b", "le_a"), ids(billing.entries("acct_a", 10)));
    assertEquals(List.of("le_d", "le_c"), ids(billing.entries("acct_a", 2)));
    assertEquals(List.of(), billing.entries("acct_other", 10));
  }

  @Test
  void verifyDetectsATamperedBalance() throws Exception {
    billing.createAccount(account("acct_a", 1));
    billing.createAccount(account("acct_b", 2));
    billing.createAccount(account("acct_empty", 3));
    billing.append(
        List.of(entry("le_1", "acct_a", Kind.TOPUP, 100, 50, null, 1),
            entry("le_2", "acct_b", Kind.TOPUP, 100, 0, null, 1)));
    assertEquals(List.of(), billing.verify());
    try (Connection c = target.connect();
        Statement s = c.createStatement()) {
      s.executeUpdate("UPDATE accounts SET promo_micros = 999 WHERE id = 'acct_a'");
      s.executeUpdate("UPDATE accounts SET paid_micros = 1 WHERE id = 'acct_empty'");
    }
    assertEquals(List.of("acct_a", "acct_empty"), billing.verify());
    assertEquals(
        List.of(new BalanceMismatch("acct_a", 100, 999, 100, 50),
            new BalanceMismatch("acct_empty", 1, 0, 0, 0)),
        billing.mismatches());
  }

  @Test
  void appendIfCoveredAppliesOnlyWhatTheBalanceCovers() {
    billing.createAccount(account("acct_a", 1));
    billing.append(List.of(entry("le_0", "acct_a", Kind.TOPUP, 60, 40, null, 1)));
    var d1 = entry("le_1", "acct_a", Kind.CHARGE, -50, -40, "req_1", 2);
    assertEquals(List.of(d1), billing.appendIfCovered(d1));
    assertEquals(List.of(), billing.appendIfCovered(d1), "retry is not applied twice");
    assertEquals(List.of(), billing.appendIfCovered(entry("le_2", "acct_a", Kind.CHARGE, -1, 0, "req_1", 3)));
    assertEquals(List.of(), billing.appendIfCovered(entry("le_3", "acct_a", Kind.CHARGE, -11, 0, null, 4)));
    var exact = entry("le_4", "acct_a", Kind.CHARGE, -10, 0, null, 5);
    assertEquals(List.of(exact), billing.appendIfCovered(exact));
    assertEquals(0, balance("acct_a"));
    assertEquals(3, billing.entryCount());
    assertEquals(List.of(), billing.verify());
    assertThrows(
        IllegalArgumentException.class,
        () -> billing.appendIfCovered(entry("le_5", "acct_a", Kind.TOPUP, 1, 0, null, 6)));
    var e =
        assertThrows(
            StoreException.class,
            () -> billing.appendIfCovered(entry("le_6", "acct_ghost", Kind.CHARGE, -1, 0, null, 6)));
    assertTrue(e.getMessage().contains("acct_ghost"), e.getMessage());
  }

  @Test
  void concurrentDebitsNeverOverspend() throws Exception {
    // Two pools on one database stand for two Shepherd instances.
    try (Store other = target.open()) {
      billing.createAccount(account("acct_a", 1));
      billing.append(List.of(entry("le_0", "acct_a", Kind.TOPUP, 100, 0, "pay_1", 1)));
      int threads = 8;
      int debitsEach = 50;
      AtomicInteger applied = new AtomicInteger();
      CountDownLatch gate = new CountDownLatch(1);
      try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
          BillingStore b = (t % 2 == 0 ? store : other).billing();
          int thread = t;
          futures.add(
              pool.submit(
                  () -> {
                    gate.await();
                    for (int i = 0; i < debitsEach; i++) {
                      String id = "le_" + thread + "_" + i;
                      applied.addAndGet(
                          b.appendIfCovered(entry(id, "acct_a", Kind.CHARGE, -1, 0, id, 2)).size());
                    }
                    return null;
                  }));
        }
        gate.countDown();
        for (Future<?> f : futures) {
          f.get();
        }
      }
      assertEquals(100, applied.get());
      assertEquals(0, balance("acct_a"));
      assertEquals(101, billing.entryCount());
      assertEquals(List.of(), billing.verify());
    }
  }
}
