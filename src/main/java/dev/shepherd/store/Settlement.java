package dev.shepherd.store;

/**
 * The end of one hold: release it and, when something was charged, record the CHARGE.
 *
 * @param hold the hold being released
 * @param charge the CHARGE entry with its paid/promo split decided by the caller (one instance,
 *     whose memory is authoritative), or {@code null} when nothing is charged or when
 *     {@code costMicros} is to be split by the store (shared balances: promo first, from the
 *     stored promo balance)
 * @param costMicros the amount charged (equals the charge's total when {@code charge} is given)
 * @param chargeId entry id for a store-split charge
 * @param requestId reference of a store-split charge
 * @param priceVersion price version of a store-split charge
 * @param createdAt epoch millis
 * @param holdStored false when the hold was never written (opened and settled within one
 *     write-behind batch): there is no row to delete
 */
public record Settlement(HoldRecord hold, LedgerEntry charge, long costMicros, String chargeId, String requestId,
    String priceVersion, long createdAt, boolean holdStored) {

  /** A settlement of a stored hold. */
  public Settlement(HoldRecord hold, LedgerEntry charge, long costMicros, String chargeId, String requestId,
      String priceVersion, long createdAt) {
    this(hold, charge, costMicros, chargeId, requestId, priceVersion, createdAt, true);
  }

  /** This settlement, of a hold that was never written. */
  public Settlement unstored() {
    return new Settlement(hold, charge, costMicros, chargeId, requestId, priceVersion, createdAt, false);
  }
}
