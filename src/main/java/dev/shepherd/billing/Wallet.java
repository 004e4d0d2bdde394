package dev.shepherd.billing;

import dev.shepherd.store.Account;
import dev.shepherd.store.LedgerEntry;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The credit of every account on this instance, in memory: balances (paid and promo buckets,
 * micro-USD) and the holds of requests in flight. A request holds its maximum cost before any
 * upstream call and settles its actual cost exactly once when it ends; {@code available = paid +
 * promo − held} never goes below zero through holds, so concurrent requests cannot overspend.
 * Settlement spends promo credit first; a settle above its hold (the upstream used more than
 * the reservation) is charged in full, which is the only way a balance can go below zero.
 *
 * <p>Thread-safe: each account is guarded by its own lock; no I/O happens here (the ledger
 * entries it returns are written behind by the caller).
 */
public final class Wallet {
  private final ConcurrentHashMap<String, Balance> accounts = new ConcurrentHashMap<>();

  /** Loads (or replaces) an account's stored balances. */
  public void load(Account a) {
    Balance b = accounts.computeIfAbsent(a.id(), id -> new Balance());
    synchronized (b) {
      b.paid = a.paidMicros();
      b.promo = a.promoMicros();
    }
  }

  /** Micro-USD the account can still hold, or -1 when the account is unknown here. */
  public long available(String accountId) {
    Balance b = accounts.get(accountId);
    if (b == null) {
      return -1;
    }
    synchronized (b) {
      return b.paid + b.promo - b.held;
    }
  }

  /** Paid, promo and held micro-USD of an account, or {@code null} when unknown. */
  public long[] snapshot(String accountId) {
    Balance b = accounts.get(accountId);
    if (b == null) {
      return null;
    }
    synchronized (b) {
      return new long[] {b.paid, b.promo, b.held};
    }
  }

  /**
   * Holds {@code micros} for one request if the account has that much available.
   *
   * @return the hold, or {@code null} (unknown account, or not enough credit: nothing changed)
   */
  public Hold hold(String accountId, long micros) {
    return hold(accountId, micros, null);
  }

  /** As {@link #hold(String, long)}, the hold carrying its stored form {@code record}. */
  public Hold hold(String accountId, long micros, dev.shepherd.store.HoldRecord record) {
    if (micros < 0) {
      throw new IllegalArgumentException("micros: " + micros + " (expected: >= 0)");
    }
    Balance b = accounts.get(accountId);
    if (b == null) {
      return null;
    }
    synchronized (b) {
      if (b.paid + b.promo - b.held < micros) {
        return null;
      }
      b.held += micros;
    }
    return Hold.granted(accountId, micros, record);
  }

  /**
   * Releases the hold and charges {@code actualMicros}, promo first. Exactly once per hold: a
   * second call returns {@code null} and changes nothing.
   *
   * @return the CHARGE ledger entry to write (amounts negative), or {@code null} for a repeated
   *     settle or a zero charge
   */
  public LedgerEntry settle(Hold hold, long actualMicros, String entryId, String requestId, String priceVersion,
      long nowMillis) {
    if (actualMicros < 0) {
      throw new IllegalArgumentException("actualMicros: " + actualMicros + " (expected: >= 0)");
    }
    if (!hold.settle()) {
      return null;
    }
    Balance b = accounts.get(hold.accountId());
    long fromPromo;
    long fromPaid;
    synchronized (b) {
      b.held -= hold.micros();
      fromPromo = Math.min(Math.max(0, b.promo), actualMicros);
      fromPaid = actualMicros - fromPromo;
      b.promo -= fromPromo;
      b.paid -= fromPaid;
    }
    if (actualMicros == 0) {
      return null;
    }
    return new LedgerEntry(entryId, hold.accountId(), LedgerEntry.Kind.CHARGE, -fromPaid, -fromPromo, requestId,
        null, 0, null, priceVersion, nowMillis);
  }

  /** Applies a credit or debit already recorded in the ledger (top-up, bonus, expiry, …). */
  public void apply(LedgerEntry e) {
    Balance b = accounts.computeIfAbsent(e.accountId(), id -> new Balance());
    synchronized (b) {
      b.paid += e.paidMicros();
      b.promo += e.promoMicros();
    }
  }

  private static final class Balance {
    long paid;
    long promo;
    long held;
  }
}
