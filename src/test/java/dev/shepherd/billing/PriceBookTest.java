package dev.shepherd.billing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shepherd.config.DatedPrice;
import dev.shepherd.config.LimitValues;
import dev.shepherd.config.ModelConfig;
import dev.shepherd.config.Price;
import dev.shepherd.config.Sticky;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Price versions by the time a request started. */
class PriceBookTest {
  static final Instant JAN = Instant.parse("2026-01-01T00:00:00Z");
  static final Instant JUN = Instant.parse("2026-06-01T00:00:00Z");

  static Price price(String in, String cached, String out) {
    return new Price(new BigDecimal(in), new BigDecimal(cached), new BigDecimal(out));
  }

  static ModelConfig model(String id, Price price, Price list, Instant from, List<DatedPrice> history) {
    return new ModelConfig(id, "test", 128_000, price, list, "", List.of(), Sticky.NONE, LimitValues.NONE, "",
        from, history);
  }

  /** The builtin catalog's DeepSeek-V3.2 entry: price = list price. */
  static ModelConfig deepseek(Price relay) {
    return model("deepseek-v3.2", relay, price("0.28", "0.028", "0.42"), Instant.EPOCH, List.of());
  }

  @Test
  void aPriceChangeAppliesToRequestsStartedAfterIt() {
    PriceBook book = PriceBook.of(List.of(model("m", price("2", "1", "4"), null, JUN,
        List.of(new DatedPrice(JAN, price("3", "3", "6"))))));
    assertNull(book.at("m", JAN.toEpochMilli() - 1), "before the first version: unpriced");
    PriceVersion old = book.at("m", JAN.toEpochMilli());
    assertEquals(3_000_000, old.inputPico());
    assertSame(old, book.at("m", JUN.toEpochMilli() - 1), "started before the change: old price");
    PriceVersion now = book.at("m", JUN.toEpochMilli());
    assertEquals(2_000_000, now.inputPico());
    assertEquals(1_000_000, now.cachedInputPico());
    assertSame(now, book.current("m"));
    assertNotEquals(old.version(), now.version());
    assertEquals("m@" + JUN.toEpochMilli() + ":", now.version().substring(0, now.version().length() - 8));
    assertSame(old, book.version(old.version()));
    assertEquals(List.of(old, now), book.versions("m"));
  }

  @Test
  void listPriceIsTheCurrentOneOrTheRelayPrice() {
    PriceBook book = PriceBook.of(List.of(deepseek(price("0.14", "0.014", "0.21")),
        model("free", price("0", "0", "0"), null, Instant.EPOCH, List.of())));
    PriceVersion d = book.at("deepseek-v3.2", 0);
    assertEquals(140_000, d.inputPico());
    assertEquals(420_000, d.listOutputPico());
    assertTrue(d.listKnown());
    PriceVersion free = book.at("free", System.currentTimeMillis());
    assertEquals(0, free.outputPico());
    assertFalse(free.listKnown());
    assertNull(book.at("nope", 0));
    assertNull(book.current("nope"));
    assertNull(book.version("nope@0:00000000"));
  }

  @Test
  void sameConfigSameVersionIds() {
    assertEquals(PriceBook.of(List.of(deepseek(price("0.28", "0.028", "0.42")))).current("deepseek-v3.2"),
        PriceBook.of(List.of(deepseek(price("0.28", "0.028", "0.42")))).current("deepseek-v3.2"));
  }
}
