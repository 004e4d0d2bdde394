package dev.shepherd.store;

/**
 * An account whose stored balances differ from the sum of its ledger entries: what
 * {@code shepherd ledger verify} reports. All amounts are micro-USD.
 *
 * @param accountId the account
 * @param storedPaidMicros {@code accounts.paid_micros}
 * @param storedPromoMicros {@code accounts.promo_micros}
 * @param entriesPaidMicros sum of the account's entries' paid amounts (0 without entries)
 * @param entriesPromoMicros sum of the account's entries' promo amounts (0 without entries)
 */
public record BalanceMismatch(String accountId, long storedPaidMicros, long storedPromoMicros,
    long entriesPaidMicros, long entriesPromoMicros) {}
