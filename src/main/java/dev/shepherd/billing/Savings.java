package dev.shepherd.billing;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/**
 * Savings report arithmetic: what usage was charged against what it costs at the official list
 * price, in USD, and in a local currency: paid there at the plan rate versus the official USD price
 * converted at the market rate.
 *
 * <p>All amounts are micro-units (µ$, or micro-units of the currency). List costs round up once
 * per model total, like charges; currency conversions round half-even (see {@link Rates});
 * percentages are basis points (1/100 of a percent) rounded down, 0 when the reference is 0. A
 * model with no list price, or not in the book, counts at its charge (no saving).
 */
public final class Savings {
  private Savings() {}

  /** Usage totals of one model over the report period. */
  public record Usage(String model, long promptTokens, long cachedTokens, long completionTokens, long chargedMicros) {}

  /**
   * One model's figures (or the total's, with model {@code "*"}).
   *
   * @param listMicros the same usage at the official list price, µ$
   * @param savedMicros {@code listMicros - chargedMicros}
   * @param paidMicros what the charged credit cost in the report currency at the plan rate
   * @param officialMicros the list cost in the report currency at the market rate
   * @param savedInCurrencyMicros {@code officialMicros - paidMicros}
   */
  public record Line(String model, long chargedMicros, long listMicros, long savedMicros, long savedBasisPoints,
      long paidMicros, long officialMicros, long savedInCurrencyMicros, long savedInCurrencyBasisPoints,
      boolean listKnown) {}

  /** The lines, in input order, and their total. */
  public record Report(String currency, List<Line> lines, Line total) {}

  /** The report of {@code usage} in {@code currency} (which needs a plan and a market rate). */
  public static Report report(List<Usage> usage, PriceBook book, Rates rates, String currency) {
    List<Line> lines = new ArrayList<>();
    long charged = 0;
    long list = 0;
    long paid = 0;
    long official = 0;
    boolean allKnown = true;
    for (Usage u : usage) {
      PriceVersion p = book.current(u.model());
      boolean known = p != null && p.listKnown();
      long listCost = known
          ? Cost.unbounded(u.promptTokens(), u.cachedTokens(), u.completionTokens(),
              p.listInputPico(), p.listCachedPico(), p.listOutputPico())
          : u.chargedMicros();
      Line line = line(u.model(), u.chargedMicros(), listCost, rates.paidMicros(currency, u.chargedMicros()),
          rates.marketMicros(currency, listCost), known);
      lines.add(line);
      charged = Math.addExact(charged, line.chargedMicros());
      list = Math.addExact(list, line.listMicros());
      paid = Math.addExact(paid, line.paidMicros());
      official = Math.addExact(official, line.officialMicros());
      allKnown &= known;
    }
    return new Report(currency, List.copyOf(lines), line("*", charged, list, paid, official, allKnown));
  }

  private static Line line(String model, long charged, long list, long paid, long official, boolean known) {
    return new Line(model, charged, list, list - charged, basisPoints(list - charged, list),
        paid, official, official - paid, basisPoints(official - paid, official), known);
  }

  /** {@code part / whole} in basis points, rounded down; 0 when {@code whole} is 0. */
  static long basisPoints(long part, long whole) {
    if (whole == 0) {
      return 0;
    }
    return BigDecimal.valueOf(part).multiply(BigDecimal.valueOf(10_000))
        .divide(BigDecimal.valueOf(whole), 0, RoundingMode.FLOOR).longValueExact();
  }
}
