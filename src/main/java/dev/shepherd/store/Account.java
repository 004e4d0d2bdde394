package dev.shepherd.store;

/**
 * A customer account: it owns keys and a wallet. Balances are derived from the ledger; the stored
 * figures are a cache that {@code shepherd ledger verify} checks against the sum of entries.
 *
 * @param id stable identifier ({@code acct_...})
 * @param name display name
 * @param currency the currency its top-ups are usually made in (reports); credit is always USD
 * @param paidMicros paid credit, micro-USD (may go negative only by a settle exceeding its hold)
 * @param promoMicros promotional credit, micro-USD (spent first, may expire)
 * @param promoExpiresAt epoch millis the promo credit expires, or {@code null}
 * @param createdAt epoch millis
 * @param heldMicros credit held by requests in flight, as stored (the sum of the account's stored
 *     holds; 0 on a single instance, whose holds live in memory and are written behind)
 */
public record Account(String id, String name, String currency, long paidMicros, long promoMicros,
    Long promoExpiresAt, long createdAt, long heldMicros) {

  /** An account with nothing held. */
  public Account(String id, String name, String currency, long paidMicros, long promoMicros, Long promoExpiresAt,
      long createdAt) {
    this(id, name, currency, paidMicros, promoMicros, promoExpiresAt, createdAt, 0);
  }

  /** Paid + promo credit, micro-USD. */
  public long totalMicros() {
    return paidMicros + promoMicros;
  }
}
