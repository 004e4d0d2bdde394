package dev.shepherd.billing;

import dev.shepherd.store.Account;
import dev.shepherd.store.BatchResult;
import dev.shepherd.store.LedgerEntry;
import dev.shepherd.store.UsageRecord;
import io.vertx.core.Context;
import io.vertx.core.Future;

/**
 * Where credit is held and settled. {@link LocalCredit}: one instance, balances and holds in
 * memory (no I/O on the request path; holds and charges written behind). {@link SharedCredit}:
 * several instances on one PostgreSQL, each hold one conditional statement in the database, so
 * together they never hold more than an account has.
 */
public interface Credit {

  /**
   * Holds {@code micros} of the account's credit for request {@code requestId}. The future
   * completes on {@code context} with a granted hold, or a refusal (not enough credit, or an
   * unknown account) carrying what was available.
   */
  Future<Hold> hold(Context context, String accountId, long micros, String requestId, long nowMillis);

  /**
   * Releases the hold and charges {@code costMicros} (promo credit first), exactly once: a repeat
   * returns false and changes nothing. The charge and {@code usage} are written behind.
   */
  boolean settle(Hold hold, long costMicros, String priceVersion, UsageRecord usage, long nowMillis);

  /** Live paid, promo and held micro-USD when this instance knows them, else {@code null} (read the store). */
  long[] snapshot(String accountId);

  /** A new or reloaded account (admin API). */
  void load(Account account);

  /** A credit or debit already committed to the store (top-up, bonus, redemption, expiry). */
  void apply(LedgerEntry entry);

  /**
   * Writes off the promo credit of accounts whose promo expiry is at or before {@code nowMillis},
   * exactly once per expiry: an EXPIRY entry of minus the remaining promo (never below zero).
   * Blocks (store I/O with shared balances): call it from a virtual thread, never an event loop.
   *
   * @return the EXPIRY entries, and the balances they lowered when already applied to the store
   *     (one instance queues its entries behind the charges that preceded them; their drops are
   *     reported by the {@link LedgerWriter} when written)
   */
  BatchResult expirePromo(long nowMillis);

  /** True when balances live in the shared database rather than in this process. */
  boolean shared();
}
