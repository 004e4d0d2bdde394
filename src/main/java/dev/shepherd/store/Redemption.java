package dev.shepherd.store;

/**
 * The result of {@link BillingStore#redeem}: either {@link Outcome#APPLIED} with the REDEMPTION
 * entry that was recorded, or the reason nothing was changed (and no entry).
 *
 * @param outcome what happened
 * @param entry the applied entry, non-null exactly when {@code outcome} is {@link Outcome#APPLIED}
 */
public record Redemption(Outcome outcome, LedgerEntry entry) {

  /** Why a redemption did or did not apply. */
  public enum Outcome {
    /** Credited: the entry and the balance update are committed. */
    APPLIED,
    /** No such code. */
    UNKNOWN,
    /** The code's batch has expired. */
    EXPIRED,
    /** The code has reached its batch's {@code max_uses}. */
    USED_UP,
    /** This account has already redeemed this code. */
    ALREADY_REDEEMED
  }

  public Redemption {
    if ((outcome == Outcome.APPLIED) != (entry != null)) {
      throw new IllegalArgumentException("an entry comes with APPLIED and only with it");
    }
  }

  /** A refusal (any outcome but {@link Outcome#APPLIED}). */
  public static Redemption refusal(Outcome outcome) {
    return new Redemption(outcome, null);
  }
}
