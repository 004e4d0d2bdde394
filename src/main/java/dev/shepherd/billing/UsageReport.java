package dev.shepherd.billing;

import dev.shepherd.store.UsageQuery;
import dev.shepherd.store.UsageRow;
import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;

/**
 * A usage report: per group and in total, what was charged against what the same usage costs at
 * the official list price, in USD and in a local currency.
 *
 * <ul>
 *   <li><b>USD view</b>: cost (charged), list cost, saving = list − cost, saving % = saving ÷ list.
 *   <li><b>Currency view</b>: paid = cost ÷ plan rate (what the USD credit cost in that currency,
 *       e.g. ¥1 per $1), official = list cost × market rate (the official USD price bought at
 *       the market, e.g. ¥7.3 per $1), saving = official − paid, saving %.
 * </ul>
 *
 * <p>Amounts are exact micro-units: costs and list costs are the sums of the per-request figures
 * recorded with each charge (each rounded up once, like the charge); the conversions round
 * half-even to the micro-unit ({@link Rates}). Percentages are basis points rounded down (8630 =
 * 86.30%), 0 when the reference is 0. The total is computed from the summed USD figures, so it is
 * the same whatever the grouping; a row's conversion may differ from its share of the total by
 * the rounding of that row (under one micro-unit). The rates are the current ones.
 *
 * @param query what was summed
 * @param currency the currency of the currency view (upper case)
 * @param planRate USD credited per unit of {@code currency}
 * @param marketRate units of {@code currency} per USD
 * @param rows one line per group, in the store's order
 * @param total all groups together, group {@link #TOTAL}
 */
public record UsageReport(UsageQuery query, String currency, BigDecimal planRate, BigDecimal marketRate,
    List<Line> rows, Line total) {

  /** The group name of the total line. */
  public static final String TOTAL = "TOTAL";

  /**
   * One group's figures. Token counts and requests as summed; amounts in micro-units.
   *
   * @param savedMicros {@code listCostMicros - costMicros}, µ$ (negative when the relay is dearer)
   * @param paidMicros what the charged credit cost in the report currency at the plan rate
   * @param officialMicros the list cost in the report currency at the market rate
   * @param savedInCurrencyMicros {@code officialMicros - paidMicros}
   */
  public record Line(String group, long requests, long promptTokens, long cachedTokens, long completionTokens,
      long costMicros, long listCostMicros, long savedMicros, long savedBasisPoints, long paidMicros,
      long officialMicros, long savedInCurrencyMicros, long savedInCurrencyBasisPoints) {}

  public UsageReport {
    rows = List.copyOf(rows);
  }

  /**
   * The report of {@code rows} (as the store summed them for {@code query}) in {@code currency},
   * which needs both a plan and a market rate in {@code rates}.
   *
   * @throws IllegalArgumentException naming the known currencies if one of its rates is missing
   */
  public static UsageReport of(UsageQuery query, List<UsageRow> rows, Rates rates, String currency) {
    String code = currency.toUpperCase(Locale.ROOT);
    BigDecimal plan = rates.planRate(code);
    BigDecimal market = rates.marketRate(code);
    UsageRow sum = UsageRow.zero(TOTAL);
    for (UsageRow r : rows) {
      sum = sum.plus(r);
    }
    return new UsageReport(query, code, plan, market,
        rows.stream().map(r -> line(r, rates, code)).toList(), line(sum, rates, code));
  }

  /** One line: {@code row}'s figures and their conversions to {@code currency}. */
  public static Line line(UsageRow row, Rates rates, String currency) {
    long saved = Math.subtractExact(row.listCostMicros(), row.costMicros());
    long paid = rates.paidMicros(currency, row.costMicros());
    long official = rates.marketMicros(currency, row.listCostMicros());
    long savedThere = Math.subtractExact(official, paid);
    return new Line(row.group(), row.requests(), row.promptTokens(), row.cachedTokens(), row.completionTokens(),
        row.costMicros(), row.listCostMicros(), saved, Savings.basisPoints(saved, row.listCostMicros()),
        paid, official, savedThere, Savings.basisPoints(savedThere, official));
  }

  /** Basis points as a percentage with 2 decimals: 8630 → {@code "86.30"}. */
  public static String percent(long basisPoints) {
    return BigDecimal.valueOf(basisPoints, 2).toPlainString();
  }
}
