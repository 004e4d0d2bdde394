package dev.shepherd.billing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

/** Cost arithmetic: pico prices, one upward rounding, overflow safety. */
class CostTest {
  /** DeepSeek-V3.2 (builtin catalog): $0.28 input, $0.028 cached, $0.42 output per million tokens. */
  static final PriceVersion DEEPSEEK = PriceVersion.of("deepseek-v3.2", 0,
      280_000, 28_000, 420_000, 280_000, 28_000, 420_000, true);

  @Test
  void picoIsUsdPerMtokTimesAMillion() {
    assertEquals(280_000, PriceVersion.pico(new BigDecimal("0.28")));
    assertEquals(1, PriceVersion.pico(new BigDecimal("0.000001")));
    assertEquals(10_000_000_000L, PriceVersion.pico(new BigDecimal("10000")));
    assertThrows(IllegalArgumentException.class, () -> PriceVersion.pico(new BigDecimal("0.0000001")));
  }

  @Test
  void cachedTokensAtTheCachedPriceTheRestAtInput() {
    // 1000 prompt (400 cached) + 500 completion:
    // 600 × 280,000 + 400 × 28,000 + 500 × 420,000 = 168,000,000 + 11,200,000 + 210,000,000 pico = 389.2 µ$ → 390
    assertEquals(390, Cost.costMicros(DEEPSEEK, 1000, 400, 500));
    assertEquals(390, Cost.listCostMicros(DEEPSEEK, 1000, 400, 500));
    // cached above prompt is capped at prompt
    assertEquals(Cost.costMicros(DEEPSEEK, 1000, 1000, 0), Cost.costMicros(DEEPSEEK, 1000, 5000, 0));
  }

  @Test
  void roundsUpOnceNotPerToken() {
    assertEquals(1, Cost.costMicros(DEEPSEEK, 1, 0, 0), "0.28 µ$ → 1 µ$");
    assertEquals(3, Cost.costMicros(DEEPSEEK, 10, 0, 0), "2.8 µ$ → 3 µ$, not 10 × 1");
    assertEquals(0, Cost.costMicros(DEEPSEEK, 0, 0, 0));
    assertEquals(28, Cost.costMicros(DEEPSEEK, 100, 0, 0), "exact stays exact");
  }

  @Test
  void holdsAssumeNoCacheHit() {
    assertEquals(280 + 420, Cost.maxCostMicros(DEEPSEEK, 1000, 1000));
    assertEquals(Cost.costMicros(DEEPSEEK, 1000, 0, 1000), Cost.maxCostMicros(DEEPSEEK, 1000, 1000));
  }

  @Test
  void listPriceDiffersFromRelayPrice() {
    PriceVersion relay = PriceVersion.of("m", 0, 100_000, 100_000, 200_000, 1_000_000, 500_000, 2_000_000, true);
    assertEquals(100 + 200, Cost.costMicros(relay, 1000, 0, 1000));
    assertEquals(1000 + 2000, Cost.listCostMicros(relay, 1000, 0, 1000));
    assertEquals(500 + 2000, Cost.listCostMicros(relay, 1000, 1000, 1000));
  }

  @Test
  void extremesAreExact() {
    long max = PriceVersion.MAX_PICO; // $10,000 per million tokens = $0.01 per token
    PriceVersion dear = PriceVersion.of("dear", 0, max, max, max, max, max, max, true);
    long billion = Cost.MAX_TOKENS;
    // 10^9 tokens × 10^10 pico = 10^19 pico: above Long.MAX_VALUE (≈ 9.22 × 10^18) on its own.
    assertEquals(10_000_000_000_000L, Cost.costMicros(dear, billion, 0, 0), "$10 million");
    assertEquals(30_000_000_000_000L, Cost.costMicros(dear, billion, 0, billion) + Cost.costMicros(dear, 0, 0, billion));
    assertEquals(20_000_000_000_000L, Cost.costMicros(dear, billion, billion, billion));
    assertEquals(20_000_000_000_000L, Cost.maxCostMicros(dear, billion, billion));
    PriceVersion odd = PriceVersion.of("odd", 0, max - 1, 0, max - 1, 0, 0, 0, true);
    // (10^10 - 1) × 2 × 10^9 = 2 × 10^19 - 2 × 10^9 pico = 2 × 10^13 - 2000 µ$ exactly
    assertEquals(20_000_000_000_000L - 2000, Cost.costMicros(odd, billion, 0, billion));
    PriceVersion oddCents = PriceVersion.of("odd", 0, max - 3, 0, 0, 0, 0, 0, true);
    // (10^10 - 3) × (10^9 - 1) = 10^19 - 10^10 - 3 × 10^9 + 3 pico → ceil → 10^13 - 13,000 + 1 µ$
    assertEquals(10_000_000_000_000L - 13_000 + 1, Cost.costMicros(oddCents, billion - 1, 0, 0));
  }

  @Test
  void rejectsOutOfRange() {
    assertThrows(IllegalArgumentException.class, () -> Cost.costMicros(DEEPSEEK, -1, 0, 0));
    assertThrows(IllegalArgumentException.class, () -> Cost.costMicros(DEEPSEEK, 0, 0, Cost.MAX_TOKENS + 1));
    assertThrows(IllegalArgumentException.class,
        () -> PriceVersion.of("m", 0, PriceVersion.MAX_PICO + 1, 0, 0, 0, 0, 0, true));
    assertThrows(IllegalArgumentException.class, () -> PriceVersion.of("m", 0, -1, 0, 0, 0, 0, 0, true));
  }

  @Test
  void versionIdIsStableAndChangesWithPrices() {
    PriceVersion again = PriceVersion.of("deepseek-v3.2", 0, 280_000, 28_000, 420_000, 280_000, 28_000, 420_000, true);
    assertEquals(DEEPSEEK.version(), again.version());
    assertEquals(true, DEEPSEEK.version().matches("deepseek-v3\\.2@0:[0-9a-f]{8}"), DEEPSEEK.version());
    PriceVersion edited = PriceVersion.of("deepseek-v3.2", 0, 280_000, 28_000, 410_000, 280_000, 28_000, 420_000, true);
    assertNotEquals(DEEPSEEK.version(), edited.version());
  }
}
