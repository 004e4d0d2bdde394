package dev.shepherd.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The {@code billing} section and a model's dated prices: defaults, values, problems, printing. */
class BillingConfigTest {

  @Test
  void absentIsTheDefault() {
    assertSame(BillingConfig.DEFAULT, Yaml.load("").billing());
    BillingConfig d = Yaml.load("billing: {}").billing();
    assertEquals(BillingConfig.DEFAULT, d);
    assertEquals(Map.of("CNY", new BigDecimal("1.0"), "USD", BigDecimal.ONE), d.planRates());
    assertEquals(Map.of("CNY", new BigDecimal("7.3"), "USD", BigDecimal.ONE), d.marketRates());
    assertEquals(1_000_000, d.signupBonusMicros());
    assertEquals(30, d.signupBonusExpiresDays());
    assertTrue(d.refuseUnpriced());
    assertEquals(0, d.lowBalanceMicros());
  }

  @Test
  void everyKey() {
    BillingConfig b = Yaml.load("""
        billing:
          plan_rates: {cny: 1.0, EUR: 1.05}
          market_rates: {CNY: 7.25}
          signup_bonus: {amount: "0.50", expires_days: 7}
          refuse_unpriced: false
          low_balance: {threshold: 2.5, webhook: "https://hooks.example.com/low?token=abc"}
        """).billing();
    assertEquals(new BillingConfig(Map.of("CNY", new BigDecimal("1.0"), "EUR", new BigDecimal("1.05")),
        Map.of("CNY", new BigDecimal("7.25")), 500_000, 7, false, 2_500_000,
        "https://hooks.example.com/low?token=abc", "auto"), b);
    assertEquals(0, Yaml.load("billing: {signup_bonus: {amount: 0}}").billing().signupBonusMicros());
    assertEquals(1_000_000, Yaml.load("billing: {low_balance: {}}").billing().lowBalanceMicros());
  }

  @Test
  void badValuesAreAllReported() {
    String message = Yaml.error("""
        billing:
          plan_rates: {USD: 2, CNY: 0, yuan: 1, EUR: 0.1234567}
          market_rates: {CNY: -7.3}
          signup_bonus: {amount: "0.0000001", expires_days: 0}
          low_balance: {threshold: "1e3", webhook: "ftp://x"}
        """);
    for (String expected : new String[] {
        "billing.plan_rates.USD: 2 (expected: 1; credit is denominated in USD)",
        "billing.plan_rates.CNY: 0 (expected: a rate > 0)",
        "billing.plan_rates: \"yuan\" (expected: three-letter ISO 4217 currency codes such as CNY)",
        "billing.plan_rates.EUR: 0.1234567 (expected: a rate with at most 6 decimals)",
        "billing.market_rates.CNY: -7.3 (expected: a rate > 0)",
        "billing.signup_bonus.amount: \"0.0000001\" (expected: an amount in USD >= 0 with at most 6 decimals,",
        "billing.signup_bonus.expires_days: 0 (expected: 1..36500)",
        "billing.low_balance.threshold: \"1e3\" (expected: an amount in USD",
        "billing.low_balance.webhook: \"ftp://x\" (expected: an http:// or https:// URL"}) {
      assertTrue(message.contains(expected), expected + "\n in: " + message);
    }
  }

  @Test
  void priceEffectiveFromAndHistory() {
    ModelConfig m = Yaml.load(Yaml.ONE_MODEL.replace("output_per_mtok: 2}",
        "output_per_mtok: 2, effective_from: \"2026-12-01T00:00:00Z\"}\n    price_history:\n"
            + "      - {effective_from: 2026-01-01T00:00:00Z, input_per_mtok: 3, output_per_mtok: 4}\n"
            + "      - {effective_from: \"2026-06-01T08:00:00+08:00\", input_per_mtok: 2, cached_input_per_mtok: 0.5,"
            + " output_per_mtok: 3}")).models().get(0);
    assertEquals(Instant.parse("2026-12-01T00:00:00Z"), m.priceEffectiveFrom());
    assertEquals(List.of(
        new DatedPrice(Instant.parse("2026-01-01T00:00:00Z"), new Price(BigDecimal.valueOf(3), BigDecimal.valueOf(3),
            BigDecimal.valueOf(4))),
        new DatedPrice(Instant.parse("2026-06-01T00:00:00Z"), new Price(BigDecimal.valueOf(2), new BigDecimal("0.5"),
            BigDecimal.valueOf(3)))), m.priceHistory());
    ModelConfig plain = Yaml.load(Yaml.ONE_MODEL).models().get(0);
    assertEquals(Instant.EPOCH, plain.priceEffectiveFrom());
    assertEquals(List.of(), plain.priceHistory());
    String printed = EffectiveConfigPrinter.print(Yaml.load(Yaml.ONE_MODEL.replace("output_per_mtok: 2}",
        "output_per_mtok: 2, effective_from: \"2026-12-01T00:00:00Z\"}\n    price_history:\n"
            + "      - {effective_from: 2026-01-01T00:00:00Z, input_per_mtok: 3, output_per_mtok: 4}")));
    assertTrue(printed.contains("effective_from: \"2026-12-01T00:00:00Z\""), printed);
    assertTrue(printed.contains("price_history:"), printed);
  }

  @Test
  void badPriceHistory() {
    String message = Yaml.error(Yaml.ONE_MODEL.replace("output_per_mtok: 2}",
        "output_per_mtok: 2.0000001, effective_from: \"2026-06-01T00:00:00Z\"}\n    price_history:\n"
            + "      - {effective_from: \"2026-03-01T00:00:00Z\", input_per_mtok: 3, output_per_mtok: 4}\n"
            + "      - {effective_from: \"2026-02-01T00:00:00Z\", input_per_mtok: 3, output_per_mtok: 4}\n"
            + "      - {effective_from: \"2026-07-01T00:00:00Z\", input_per_mtok: 3, output_per_mtok: 4}\n"
            + "      - {effective_from: \"next week\", input_per_mtok: 3, output_per_mtok: 4}\n"
            + "      - {input_per_mtok: 10001, output_per_mtok: 4}"));
    for (String expected : new String[] {
        "models[0].price.output_per_mtok: 2.0000001 (expected: a price with at most 6 decimals)",
        "models[0].price_history[1].effective_from: \"2026-02-01T00:00:00Z\" (expected: an instant after the"
            + " previous entry's 2026-03-01T00:00:00Z; list the history oldest first)",
        "models[0].price_history[2].effective_from: \"2026-07-01T00:00:00Z\" (expected: an instant before"
            + " price.effective_from (2026-06-01T00:00:00Z); the current price goes in price)",
        "models[0].price_history[3].effective_from: \"next week\" (expected: an ISO-8601 instant such as",
        "models[0].price_history[4].effective_from: missing (expected: an ISO-8601 instant",
        "models[0].price_history[4].input_per_mtok: 10001 (expected: a price of at most 10000 USD per million tokens)"}) {
      assertTrue(message.contains(expected), expected + "\n in: " + message);
    }
  }

  @Test
  void printsBilling() {
    String out = EffectiveConfigPrinter.print(Yaml.load(
        "billing: {low_balance: {threshold: \"0.5\", webhook: \"https://u:secret@hooks.example.com/x\"}}"));
    assertTrue(out.contains("billing:\n  low_balance:\n    threshold: \"0.50\"\n"), out);
    assertTrue(!out.contains("secret"), out);
    assertTrue(out.contains("  signup_bonus:\n    amount: \"1.00\"\n    expires_days: 30\n"), out);
    assertTrue(out.contains("  market_rates:\n    CNY: 7.3\n    USD: 1\n"), out);
    assertEquals(Yaml.load("billing: {low_balance: {threshold: \"0.5\"}}").billing(),
        Yaml.load(EffectiveConfigPrinter.print(Yaml.load("billing: {low_balance: {threshold: \"0.5\"}}"))).billing(),
        "reads back");
  }
}
