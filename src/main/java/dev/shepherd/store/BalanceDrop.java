package dev.shepherd.store;

/**
 * An account balance lowered by one store transaction (charges or a promo expiry), as that
 * transaction saw it under the account's row lock: the transactions that change one account are
 * serialised, so a fall from at or above a threshold to below it shows in exactly one drop.
 *
 * @param accountId the account
 * @param beforeMicros paid + promo before the transaction, micro-USD
 * @param afterMicros paid + promo after it (lower), micro-USD
 */
public record BalanceDrop(String accountId, long beforeMicros, long afterMicros) {

  /** True when this drop took the balance from {@code >= threshold} to {@code < threshold}. */
  public boolean crosses(long thresholdMicros) {
    return beforeMicros >= thresholdMicros && afterMicros < thresholdMicros;
  }
}
