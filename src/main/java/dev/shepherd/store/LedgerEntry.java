package dev.shepherd.store;

/**
 * One append-only ledger line. Amounts are micro-USD, positive for credit, negative for debit,
 * split between the paid and promo buckets. Entries are never updated or deleted.
 *
 * @param id unique ({@code le_...}); a retried write with the same id is a no-op
 * @param accountId the account
 * @param kind what happened
 * @param paidMicros change to the paid bucket
 * @param promoMicros change to the promo bucket
 * @param reference idempotency / traceability: top-up reference, request id, code, ...; unique per
 *     (account, kind) when not {@code null}
 * @param currency original currency of a top-up ({@code USD}, {@code CNY}); {@code null} otherwise
 * @param originalMinor the top-up amount in that currency, in its micro-units; 0 otherwise
 * @param rate the plan rate used (USD per unit of {@code currency}) as a decimal string, or {@code null}
 * @param priceVersion the price version a charge used, or {@code null}
 * @param createdAt epoch millis
 */
public record LedgerEntry(String id, String accountId, Kind kind, long paidMicros, long promoMicros,
    String reference, String currency, long originalMinor, String rate, String priceVersion, long createdAt) {

  /** Ledger entry kinds. */
  public enum Kind { TOPUP, BONUS, REDEMPTION, CHARGE, REFUND, EXPIRY, ADJUSTMENT }
}
