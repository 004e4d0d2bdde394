package dev.shepherd.config;

import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Validates and converts the optional {@code billing} section. Absent keys take their value from
 * {@link BillingConfig#DEFAULT}; a given rate map replaces the default one (USD is always 1).
 * Amounts are exact decimal USD strings with at most 6 decimals; every bad value is recorded in the
 * shared {@link ConfigConverter.Problems} under its full key path.
 */
final class BillingConverter {
  private static final Pattern AMOUNT = Pattern.compile("[0-9]+(\\.[0-9]{1,6})?");
  private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");

  private BillingConverter() {}

  static BillingConfig convert(ConfigConverter.Problems problems, Raw.Billing raw) {
    BillingConfig d = BillingConfig.DEFAULT;
    if (raw == null) {
      return d;
    }
    Map<String, BigDecimal> plan = raw.planRates() == null ? d.planRates()
        : rates(problems, "billing.plan_rates", raw.planRates());
    Map<String, BigDecimal> market = raw.marketRates() == null ? d.marketRates()
        : rates(problems, "billing.market_rates", raw.marketRates());
    long bonus = d.signupBonusMicros();
    int days = d.signupBonusExpiresDays();
    if (raw.signupBonus() != null) {
      Raw.SignupBonus b = raw.signupBonus();
      bonus = b.amount() == null ? bonus : amount(problems, "billing.signup_bonus.amount", b.amount());
      days = (int) problems.range("billing.signup_bonus.expires_days", b.expiresDays(), days, 1, 36_500);
    }
    boolean refuse = raw.refuseUnpriced() == null ? d.refuseUnpriced() : raw.refuseUnpriced();
    long threshold = d.lowBalanceMicros();
    String webhook = d.lowBalanceWebhook();
    if (raw.lowBalance() != null) {
      Raw.LowBalance l = raw.lowBalance();
      threshold = amount(problems, "billing.low_balance.threshold", l.threshold() == null ? "1.00" : l.threshold());
      webhook = webhook(problems, "billing.low_balance.webhook", l.webhook());
    }
    String shared = raw.sharedBalances() == null ? d.sharedBalancesSetting()
        : raw.sharedBalances().toLowerCase(Locale.ROOT);
    if (!shared.equals("auto") && !shared.equals("true") && !shared.equals("false")) {
      problems.add("billing.shared_balances", raw.sharedBalances(), "auto, true or false");
      shared = d.sharedBalancesSetting();
    }
    return new BillingConfig(plan, market, bonus, days, refuse, threshold, webhook, shared);
  }

  /** Upper-cased three-letter codes to positive rates; USD, if present, must be 1. */
  private static Map<String, BigDecimal> rates(ConfigConverter.Problems problems, String path,
      Map<String, BigDecimal> raw) {
    Map<String, BigDecimal> out = new LinkedHashMap<>();
    raw.forEach((code, rate) -> {
      String c = code.toUpperCase(Locale.ROOT);
      String at = path + "." + code;
      if (!CURRENCY.matcher(c).matches()) {
        problems.add(path, code, "three-letter ISO 4217 currency codes such as CNY");
      } else if (out.containsKey(c)) {
        problems.add(at, code, "each currency once (codes are case-insensitive)");
      } else if (rate == null || rate.signum() <= 0) {
        problems.add(at, rate, "a rate > 0");
      } else if (c.equals("USD") && rate.compareTo(BigDecimal.ONE) != 0) {
        problems.add(at, rate, "1; credit is denominated in USD");
      } else if (rate.stripTrailingZeros().scale() > 6) {
        problems.add(at, rate, "a rate with at most 6 decimals");
      } else {
        out.put(c, rate);
      }
    });
    return out;
  }

  /** A USD amount such as "1.00" in micro-USD. */
  private static long amount(ConfigConverter.Problems problems, String path, String text) {
    if (!AMOUNT.matcher(text).matches()) {
      problems.add(path, text, "an amount in USD >= 0 with at most 6 decimals, such as \"1.00\"");
      return 0;
    }
    try {
      return new BigDecimal(text).movePointRight(6).longValueExact();
    } catch (ArithmeticException e) {
      problems.add(path, text, "an amount in USD up to 9223372036854");
      return 0;
    }
  }

  /** Empty, or an absolute http(s) URL. */
  private static String webhook(ConfigConverter.Problems problems, String path, String url) {
    if (url == null || url.isEmpty()) {
      return "";
    }
    String expected = "an http:// or https:// URL, or empty for no webhook";
    try {
      URI uri = new URI(url);
      String scheme = uri.getScheme();
      if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
          || uri.getHost() == null) {
        problems.add(path, Secrets.maskUrl(url), expected);
      }
    } catch (URISyntaxException e) {
      problems.add(path, Secrets.maskUrl(url), expected);
    }
    return url;
  }
}
