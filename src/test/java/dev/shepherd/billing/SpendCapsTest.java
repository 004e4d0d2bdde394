package dev.shepherd.billing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.shepherd.store.Account;
import dev.shepherd.store.BillingBatch;
import dev.shepherd.store.KeyRecord;
import dev.shepherd.store.UsageRecord;
import dev.shepherd.store.jdbc.JdbcStore;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Spend caps per UTC day and month: holds count at their maximum, periods reset, start from stored spend. */
class SpendCapsTest {
  static final long NOV_24_NOON = Instant.parse("2026-11-24T12:00:00Z").toEpochMilli();
  static final long NOV_25 = Instant.parse("2026-11-25T00:00:00Z").toEpochMilli();
  static final long DEC_1 = Instant.parse("2026-12-01T00:00:00Z").toEpochMilli();

  static KeyRecord key(String id, Long daily, Long monthly) {
    return new KeyRecord(id, id, "h" + id, "sk-shp-x", "acct_1", null, null, null, null, null, 0, null, 0, daily,
        monthly);
  }

  @Test
  void aDailyCapCountsChargesAndHoldsAndResetsAtUtcMidnight() {
    SpendCaps caps = new SpendCaps();
    KeyRecord k = key("key_d", 1_000_000L, null); // $1.00 a day
    assertNull(caps.reserve(k, 600_000, NOV_24_NOON));
    SpendCaps.Refusal r = caps.reserve(k, 500_000, NOV_24_NOON + 1);
    assertEquals(new SpendCaps.Refusal("daily", 1_000_000, 0, 600_000, 500_000, NOV_25), r,
        "600,000 held + 500,000 > 1,000,000: the hold in flight counts at its maximum");
    caps.settle(k, 600_000, 100_000, NOV_24_NOON); // it cost $0.10
    assertArrayEquals(new long[] {100_000, 0, 100_000, 0}, caps.spend("key_d", NOV_24_NOON + 2));
    assertNull(caps.reserve(k, 900_000, NOV_24_NOON + 3), "100,000 + 900,000 = the cap exactly");
    assertEquals(NOV_25, caps.reserve(k, 1, NOV_24_NOON + 4).resetsAtMillis());
    caps.release(k, 900_000, NOV_24_NOON + 3); // refused by the wallet after all
    assertArrayEquals(new long[] {100_000, 0, 100_000, 0}, caps.spend("key_d", NOV_24_NOON + 5));

    assertNull(caps.reserve(k, 1_000, NOV_24_NOON + 6)); // still running at midnight

    assertNull(caps.reserve(k, 1_000_000, NOV_25), "a new UTC day starts at zero");
    caps.settle(k, 1_000, 1_000, NOV_24_NOON + 6); // yesterday's request: counts for yesterday and the month
    assertArrayEquals(new long[] {0, 1_000_000, 101_000, 1_000_000}, caps.spend("key_d", NOV_25 + 1));
  }

  @Test
  void aMonthlyCapResetsOnTheFirstOfTheNextUtcMonth() {
    SpendCaps caps = new SpendCaps();
    KeyRecord k = key("key_m", null, 2_000_000L);
    for (int day = 0; day < 4; day++) { // $0.50 a day on Nov 24..27
      long at = NOV_24_NOON + day * SpendCaps.DAY_MILLIS;
      assertNull(caps.reserve(k, 500_000, at));
      caps.settle(k, 500_000, 500_000, at);
    }
    SpendCaps.Refusal r = caps.reserve(k, 1, NOV_24_NOON + 5 * SpendCaps.DAY_MILLIS);
    assertEquals(new SpendCaps.Refusal("monthly", 2_000_000, 2_000_000, 0, 1, DEC_1), r);
    assertNull(caps.reserve(k, 2_000_000, DEC_1));
    assertEquals(Instant.parse("2027-01-01T00:00:00Z").toEpochMilli(),
        caps.reserve(k, 1, Instant.parse("2026-12-31T23:59:59Z").toEpochMilli()).resetsAtMillis());
    assertEquals(Instant.parse("2027-03-01T00:00:00Z").toEpochMilli(),
        SpendCaps.monthEndMillis(Instant.parse("2027-02-28T23:00:00Z").toEpochMilli()));
  }

  @Test
  void bothCapsApplyAndTheDailyOneIsNamedFirst() {
    SpendCaps caps = new SpendCaps();
    KeyRecord k = key("key_b", 300L, 500L);
    assertNull(caps.reserve(k, 300, NOV_24_NOON));
    assertEquals("daily", caps.reserve(k, 1, NOV_24_NOON).period());
    caps.settle(k, 300, 300, NOV_24_NOON);
    assertNull(caps.reserve(k, 200, NOV_25));
    caps.settle(k, 200, 200, NOV_25);
    assertEquals("monthly", caps.reserve(k, 1, NOV_25 + 1).period(), "300 + 200 = the monthly 500");
  }

  @Test
  void keysWithoutCapsAreNotTracked() {
    SpendCaps caps = new SpendCaps();
    KeyRecord free = key("key_f", null, null);
    assertNull(caps.reserve(free, Long.MAX_VALUE / 2, NOV_24_NOON));
    caps.settle(free, 1, 1, NOV_24_NOON);
    assertArrayEquals(new long[4], caps.spend("key_f", NOV_24_NOON));
  }

  /** 16 threads reserve $0.001 each, 2,000 times in all, against a $1.00 cap: exactly 1,000 pass. */
  @Test
  void concurrentReservationsNeverOvershoot() throws Exception {
    SpendCaps caps = new SpendCaps();
    KeyRecord k = key("key_c", 1_000_000L, null);
    List<Future<Boolean>> results = new ArrayList<>();
    try (ExecutorService pool = Executors.newFixedThreadPool(16)) {
      for (int i = 0; i < 2_000; i++) {
        results.add(pool.submit(() -> caps.reserve(k, 1_000, NOV_24_NOON) == null));
      }
    }
    int granted = 0;
    for (Future<Boolean> f : results) {
      granted += f.get() ? 1 : 0;
    }
    assertEquals(1_000, granted);
    assertArrayEquals(new long[] {0, 1_000_000, 0, 1_000_000}, caps.spend("key_c", NOV_24_NOON));
  }

  /** What the server does at start: the day's and month's spend from the stored usage records. */
  @Test
  void startsFromTheSpendStoredForTheCurrentDayAndMonth(@TempDir Path dir) {
    try (JdbcStore store = JdbcStore.open("jdbc:sqlite:" + dir.resolve("s.db"), "", "")) {
      store.billing().createAccount(new Account("acct_1", "a", "USD", 0, 0, null, 0));
      store.billing().write(new BillingBatch(List.of(), List.of(), List.of(), List.of(
          usage("req_1", 400_000, NOV_24_NOON - 3_600_000), // today
          usage("req_2", 300_000, Instant.parse("2026-11-02T08:00:00Z").toEpochMilli()), // this month
          usage("req_3", 900_000, Instant.parse("2026-10-31T23:59:59Z").toEpochMilli())))); // last month
      SpendCaps caps = new SpendCaps();
      long now = NOV_24_NOON;
      Map<String, Long> today = store.billing().spendByKeySince(SpendCaps.dayStartMillis(now));
      Map<String, Long> month = store.billing().spendByKeySince(SpendCaps.monthStartMillis(now));
      assertEquals(Map.of("key_s", 400_000L), today);
      assertEquals(Map.of("key_s", 700_000L), month);
      caps.load(today, month, now);
      KeyRecord k = key("key_s", 500_000L, 1_000_000L);
      SpendCaps.Refusal r = caps.reserve(k, 100_001, now);
      assertNotNull(r);
      assertEquals(400_000, r.chargedMicros());
      assertNull(caps.reserve(k, 100_000, now));
      assertEquals("monthly", caps.reserve(k, 300_000, NOV_25).period(), "700,000 + 100,000 held + 300,000 > 1,000,000");
    }
  }

  private static UsageRecord usage(String request, long cost, long at) {
    return new UsageRecord(request, "acct_1", "key_s", "m", null, "chat", "OK", "upstream", 1, 0, 1, cost, cost, "m@0",
        at, 5);
  }
}
