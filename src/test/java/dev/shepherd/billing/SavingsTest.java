package dev.shepherd.billing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The example: 50 million tokens a month on DeepSeek V3.2 at $0.42/MTok official (the
 * output price on api-docs.deepseek.com/quick_start/pricing, as in the builtin catalog) = $21.00 =
 * ¥153.30 at the market rate 7.3.
 */
class SavingsTest {
  static final long FIFTY_MILLION = 50_000_000;

  static Savings.Report report(Price relay, long charged) {
    PriceBook book = PriceBook.of(List.of(PriceBookTest.deepseek(relay.config())));
    return Savings.report(List.of(new Savings.Usage("deepseek-v3.2", 0, 0, FIFTY_MILLION, charged)),
        book, Rates.DEFAULT, "CNY");
  }

  record Price(String in, String cached, String out) {
    dev.shepherd.config.Price config() {
      return PriceBookTest.price(in, cached, out);
    }
  }

  @Test
  void builtinPrice_50MTok_charged21Usd_paid21Cny_vsOfficial153_30Cny_saves132_30Cny_86_30Percent() {
    PriceBook book = PriceBook.of(List.of(PriceBookTest.deepseek(PriceBookTest.price("0.28", "0.028", "0.42"))));
    long charged = Cost.costMicros(book.at("deepseek-v3.2", 0), 0, 0, FIFTY_MILLION);
    assertEquals(21_000_000, charged, "50M tokens × $0.42/MTok = $21.00");
    Savings.Line t = report(new Price("0.28", "0.028", "0.42"), charged).total();
    assertEquals("21.00", Micros.format(t.chargedMicros()));
    assertEquals("21.00", Micros.format(t.listMicros()), "official USD price");
    assertEquals(0, t.savedMicros(), "same USD price as official: no USD saving");
    assertEquals("21.00", Micros.format(t.paidMicros()), "paid ¥21.00 at ¥1 = $1");
    assertEquals("153.30", Micros.format(t.officialMicros()), "official $21.00 × 7.3 = ¥153.30");
    assertEquals("132.30", Micros.format(t.savedInCurrencyMicros()), "saves ¥132.30 a month");
    assertEquals(8630, t.savedInCurrencyBasisPoints(), "86.30% (132.30 / 153.30 = 0.86301)");
    assertTrue(t.listKnown());
  }

  @Test
  void discountedRelay_0_28PerMTok_charged14Usd_saves7Usd_33_33Percent_paid14Cny_saves139_30Cny_90_86Percent() {
    Price relay = new Price("0.28", "0.028", "0.28");
    long charged = Cost.costMicros(PriceBook.of(List.of(PriceBookTest.deepseek(relay.config())))
        .current("deepseek-v3.2"), 0, 0, FIFTY_MILLION);
    assertEquals(14_000_000, charged, "50M × $0.28/MTok = $14.00");
    Savings.Line t = report(relay, charged).total();
    assertEquals("21.00", Micros.format(t.listMicros()));
    assertEquals("7.00", Micros.format(t.savedMicros()));
    assertEquals(3333, t.savedBasisPoints(), "33.33%");
    assertEquals("14.00", Micros.format(t.paidMicros()));
    assertEquals("153.30", Micros.format(t.officialMicros()));
    assertEquals("139.30", Micros.format(t.savedInCurrencyMicros()));
    assertEquals(9086, t.savedInCurrencyBasisPoints(), "90.86% (139.30 / 153.30 = 0.908675)");
  }

  @Test
  void unknownListPriceShowsNoSavingInUsd() {
    PriceBook book = PriceBook.of(List.of());
    Savings.Report r = Savings.report(List.of(new Savings.Usage("mystery", 10, 0, 10, 5_000_000)),
        book, Rates.DEFAULT, "USD");
    Savings.Line l = r.lines().get(0);
    assertEquals(5_000_000, l.listMicros());
    assertEquals(0, l.savedMicros());
    assertEquals(0, l.savedInCurrencyMicros());
    assertFalse(l.listKnown());
    assertFalse(r.total().listKnown());
  }

  @Test
  void totalsSumTheLines() {
    PriceBook book = PriceBook.of(List.of(PriceBookTest.deepseek(PriceBookTest.price("0.28", "0.028", "0.42"))));
    Savings.Report r = Savings.report(List.of(
        new Savings.Usage("deepseek-v3.2", 40_000_000, 20_000_000, 10_000_000, 10_000_000),
        new Savings.Usage("deepseek-v3.2", 0, 0, FIFTY_MILLION, 21_000_000)), book, Rates.DEFAULT, "CNY");
    // 20M × 0.28 + 20M × 0.028 + 10M × 0.42 = 5.60 + 0.56 + 4.20 = $10.36 at list
    assertEquals(10_360_000, r.lines().get(0).listMicros());
    assertEquals(31_360_000, r.total().listMicros());
    assertEquals(31_000_000, r.total().chargedMicros());
    assertEquals(r.lines().get(0).officialMicros() + r.lines().get(1).officialMicros(), r.total().officialMicros());
    assertEquals(0, Savings.basisPoints(1, 0));
    assertEquals(-5000, Savings.basisPoints(-1, 2));
  }
}
