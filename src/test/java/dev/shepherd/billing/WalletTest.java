package dev.shepherd.billing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.shepherd.store.Account;
import dev.shepherd.store.LedgerEntry;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class WalletTest {
  static Wallet wallet(long paid, long promo) {
    Wallet w = new Wallet();
    w.load(new Account("acct_1", "a", "USD", paid, promo, null, 0));
    return w;
  }

  @Test
  void holdsReduceWhatIsAvailableAndRefuseBeyondIt() {
    Wallet w = wallet(1_000, 0);
    Hold h = w.hold("acct_1", 600);
    assertNotNull(h);
    assertEquals(400, w.available("acct_1"));
    assertNull(w.hold("acct_1", 401), "not enough left: refused, nothing changed");
    assertEquals(400, w.available("acct_1"));
    assertNull(w.hold("acct_unknown", 1));
  }

  @Test
  void settleChargesActualReleasesTheRestAndSpendsPromoFirst() {
    Wallet w = wallet(1_000, 300);
    Hold h = w.hold("acct_1", 900);
    LedgerEntry e = w.settle(h, 500, "le_1", "req_1", "m@0", 42);
    assertEquals(-200, e.paidMicros());
    assertEquals(-300, e.promoMicros());
    assertEquals(LedgerEntry.Kind.CHARGE, e.kind());
    assertEquals("req_1", e.reference());
    assertArrayEquals(new long[] {800, 0, 0}, w.snapshot("acct_1"));
  }

  @Test
  void aHoldSettlesExactlyOnce() {
    Wallet w = wallet(1_000, 0);
    Hold h = w.hold("acct_1", 100);
    assertNotNull(w.settle(h, 100, "le_1", "req_1", null, 1));
    assertNull(w.settle(h, 100, "le_2", "req_1", null, 2), "a second settle is ignored");
    assertArrayEquals(new long[] {900, 0, 0}, w.snapshot("acct_1"));
  }

  @Test
  void aZeroChargeReleasesTheHoldWithoutALedgerLine() {
    Wallet w = wallet(1_000, 0);
    Hold h = w.hold("acct_1", 100);
    assertNull(w.settle(h, 0, "le_1", "req_1", null, 1));
    assertArrayEquals(new long[] {1_000, 0, 0}, w.snapshot("acct_1"));
  }

  @Test
  void usageAboveTheHoldIsChargedInFull() {
    Wallet w = wallet(100, 0);
    Hold h = w.hold("acct_1", 100);
    LedgerEntry e = w.settle(h, 130, "le_1", "req_1", null, 1);
    assertEquals(-130, e.paidMicros());
    assertEquals(-30, w.available("acct_1"));
  }

  /** 64 threads race for holds of 10 on a balance of 100: exactly 10 win, never below zero. */
  @Test
  void concurrentHoldsNeverOverspend() throws Exception {
    Wallet w = wallet(100, 0);
    AtomicInteger granted = new AtomicInteger();
    AtomicLong lowest = new AtomicLong(Long.MAX_VALUE);
    try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
      for (int i = 0; i < 64; i++) {
        pool.submit(() -> {
          if (w.hold("acct_1", 10) != null) {
            granted.incrementAndGet();
          }
          lowest.accumulateAndGet(w.available("acct_1"), Math::min);
        });
      }
    }
    assertEquals(10, granted.get());
    assertEquals(0, lowest.get());
  }
}
