package dev.shepherd.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.shepherd.billing.Micros;
import dev.shepherd.billing.Rates;
import dev.shepherd.billing.UsageReport;
import dev.shepherd.store.KeyStoreContract.Target;
import dev.shepherd.store.UsageQuery.By;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The aggregation SQL of {@link UsageReports}, run against each database by a subclass that
 * supplies a fresh, empty database per test. Records go in as the gateway writes them, through
 * {@link BillingStore#write}.
 */
abstract class UsageReportsContract {
  static final long NOV_1 = Instant.parse("2026-11-01T00:00:00Z").toEpochMilli();
  static final long DEC_1 = Instant.parse("2026-12-01T00:00:00Z").toEpochMilli();
  static final long DAY = 86_400_000L;

  /** A fresh, empty database for one test. */
  protected abstract Target freshTarget() throws Exception;

  protected Store store;
  private int next;

  @BeforeEach
  void openStore() throws Exception {
    store = freshTarget().open();
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  UsageRecord record(String account, String key, String model, long at, long prompt, long cached, long completion,
      long cost, long list) {
    return new UsageRecord("req_" + next++, account, key, model, "fake/" + model, "chat", "OK", "upstream",
        prompt, cached, completion, cost, list, model + "@0:00000000", at, 12);
  }

  void write(UsageRecord... usage) {
    store.billing().write(new BillingBatch(List.of(), List.of(), List.of(), List.of(usage)));
  }

  List<UsageRow> summarize(String account, long from, long to, By by) {
    return store.usage().summarize(new UsageQuery(account, from, to, by));
  }

  void writeNovember() {
    write(record("acct_a", "key_1", "m-b", NOV_1 + 5 * DAY, 100, 40, 10, 170, 340),
        record("acct_a", "key_2", "m-a", NOV_1 + 5 * DAY + 1, 7, 0, 3, 13, 13),
        record("acct_a", "key_1", "m-b", NOV_1 + 6 * DAY - 1, 1, 0, 1, 3, 6),
        record("acct_a", "key_1", "m-b", NOV_1 + 6 * DAY, 50, 0, 0, 50, 100),
        record("acct_b", "key_3", "m-a", NOV_1 + 6 * DAY, 1_000, 0, 1_000, 3_000, 3_000));
  }

  @Test
  void groupsByModelKeyAndUtcDaySortedByGroup() {
    writeNovember();
    assertEquals(List.of(new UsageRow("m-a", 1, 7, 0, 3, 13, 13), new UsageRow("m-b", 3, 151, 40, 11, 223, 446)),
        summarize("acct_a", NOV_1, DEC_1, By.MODEL));
    assertEquals(List.of(new UsageRow("key_1", 3, 151, 40, 11, 223, 446), new UsageRow("key_2", 1, 7, 0, 3, 13, 13)),
        summarize("acct_a", NOV_1, DEC_1, By.KEY));
    assertEquals(List.of(new UsageRow("2026-11-06", 3, 108, 40, 14, 186, 359),
        new UsageRow("2026-11-07", 1, 50, 0, 0, 50, 100)), summarize("acct_a", NOV_1, DEC_1, By.DAY),
        "the last millisecond of a UTC day and the first of the next fall on different days");
  }

  @Test
  void anAccountSeesOnlyItsOwnRecordsAndNoAccountMeansAll() {
    writeNovember();
    assertEquals(List.of(new UsageRow("key_3", 1, 1_000, 0, 1_000, 3_000, 3_000)),
        summarize("acct_b", NOV_1, DEC_1, By.KEY));
    assertEquals(List.of(), summarize("acct_none", NOV_1, DEC_1, By.KEY));
    assertEquals(List.of(new UsageRow("m-a", 2, 1_007, 0, 1_003, 3_013, 3_013),
        new UsageRow("m-b", 3, 151, 40, 11, 223, 446)), summarize(null, NOV_1, DEC_1, By.MODEL));
  }

  @Test
  void fromIsInclusiveAndToExclusive() {
    write(record("acct_a", "key_1", "m", NOV_1 - 1, 1, 0, 0, 1, 1),
        record("acct_a", "key_1", "m", NOV_1, 2, 0, 0, 2, 2),
        record("acct_a", "key_1", "m", DEC_1 - 1, 4, 0, 0, 4, 4),
        record("acct_a", "key_1", "m", DEC_1, 8, 0, 0, 8, 8));
    assertEquals(List.of(new UsageRow("m", 2, 6, 0, 0, 6, 6)), summarize("acct_a", NOV_1, DEC_1, By.MODEL));
    assertEquals(List.of(new UsageRow("2026-10-31", 1, 1, 0, 0, 1, 1), new UsageRow("2026-11-01", 1, 2, 0, 0, 2, 2)),
        summarize(null, NOV_1 - DAY, NOV_1 + 1, By.DAY));
    assertEquals(List.of(), summarize(null, DEC_1 + 1, DEC_1 + 2, By.DAY));
  }

  @Test
  void aRecordWithoutAListCostCountsAtItsCharge() {
    write(record("acct_a", "key_1", "m", NOV_1, 10, 0, 10, 30, 0), record("acct_a", "key_1", "m", NOV_1, 0, 0, 0, 0, 0),
        record("acct_a", "key_1", "m", NOV_1, 10, 0, 10, 30, 45));
    assertEquals(List.of(new UsageRow("m", 3, 20, 0, 20, 60, 75)), summarize("acct_a", NOV_1, DEC_1, By.MODEL));
  }

  @Test
  void sumsBeyondTheIntRangeStayExact() {
    List<UsageRecord> big = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      big.add(record("acct_a", "key_1", "m", NOV_1 + i, 1_000_000_000, 999_999_999, 1_000_000_000,
          10_000_000_000_000L, 20_000_000_000_000L));
    }
    write(big.toArray(UsageRecord[]::new));
    assertEquals(List.of(new UsageRow("m", 5, 5_000_000_000L, 4_999_999_995L, 5_000_000_000L, 50_000_000_000_000L,
        100_000_000_000_000L)), summarize("acct_a", NOV_1, DEC_1, By.MODEL));
  }

  /** The example, from stored records: 50M tokens in November on DeepSeek V3.2 at $0.42/MTok. */
  @Test
  void seed_50MTokensInNovemberOnDeepSeekV32_official153_30Cny_paid21Cny() {
    List<UsageRecord> month = new ArrayList<>();
    for (int day = 0; day < 25; day++) {
      for (int i = 0; i < 2; i++) { // 1M completion tokens at $0.42/MTok: 0.42 USD, charged at the list price
        month.add(record("acct_cn", "key_cn", "deepseek-v3.2", NOV_1 + day * DAY + i, 0, 0, 1_000_000,
            420_000, 420_000));
      }
    }
    write(month.toArray(UsageRecord[]::new));
    UsageQuery query = new UsageQuery("acct_cn", NOV_1, DEC_1, By.DAY);
    UsageReport r = UsageReport.of(query, store.usage().summarize(query), Rates.DEFAULT, "CNY");
    assertEquals(25, r.rows().size());
    assertEquals("0.84", Micros.format(r.rows().getFirst().costMicros()));
    UsageReport.Line t = r.total();
    assertEquals(50_000_000, t.completionTokens());
    assertEquals("21.00", Micros.format(t.costMicros()));
    assertEquals("21.00", Micros.format(t.listCostMicros()));
    assertEquals("21.00", Micros.format(t.paidMicros()));
    assertEquals("153.30", Micros.format(t.officialMicros()));
    assertEquals("132.30", Micros.format(t.savedInCurrencyMicros()));
    assertEquals("86.30", UsageReport.percent(t.savedInCurrencyBasisPoints()));
  }
}
