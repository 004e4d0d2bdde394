package dev.shepherd.config;

import java.math.BigDecimal;
import java.util.Map;
import java.util.TreeMap;

/**
 * The {@code billing} section: currencies, the signup bonus, unpriced models, low-balance alerts.
 * Amounts are micro-USD. Rate maps are keyed by upper-case ISO currency codes, sorted, always
 * contain {@code USD} at exactly 1, and hold only positive rates.
 *
 * @param planRates USD credited per 1 unit of a currency paid (top-ups)
 * @param marketRates units of a currency per USD (reports only)
 * @param signupBonusMicros promotional credit for a new account; 0: none
 * @param signupBonusExpiresDays days until that credit expires (≥ 1)
 * @param refuseUnpriced refuse requests to a model without a price in effect, rather than serve
 *     them free
 * @param lowBalanceMicros alert when an account's balance falls below this; 0: no alert
 * @param lowBalanceWebhook http(s) URL notified of a low balance; empty: none
 * @param sharedBalancesSetting {@code auto} (shared on PostgreSQL, in memory on SQLite),
 *     {@code true} or {@code false}: whether holds are decided in the database so that several
 *     instances can share balances
 */
public record BillingConfig(
    Map<String, BigDecimal> planRates,
    Map<String, BigDecimal> marketRates,
    long signupBonusMicros,
    int signupBonusExpiresDays,
    boolean refuseUnpriced,
    long lowBalanceMicros,
    String lowBalanceWebhook,
    String sharedBalancesSetting) {

  /** ¥1 buys $1; market ¥7.3 per $1; $1.00 bonus for 30 days; unpriced models refused; no alert. */
  public static final BillingConfig DEFAULT = new BillingConfig(
      Map.of("CNY", new BigDecimal("1.0")), Map.of("CNY", new BigDecimal("7.3")), 1_000_000, 30, true, 0, "", "auto");

  public BillingConfig {
    planRates = withUsd(planRates);
    marketRates = withUsd(marketRates);
  }

  /** Whether balances are shared through the database for a store of {@code dialect}. */
  public boolean sharedBalances(String dialect) {
    return switch (sharedBalancesSetting) {
      case "true" -> true;
      case "false" -> false;
      default -> "postgresql".equals(dialect);
    };
  }

  private static Map<String, BigDecimal> withUsd(Map<String, BigDecimal> rates) {
    TreeMap<String, BigDecimal> m = new TreeMap<>(rates);
    m.putIfAbsent("USD", BigDecimal.ONE);
    return java.util.Collections.unmodifiableSortedMap(m);
  }
}
