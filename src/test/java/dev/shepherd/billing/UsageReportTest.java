package dev.shepherd.billing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shepherd.store.UsageQuery;
import dev.shepherd.store.UsageRow;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The report arithmetic, with the example: 50 million tokens a month on DeepSeek V3.2 at
 * $0.42/MTok official = $21.00 = ¥153.30 at the market rate 7.3; paid ¥21.00 at ¥1 = $1.
 */
class UsageReportTest {
  static final long FIFTY_MILLION = 50_000_000;
  static final UsageQuery NOVEMBER = ReportParams.query("acct_1", "2026-11-01", "2026-12-01", "model",
      Instant.parse("2026-11-24T12:00:00Z"));

  /** One month of DeepSeek V3.2: 50 requests of 1M completion tokens, charged and listed as the gateway records them. */
  static UsageRow deepseekMonth(String relayOutput) {
    PriceBook book = PriceBook.of(List.of(PriceBookTest.deepseek(PriceBookTest.price("0.28", "0.028", relayOutput))));
    PriceVersion p = book.current("deepseek-v3.2");
    UsageRow month = UsageRow.zero("deepseek-v3.2");
    for (int i = 0; i < 50; i++) {
      month = month.plus(new UsageRow("deepseek-v3.2", 1, 0, 0, 1_000_000, Cost.costMicros(p, 0, 0, 1_000_000),
          Cost.listCostMicros(p, 0, 0, 1_000_000)));
    }
    return month;
  }

  @Test
  void seed_builtinPrice_50MTok_costs21Usd_paid21Cny_vsOfficial153_30Cny_saves132_30Cny_86_30Percent() {
    UsageRow month = deepseekMonth("0.42");
    assertEquals(FIFTY_MILLION, month.completionTokens());
    UsageReport r = UsageReport.of(NOVEMBER, List.of(month), Rates.DEFAULT, "cny");
    UsageReport.Line t = r.total();
    assertEquals("CNY", r.currency());
    assertEquals("21.00", Micros.format(t.costMicros()), "50M × $0.42/MTok");
    assertEquals("21.00", Micros.format(t.listCostMicros()), "official USD price");
    assertEquals(0, t.savedMicros(), "the builtin price is the list price: no USD saving");
    assertEquals("21.00", Micros.format(t.paidMicros()), "¥21.00 at ¥1 = $1");
    assertEquals("153.30", Micros.format(t.officialMicros()), "$21.00 × 7.3");
    assertEquals("132.30", Micros.format(t.savedInCurrencyMicros()));
    assertEquals("86.30", UsageReport.percent(t.savedInCurrencyBasisPoints()), "132.30 / 153.30 = 0.86301");
    assertEquals(50, t.requests());
  }

  @Test
  void seed_discountedRelay_0_28PerMTok_saves7Usd_33_33Percent_and139_30Cny_90_86Percent() {
    UsageReport.Line t = UsageReport.of(NOVEMBER, List.of(deepseekMonth("0.28")), Rates.DEFAULT, "CNY").total();
    assertEquals("14.00", Micros.format(t.costMicros()));
    assertEquals("21.00", Micros.format(t.listCostMicros()));
    assertEquals("7.00", Micros.format(t.savedMicros()));
    assertEquals("33.33", UsageReport.percent(t.savedBasisPoints()));
    assertEquals("14.00", Micros.format(t.paidMicros()));
    assertEquals("153.30", Micros.format(t.officialMicros()));
    assertEquals("139.30", Micros.format(t.savedInCurrencyMicros()));
    assertEquals("90.86", UsageReport.percent(t.savedInCurrencyBasisPoints()), "139.30 / 153.30 = 0.908675");
  }

  @Test
  void totalSumsTheRowsAndConvertsTheSumsOnce() {
    Rates rates = new Rates(Map.of("CNY", new BigDecimal("1.0")), Map.of("CNY", new BigDecimal("7.25")));
    List<UsageRow> rows = List.of(new UsageRow("a", 2, 10, 4, 5, 3, 3), new UsageRow("b", 1, 1, 0, 1, 1, 1));
    UsageReport r = UsageReport.of(NOVEMBER, rows, rates, "CNY");
    assertEquals(2, r.rows().size());
    // 3 µ$ × 7.25 = 21.75 → 22 (half-even); 1 × 7.25 = 7.25 → 7: rows add up to 29, the total of 4 µ$ is 29.
    assertEquals(22, r.rows().get(0).officialMicros());
    assertEquals(7, r.rows().get(1).officialMicros());
    UsageReport.Line t = r.total();
    assertEquals(UsageReport.TOTAL, t.group());
    assertEquals(List.of(3L, 11L, 4L, 6L, 4L, 4L, 29L), List.of(t.requests(), t.promptTokens(), t.cachedTokens(),
        t.completionTokens(), t.costMicros(), t.listCostMicros(), t.officialMicros()));
    assertEquals(25, t.savedInCurrencyMicros());
    assertEquals(8620, t.savedInCurrencyBasisPoints(), "25 / 29 = 0.86206");
  }

  @Test
  void aDearerRelayShowsANegativeSavingAndNothingListedShowsZeroPercent() {
    UsageReport.Line dear = UsageReport.line(new UsageRow("m", 1, 0, 0, 3, 150, 100), Rates.DEFAULT, "USD");
    assertEquals(-50, dear.savedMicros());
    assertEquals("-50.00", UsageReport.percent(dear.savedBasisPoints()));
    assertEquals(150, dear.paidMicros(), "USD view: paid = cost");
    assertEquals(100, dear.officialMicros(), "USD view: official = list");
    UsageReport.Line free = UsageReport.line(UsageRow.zero("m"), Rates.DEFAULT, "CNY");
    assertEquals(0, free.savedBasisPoints());
    assertEquals(0, free.savedInCurrencyBasisPoints());
  }

  @Test
  void aCurrencyWithoutBothRatesIsRefused() {
    Rates rates = new Rates(Map.of("CNY", BigDecimal.ONE, "EUR", BigDecimal.ONE), Map.of("CNY", new BigDecimal("7.3")));
    var e = assertThrows(IllegalArgumentException.class, () -> UsageReport.of(NOVEMBER, List.of(), rates, "EUR"));
    assertTrue(e.getMessage().startsWith("currency: EUR (expected: one of the market rates: CNY, USD)"), e.getMessage());
    UsageReport empty = UsageReport.of(NOVEMBER, List.of(), rates, "CNY");
    assertEquals(List.of(), empty.rows());
    assertEquals(0, empty.total().requests());
  }

  @Test
  void percentHasTwoDecimals() {
    assertEquals("86.30", UsageReport.percent(8630));
    assertEquals("0.00", UsageReport.percent(0));
    assertEquals("100.00", UsageReport.percent(10_000));
    assertEquals("-0.05", UsageReport.percent(-5));
  }
}
