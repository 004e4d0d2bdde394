package dev.shepherd.billing;

import dev.shepherd.store.UsageQuery;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The parameters of a usage report as given on the command line or in a query string, checked
 * and completed with defaults in one place, so {@code shepherd usage report} and
 * {@code GET /admin/v1/usage} accept and refuse the same things with the same messages.
 *
 * <ul>
 *   <li>{@code from} (inclusive) and {@code to} (exclusive): an ISO date ({@code 2026-11-01}, the
 *       start of that UTC day) or an ISO-8601 instant ({@code 2026-11-01T08:00:00Z}, or with an
 *       offset). Defaults: the start of the current UTC month, and the start of the next one.
 *   <li>{@code by}: {@code model} (default), {@code key} or {@code day}.
 *   <li>currency: the one asked for, else the account's (when both its rates are configured), else CNY
 *       (USD if CNY is not configured).
 * </ul>
 */
public final class ReportParams {
  private static final Pattern DATE = Pattern.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}");
  private static final String BOUND = "an ISO date such as 2026-11-01 or an instant such as 2026-11-01T00:00:00Z";

  private ReportParams() {}

  /** A parameter that cannot be used; {@link #param()} names it ({@code from}, {@code by}, ...). */
  public static final class Invalid extends IllegalArgumentException {
    private final String param;

    public Invalid(String param, String message) {
      super(message, null);
      this.param = param;
    }

    public String param() {
      return param;
    }
  }

  /**
   * The query for these parameters; {@code null} or blank ones take their defaults.
   *
   * @param now the clock's instant, for the default period (the current UTC month)
   * @throws Invalid naming the parameter at fault
   */
  public static UsageQuery query(String account, String from, String to, String by, Instant now) {
    UsageQuery.By grouping;
    try {
      grouping = blank(by) ? UsageQuery.By.MODEL : UsageQuery.By.parse(by);
    } catch (IllegalArgumentException e) {
      throw new Invalid("by", e.getMessage());
    }
    YearMonth month = YearMonth.from(now.atZone(ZoneOffset.UTC));
    long fromMillis = blank(from) ? startOf(month) : bound("from", from);
    long toMillis = blank(to) ? startOf(month.plusMonths(1)) : bound("to", to);
    if (fromMillis >= toMillis) {
      throw new Invalid("from", "from: " + Instant.ofEpochMilli(fromMillis) + " (expected: before to, "
          + Instant.ofEpochMilli(toMillis) + ")");
    }
    return new UsageQuery(blank(account) ? null : account.trim(), fromMillis, toMillis, grouping);
  }

  /** Epoch millis of a date (start of that UTC day) or an instant; problems name {@code param}. */
  public static long bound(String param, String text) {
    // In a query string an unencoded '+' of an offset arrives as a space: 2026-11-01T08:00:00 08:00.
    String t = text.trim().replace(' ', '+');
    try {
      if (DATE.matcher(t).matches()) {
        return LocalDate.parse(t).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
      }
      return OffsetDateTime.parse(t).toInstant().toEpochMilli();
    } catch (DateTimeParseException | ArithmeticException e) {
      throw new Invalid(param, param + ": " + text + " (expected: " + BOUND + ")");
    }
  }

  /**
   * The currency of the report's currency view: {@code requested} if given (it must have a plan
   * and a market rate), else {@code accountCurrency} if it has both, else CNY.
   *
   * @throws Invalid ({@code currency}) naming the usable currencies
   */
  public static String currency(String requested, String accountCurrency, Rates rates) {
    if (!blank(requested)) {
      String c = requested.trim().toUpperCase(Locale.ROOT);
      if (!usable(c, rates)) {
        throw new Invalid("currency", "currency: " + requested + " (expected: one with a plan and a market rate: "
            + String.join(", ", rates.marketRates().keySet().stream()
                .filter(k -> rates.planRates().containsKey(k)).toList()) + ")");
      }
      return c;
    }
    if (accountCurrency != null && usable(accountCurrency.toUpperCase(Locale.ROOT), rates)) {
      return accountCurrency.toUpperCase(Locale.ROOT);
    }
    return usable("CNY", rates) ? "CNY" : "USD";
  }

  private static boolean usable(String code, Rates rates) {
    return rates.planRates().containsKey(code) && rates.marketRates().containsKey(code);
  }

  private static long startOf(YearMonth month) {
    return month.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
