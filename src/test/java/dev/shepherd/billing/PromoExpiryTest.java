package dev.shepherd.billing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shepherd.store.Account;
import dev.shepherd.store.BalanceDrop;
import dev.shepherd.store.LedgerEntry;
import dev.shepherd.store.LedgerEntry.Kind;
import dev.shepherd.store.jdbc.JdbcStore;
import dev.shepherd.testing.MutableClock;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Promo expiry on one instance ({@link LocalCredit}): the wallet decides the write-off, the
 * entry goes behind the charges through the ledger writer, once per expiry, whatever runs at the
 * same time. Each account has a $1.00 bonus expiring at T and $2.00 paid.
 */
class PromoExpiryTest {
  static final long T = 1_795_000_000_000L; // 2026-11-18T11:06:40Z
  @TempDir
  Path dir;
  JdbcStore store;
  LedgerWriter writer;
  Wallet wallet;
  LocalCredit credit;
  final List<BalanceDrop> drops = new CopyOnWriteArrayList<>();

  @BeforeEach
  void open() {
    store = JdbcStore.open("jdbc:sqlite:" + dir.resolve("p.db"), "", "");
    writer = new LedgerWriter(store.billing(), 5, drops::addAll);
    wallet = new Wallet();
    credit = new LocalCredit(wallet, writer, "inst_test");
  }

  @AfterEach
  void close() {
    writer.close();
    store.close();
  }

  void account(String id) {
    store.billing().createAccount(new Account(id, id, "USD", 0, 0, T, 1));
    store.billing().append(List.of(
        new LedgerEntry("le_b_" + id, id, Kind.BONUS, 0, 1_000_000, "signup", null, 0, null, null, 1),
        new LedgerEntry("le_t_" + id, id, Kind.TOPUP, 2_000_000, 0, "pay", "USD", 2_000_000, "1", null, 2)));
    credit.load(store.billing().account(id).orElseThrow());
  }

  List<LedgerEntry> expiries(String id) {
    return store.billing().entries(id, 100).stream().filter(e -> e.kind() == Kind.EXPIRY).toList();
  }

  @Test
  void theRemainingPromoIsWrittenOffAfterTheChargesBeforeIt() {
    account("acct_1");
    Hold h = credit.hold(null, "acct_1", 500_000, "req_1", T - 10).result();
    credit.settle(h, 250_000, "m@0", null, T - 5); // promo first: $0.75 promo left
    assertEquals(List.of(), credit.expirePromo(T - 1).entries(), "not yet");
    List<LedgerEntry> off = credit.expirePromo(T).entries();
    assertEquals(1, off.size());
    assertEquals(-750_000, off.get(0).promoMicros());
    assertEquals("expiry:2026-11-18T11:06:40Z", off.get(0).reference());
    assertEquals(List.of(), credit.expirePromo(T + 60_000).entries(), "a re-run sweep finds nothing");
    writer.flush();
    Account a = store.billing().account("acct_1").orElseThrow();
    assertEquals(0, a.promoMicros());
    assertEquals(2_000_000, a.paidMicros());
    assertNull(a.promoExpiresAt());
    assertEquals(List.of(2_000_000L, 0L, 0L), List.of(wallet.snapshot("acct_1")[0], wallet.snapshot("acct_1")[1],
        wallet.snapshot("acct_1")[2]));
    assertEquals(off, expiries("acct_1"));
    assertEquals(List.of(), store.billing().verify());
    // the charge and the write-off lowered the stored balance from $3.00 to $2.00, in one batch or two
    assertEquals(3_000_000, drops.getFirst().beforeMicros(), drops.toString());
    assertEquals(2_000_000, drops.getLast().afterMicros(), drops.toString());
  }

  /**
   * 50 accounts, each with a $0.50 hold in flight: one thread settles them ($0.30 each) while two
   * threads sweep three times each. Every account gets one EXPIRY: $0.70 if its charge came first
   * (promo first), $1.00 if the write-off did (the charge then takes paid credit).
   */
  @Test
  void exactlyOnceUnderRerunSweepsAndConcurrentSettles() throws Exception {
    List<Hold> holds = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      account("acct_" + i);
      holds.add(credit.hold(null, "acct_" + i, 500_000, "req_" + i, T - 1).result());
    }
    CountDownLatch go = new CountDownLatch(1);
    List<Future<Integer>> sweeps = new ArrayList<>();
    try (ExecutorService pool = Executors.newFixedThreadPool(3)) {
      pool.submit(() -> {
        go.await();
        holds.reversed().forEach(h -> credit.settle(h, 300_000, "m@0", null, T));
        return null;
      });
      for (int t = 0; t < 2; t++) {
        sweeps.add(pool.submit(() -> {
          go.await();
          int n = 0;
          for (int run = 0; run < 3; run++) {
            n += credit.expirePromo(T).entries().size();
          }
          return n;
        }));
      }
      go.countDown();
    }
    assertEquals(50, sweeps.get(0).get() + sweeps.get(1).get(), "50 write-offs in all, none twice");
    writer.flush();
    int writtenOffFirst = 0;
    for (int i = 0; i < 50; i++) {
      String id = "acct_" + i;
      List<LedgerEntry> off = expiries(id);
      assertEquals(1, off.size(), id);
      long amount = -off.get(0).promoMicros();
      assertTrue(amount == 700_000 || amount == 1_000_000, id + ": " + amount);
      writtenOffFirst += amount == 1_000_000 ? 1 : 0;
      Account a = store.billing().account(id).orElseThrow();
      assertEquals(0, a.promoMicros());
      assertEquals(amount == 700_000 ? 2_000_000 : 1_700_000, a.paidMicros());
      assertEquals(a.paidMicros(), wallet.snapshot(id)[0], "the store caught up with the wallet");
      assertNull(a.promoExpiresAt());
    }
    assertEquals(List.of(), store.billing().verify());
    System.out.println("write-off before the charge on " + writtenOffFirst + " of 50 accounts");
  }

  @Test
  void theSweeperRunsAtStartAndOnItsTimerByTheInjectedClock() throws Exception {
    account("acct_s");
    MutableClock clock = new MutableClock(T - 1_000);
    try (PromoExpiry sweeper = new PromoExpiry(credit, clock, drops::addAll, 20)) {
      Thread.sleep(60);
      assertEquals(List.of(), expiriesAfterFlush("acct_s"), "not expired by the clock yet");
      clock.advance(1_000);
      long deadline = System.nanoTime() + 5_000_000_000L;
      while (wallet.promoExpiresAt("acct_s") != null && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      assertEquals(List.of(), sweeper.sweep(), "the timer already did it");
    }
    assertEquals(1, expiriesAfterFlush("acct_s").size());
  }

  List<LedgerEntry> expiriesAfterFlush(String id) {
    writer.flush();
    return expiries(id);
  }
}
