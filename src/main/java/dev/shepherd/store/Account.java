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
 */
public record Account(String id, String name, String currency, long paidMicros, long promoMicros,
    Long promoExpiresAt, long createdAt) {

  /** Paid + promo credit, micro-USD. */
  public long totalMicros() {
    return paidMicros + promoMicros;
  }
}
