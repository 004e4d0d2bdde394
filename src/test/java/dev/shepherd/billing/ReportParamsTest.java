package dev.shepherd.billing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.shepherd.store.UsageQuery;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Report parameters: periods, grouping, currency, and the messages for bad ones. */
class ReportParamsTest {
  static final Instant NOW = Instant.parse("2026-11-24T15:30:00Z");

  static long ms(String instant) {
    return Instant.parse(instant).toEpochMilli();
  }

  @Test
  void defaultsAreTheCurrentUtcMonthByModelForAllAccounts() {
    UsageQuery q = ReportParams.query(null, null, " ", "", NOW);
    assertNull(q.accountId());
    assertEquals(UsageQuery.By.MODEL, q.by());
    assertEquals(ms("2026-11-01T00:00:00Z"), q.fromMillis());
    assertEquals(ms("2026-12-01T00:00:00Z"), q.toMillis());
    UsageQuery december = ReportParams.query("acct_1", null, null, "DAY", Instant.parse("2026-12-31T23:59:59Z"));
    assertEquals(ms("2027-01-01T00:00:00Z"), december.toMillis(), "the year rolls over");
    assertEquals("acct_1", december.accountId());
    assertEquals(UsageQuery.By.DAY, december.by());
  }

  @Test
  void boundsAreUtcDatesOrInstantsWithOrWithoutAnOffset() {
    assertEquals(ms("2026-11-01T00:00:00Z"), ReportParams.bound("from", "2026-11-01"));
    assertEquals(ms("2026-11-01T08:00:00Z"), ReportParams.bound("from", "2026-11-01T08:00:00Z"));
    assertEquals(ms("2026-11-01T00:00:00Z"), ReportParams.bound("from", "2026-11-01T08:00:00+08:00"));
    assertEquals(ms("2026-11-01T00:00:00Z"), ReportParams.bound("from", "2026-11-01T08:00:00 08:00"),
        "an unencoded + in a query string arrives as a space");
    assertEquals(ms("2026-11-01T08:00:00.250Z"), ReportParams.bound("to", "2026-11-01T08:00:00.250Z"));
  }

  @Test
  void badParametersAreNamed() {
    assertInvalid("by", "by: week (expected: model, key or day)", () -> ReportParams.query(null, null, null, "week", NOW));
    assertInvalid("from", "from: 2026-13-01 (expected: an ISO date such as 2026-11-01 or an instant such as "
        + "2026-11-01T00:00:00Z)", () -> ReportParams.query(null, "2026-13-01", null, null, NOW));
    assertInvalid("to", "to: yesterday (expected: an ISO date such as 2026-11-01 or an instant such as "
        + "2026-11-01T00:00:00Z)", () -> ReportParams.query(null, null, "yesterday", null, NOW));
    assertInvalid("to", "to: 2026-11-01T08:00:00 (expected: an ISO date such as 2026-11-01 or an instant such as "
        + "2026-11-01T00:00:00Z)", () -> ReportParams.bound("to", "2026-11-01T08:00:00"));
    assertInvalid("from", "from: 2026-11-02T00:00:00Z (expected: before to, 2026-11-02T00:00:00Z)",
        () -> ReportParams.query(null, "2026-11-02", "2026-11-02", null, NOW));
    assertInvalid("from", "from: 2026-12-01T00:00:00Z (expected: before to, 2026-12-01T00:00:00Z)",
        () -> ReportParams.query(null, "2026-12-01", null, null, NOW));
  }

  @Test
  void currencyIsTheRequestedOneElseTheAccountsElseCny() {
    Rates rates = new Rates(Map.of("CNY", BigDecimal.ONE, "EUR", new BigDecimal("1.1")),
        Map.of("CNY", new BigDecimal("7.3"), "HKD", new BigDecimal("7.8")));
    assertEquals("USD", ReportParams.currency("usd", "CNY", rates));
    assertEquals("CNY", ReportParams.currency(null, "cny", rates));
    assertEquals("USD", ReportParams.currency(null, "USD", rates));
    assertEquals("CNY", ReportParams.currency(null, "EUR", rates), "EUR has no market rate: CNY");
    assertEquals("CNY", ReportParams.currency(null, null, rates));
    assertEquals("USD", ReportParams.currency(null, null, new Rates(Map.of(), Map.of())), "no CNY configured");
    assertInvalid("currency", "currency: hkd (expected: one with a plan and a market rate: CNY, USD)",
        () -> ReportParams.currency("hkd", null, rates));
  }

  static void assertInvalid(String param, String message, Runnable call) {
    ReportParams.Invalid e = assertThrows(ReportParams.Invalid.class, call::run);
    assertEquals(param, e.param());
    assertEquals(message, e.getMessage());
  }
}
