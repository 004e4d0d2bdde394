package dev.shepherd.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shepherd.store.LedgerEntry.Kind;
import dev.shepherd.store.Redemption.Outcome;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Redemption codes, part of the {@link BillingStoreContract} (which implements this on each
 * database): refusals change nothing, a code credits an account at most once and never more than
 * {@code max_uses} accounts, even concurrently.
 */
interface CodeStoreContract {

  /** The store under test, fresh and empty for each test. */
  BillingStore billing();

  private void accounts(String... ids) {
    for (String id : ids) {
      billing().createAccount(new Account(id, id, "USD", 0, 0, null, 1));
    }
  }

  private long balance(String id) {
    return billing().account(id).orElseThrow().paidMicros();
  }

  @Test
  default void redeemCreditsThePaidBucketOncePerAccount() {
    accounts("acct_a", "acct_b", "acct_c");
    billing().createCodes(new CodeBatch("cb_1", 5_000_000, 10_000L, 2, 1), List.of("h1", "h2"));
    Redemption r = billing().redeem("h1", "acct_a", "le_1", 100);
    assertEquals(Outcome.APPLIED, r.outcome());
    assertEquals(new LedgerEntry("le_1", "acct_a", Kind.REDEMPTION, 5_000_000, 0, "h1", null, 0, null, null, 100),
        r.entry());
    assertEquals(List.of(r.entry()), billing().entries("acct_a", 10));
    assertEquals(5_000_000, balance("acct_a"));
    assertEquals(Outcome.ALREADY_REDEEMED, billing().redeem("h1", "acct_a", "le_2", 101).outcome());
    assertEquals(Outcome.APPLIED, billing().redeem("h1", "acct_b", "le_3", 102).outcome());
    assertEquals(Outcome.USED_UP, billing().redeem("h1", "acct_c", "le_4", 103).outcome());
    assertEquals(Outcome.APPLIED, billing().redeem("h2", "acct_a", "le_5", 104).outcome());
    assertEquals(10_000_000, balance("acct_a"));
    assertEquals(0, balance("acct_c"));
    assertEquals(3, billing().entryCount());
    assertEquals(List.of(), billing().verify());
  }

  @Test
  default void unknownAndExpiredCodesChangeNothing() {
    accounts("acct_a");
    billing().createCodes(new CodeBatch("cb_1", 1, 10_000L, 1, 1), List.of("h1"));
    billing().createCodes(new CodeBatch("cb_2", 1, null, 1, 1), List.of("h2"));
    Redemption unknown = billing().redeem("nope", "acct_a", "le_1", 1);
    assertEquals(Outcome.UNKNOWN, unknown.outcome());
    assertNull(unknown.entry());
    assertEquals(Outcome.EXPIRED, billing().redeem("h1", "acct_a", "le_2", 10_000).outcome());
    assertEquals(0, billing().entryCount());
    assertEquals(Outcome.APPLIED, billing().redeem("h1", "acct_a", "le_3", 9_999).outcome());
    assertEquals(Outcome.APPLIED, billing().redeem("h2", "acct_a", "le_4", Long.MAX_VALUE).outcome());
    var missing = assertThrows(StoreException.class, () -> billing().redeem("h2", "acct_ghost", "le_5", 1));
    assertEquals("billing.redeem", missing.operation());
    assertEquals(List.of(), billing().verify());
  }

  @Test
  default void duplicateCodesAreAConflictAndStoreNothing() {
    billing().createCodes(new CodeBatch("cb_1", 1, null, 1, 1), List.of("h1"));
    var dup = assertThrows(StoreException.class,
        () -> billing().createCodes(new CodeBatch("cb_2", 1, null, 1, 1), List.of("h2", "h1")));
    assertTrue(dup.isConflict());
    accounts("acct_a");
    assertEquals(Outcome.UNKNOWN, billing().redeem("h2", "acct_a", "le_1", 1).outcome());
  }

  @Test
  default void concurrentRedemptionsNeverExceedMaxUses() throws Exception {
    int threads = 8;
    for (int t = 0; t < threads; t++) {
      accounts("acct_" + t);
    }
    billing().createCodes(new CodeBatch("cb_1", 1_000, null, 3, 1), List.of("h1"));
    CountDownLatch gate = new CountDownLatch(1);
    List<Future<Outcome>> futures = new ArrayList<>();
    try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
      for (int t = 0; t < threads; t++) {
        String account = "acct_" + t;
        futures.add(pool.submit(() -> {
          gate.await();
          return billing().redeem("h1", account, "le_" + account, 5).outcome();
        }));
      }
      gate.countDown();
    }
    List<Outcome> outcomes = new ArrayList<>();
    for (Future<Outcome> f : futures) {
      outcomes.add(f.get());
    }
    assertEquals(3, outcomes.stream().filter(o -> o == Outcome.APPLIED).count(), outcomes.toString());
    assertEquals(5, outcomes.stream().filter(o -> o == Outcome.USED_UP).count(), outcomes.toString());
    assertEquals(3, billing().entryCount());
    assertEquals(List.of(), billing().verify());
  }
}
