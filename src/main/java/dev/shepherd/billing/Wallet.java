package dev.shepherd.billing;

import dev.shepherd.store.Account;
import dev.shepherd.store.BillingStore;
import dev.shepherd.store.LedgerEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The credit of every account on this instance, in memory: balances (paid and promo buckets,
 * micro-USD) and the holds of requests in flight. A request holds its maximum cost before any
 * upstream call and settles its actual cost exactly once when it ends; {@code available = paid +
 * promo − held} never goes below zero through holds, so concurrent requests cannot overspend.
 * Settlement spends promo credit first; a settle above its hold (the upstream used more than
 * the reservation) is charged in full, which is the only way a balance can go below zero. Promo
 * credit lapses at its expiry ({@link #expirePromo}).
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
      b.promoExpiresAt = a.promoExpiresAt();
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

  /**
   * Writes off the promo credit of every account whose promo expiry is at or before
   * {@code nowMillis}: the promo bucket goes to zero (a negative promo is left alone) and the
   * expiry is cleared, under the account's lock, so a settle running at the same time charges its
   * promo share either before the write-off or not at all. Exactly once per expiry: the expiry is
   * gone once written off. Holds are untouched: a request in flight that counted on the promo is
   * still charged in full when it settles (its paid bucket may go below zero).
   *
   * @return the EXPIRY entries to write, one per expiry, {@code −remaining promo} (zero when the
   *     promo was already spent), referenced {@link BillingStore#expiryReference}
   */
  public List<LedgerEntry> expirePromo(long nowMillis, Supplier<String> entryIds) {
    List<LedgerEntry> out = new ArrayList<>();
    for (Map.Entry<String, Balance> e : accounts.entrySet()) {
      Balance b = e.getValue();
      long amount;
      long expiresAt;
      synchronized (b) {
        if (b.promoExpiresAt == null || b.promoExpiresAt > nowMillis) {
          continue;
        }
        expiresAt = b.promoExpiresAt;
        amount = Math.max(0, b.promo);
        b.promo -= amount;
        b.promoExpiresAt = null;
      }
      out.add(new LedgerEntry(entryIds.get(), e.getKey(), LedgerEntry.Kind.EXPIRY, 0, -amount,
          BillingStore.expiryReference(expiresAt), null, 0, null, null, nowMillis));
    }
    return out;
  }

  /** When the account's promo credit expires (epoch millis), or {@code null} (none, or unknown account). */
  public Long promoExpiresAt(String accountId) {
    Balance b = accounts.get(accountId);
    if (b == null) {
      return null;
    }
    synchronized (b) {
      return b.promoExpiresAt;
    }
  }

  private static final class Balance {
    long paid;
    long promo;
    long held;
    Long promoExpiresAt;
  }
}
