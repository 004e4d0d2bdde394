package dev.shepherd.billing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Plan and market rates. */
class RatesTest {

  @Test
  void flagshipPlanCreditsOneDollarPerYuan() {
    assertEquals(10_000_000, Rates.DEFAULT.creditMicros("CNY", 10_000_000), "¥10 → $10");
    assertEquals(10_000_000, Rates.DEFAULT.creditMicros("usd", 10_000_000), "codes are case-insensitive");
    assertEquals(new BigDecimal("7.3"), Rates.DEFAULT.marketRate("CNY"));
    Rates fromConfig = Rates.of(dev.shepherd.config.BillingConfig.DEFAULT);
    assertEquals(Rates.DEFAULT.planRates(), fromConfig.planRates());
    assertEquals(Rates.DEFAULT.marketRates(), fromConfig.marketRates());
  }

  @Test
  void creditRoundsDown() {
    Rates market = new Rates(Map.of("CNY", new BigDecimal("0.137")), Map.of());
    // ¥0.000007 × 0.137 = 0.000000959 USD = 0.959 µ$ → 0
    assertEquals(0, market.creditMicros("CNY", 7));
    // ¥100 × 0.137 = $13.70 exactly
    assertEquals(13_700_000, market.creditMicros("CNY", 100_000_000));
    // ¥1.000001 × 0.137 = 0.137000137 → 137,000.137 µ$ → 137,000
    assertEquals(137_000, market.creditMicros("CNY", 1_000_001));
  }

  @Test
  void reportConversions() {
    assertEquals(21_000_000, Rates.DEFAULT.paidMicros("CNY", 21_000_000), "$21 of credit cost ¥21");
    assertEquals(153_300_000, Rates.DEFAULT.marketMicros("CNY", 21_000_000), "$21 = ¥153.30 at 7.3");
  }

  @Test
  void unknownCurrencyNamesTheKnownOnes() {
    assertEquals("currency: EUR (expected: one of the plan rates: CNY, USD)",
        assertThrows(IllegalArgumentException.class, () -> Rates.DEFAULT.creditMicros("EUR", 1)).getMessage());
    assertEquals("currency: JPY (expected: one of the market rates: CNY, USD)",
        assertThrows(IllegalArgumentException.class, () -> Rates.DEFAULT.marketMicros("JPY", 1)).getMessage());
  }

  @Test
  void usdIsAlwaysOne() {
    assertEquals(BigDecimal.ONE, new Rates(Map.of(), Map.of()).planRate("USD"));
    assertThrows(IllegalArgumentException.class, () -> new Rates(Map.of("USD", new BigDecimal("2")), Map.of()));
    assertThrows(IllegalArgumentException.class, () -> new Rates(Map.of("CNY", BigDecimal.ZERO), Map.of()));
    assertThrows(IllegalArgumentException.class, () -> Rates.DEFAULT.creditMicros("CNY", -1));
  }
}
