package dev.shepherd.billing;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Currency conversion for credit and reports. Credit is always USD.
 *
 * <ul>
 *   <li><b>Plan rates</b>: USD credited per 1 unit of a currency paid. The flagship plan credits $1
 *       for ¥1 ({@code CNY: 1.0}). Used for top-ups: {@link #creditMicros} rounds DOWN to the µ$,
 *       so an account is never credited more than it paid for.
 *   <li><b>Market rates</b>: units of a currency per USD (e.g. {@code CNY: 7.3}). Used only in
 *       reports, to show what the official USD price would cost in that currency.
 * </ul>
 *
 * <p>USD is always present in both, at exactly 1. Currency codes are case-insensitive and held in
 * upper case. An unknown currency is an {@link IllegalArgumentException} naming the known ones.
 * Report conversions round half-even to the micro-unit. Immutable.
 */
public final class Rates {
  /** Plan {@code USD: 1, CNY: 1.0}; market {@code USD: 1, CNY: 7.3}. */
  public static final Rates DEFAULT =
      new Rates(Map.of("CNY", new BigDecimal("1.0")), Map.of("CNY", new BigDecimal("7.3")));

  private final Map<String, BigDecimal> plan;
  private final Map<String, BigDecimal> market;

  /** Rates must be positive; a USD entry, if given, must equal 1. */
  public Rates(Map<String, BigDecimal> planRates, Map<String, BigDecimal> marketRates) {
    this.plan = normalized("plan rate", planRates);
    this.market = normalized("market rate", marketRates);
  }

  /** The rates of the {@code billing} config section. */
  public static Rates of(dev.shepherd.config.BillingConfig billing) {
    return new Rates(billing.planRates(), billing.marketRates());
  }

  /** USD credited per unit of {@code currency}. */
  public BigDecimal planRate(String currency) {
    return lookup("plan rates", plan, currency);
  }

  /** Units of {@code currency} per USD, for reports. */
  public BigDecimal marketRate(String currency) {
    return lookup("market rates", market, currency);
  }

  /** Upper-case codes with a plan rate, sorted. */
  public Map<String, BigDecimal> planRates() {
    return plan;
  }

  /** Upper-case codes with a market rate, sorted. */
  public Map<String, BigDecimal> marketRates() {
    return market;
  }

  /**
   * µ$ credited for a payment of {@code amountMicros} micro-units of {@code currency}, rounded
   * DOWN to the µ$ (exact; never more than was paid for).
   */
  public long creditMicros(String currency, long amountMicros) {
    if (amountMicros < 0) {
      throw new IllegalArgumentException("amount: " + Micros.format(amountMicros) + " (expected: >= 0)");
    }
    BigDecimal rate = planRate(currency);
    return BigDecimal.valueOf(amountMicros).multiply(rate).setScale(0, RoundingMode.FLOOR).longValueExact();
  }

  /** What {@code usdMicros} of credit cost in {@code currency} at the plan rate (micro-units, half-even). */
  public long paidMicros(String currency, long usdMicros) {
    BigDecimal rate = planRate(currency);
    return BigDecimal.valueOf(usdMicros).divide(rate, 0, RoundingMode.HALF_EVEN).longValueExact();
  }

  /** {@code usdMicros} in {@code currency} at the market rate (micro-units, half-even). */
  public long marketMicros(String currency, long usdMicros) {
    BigDecimal rate = marketRate(currency);
    return BigDecimal.valueOf(usdMicros).multiply(rate).setScale(0, RoundingMode.HALF_EVEN).longValueExact();
  }

  private static BigDecimal lookup(String what, Map<String, BigDecimal> rates, String currency) {
    BigDecimal r = currency == null ? null : rates.get(currency.toUpperCase(Locale.ROOT));
    if (r == null) {
      throw new IllegalArgumentException("currency: " + currency + " (expected: one of the " + what + ": "
          + String.join(", ", rates.keySet()) + ")");
    }
    return r;
  }

  private static Map<String, BigDecimal> normalized(String what, Map<String, BigDecimal> rates) {
    TreeMap<String, BigDecimal> out = new TreeMap<>();
    out.put("USD", BigDecimal.ONE);
    rates.forEach((code, rate) -> {
      String c = code.toUpperCase(Locale.ROOT);
      if (rate == null || rate.signum() <= 0) {
        throw new IllegalArgumentException(what + " " + c + ": " + rate + " (expected: a number > 0)");
      }
      if (c.equals("USD") && rate.compareTo(BigDecimal.ONE) != 0) {
        throw new IllegalArgumentException(what + " USD: " + rate.toPlainString() + " (expected: 1; credit is USD)");
      }
      out.put(c, c.equals("USD") ? BigDecimal.ONE : rate);
    });
    return java.util.Collections.unmodifiableMap(out);
  }

  @Override
  public String toString() {
    return "Rates[plan=" + plan + ", market=" + market + "]";
  }
}
