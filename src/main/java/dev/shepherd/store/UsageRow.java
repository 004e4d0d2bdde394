package dev.shepherd.store;

/**
 * The usage records of one group of a report, summed. Amounts are micro-USD.
 *
 * @param group the model, the key id, or the UTC day ({@code 2026-11-24}), by the query's grouping
 * @param requests metered requests that ended (answered or not)
 * @param promptTokens prompt tokens charged, cached ones included
 * @param cachedTokens of which served from the upstream's prompt cache
 * @param completionTokens completion tokens charged
 * @param costMicros what was charged (the sum of the requests' CHARGE entries)
 * @param listCostMicros the same usage at the official list price, as recorded with each request
 *     (a record without a list cost counts at its charge: no saving)
 */
public record UsageRow(String group, long requests, long promptTokens, long cachedTokens, long completionTokens,
    long costMicros, long listCostMicros) {

  /** An empty row named {@code group}, to add others to. */
  public static UsageRow zero(String group) {
    return new UsageRow(group, 0, 0, 0, 0, 0, 0);
  }

  /** This row plus {@code other}'s figures, under this row's group; throws if a sum overflows. */
  public UsageRow plus(UsageRow other) {
    return new UsageRow(group, Math.addExact(requests, other.requests),
        Math.addExact(promptTokens, other.promptTokens), Math.addExact(cachedTokens, other.cachedTokens),
        Math.addExact(completionTokens, other.completionTokens), Math.addExact(costMicros, other.costMicros),
        Math.addExact(listCostMicros, other.listCostMicros));
  }
}
