package dev.shepherd.store;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Accounts and their append-only ledger. Every method blocks (JDBC): call it off the event loop.
 * {@link #append} applies entries and the account balances they change in one transaction, so
 * stored balances always equal the sum of their entries ({@link #verify} proves it).
 */
public interface BillingStore {

  /**
   * Creates an account with zero balances (credit arrives only through ledger entries).
   *
   * @throws IllegalArgumentException if {@code account} carries a non-zero balance
   * @throws StoreException with {@link StoreException#isConflict()} if the id exists
   */
  void createAccount(Account account);

  Optional<Account> account(String id);

  List<Account> accounts();

  /**
   * Appends entries (a batch from the write-behind queue) and updates the balances of their
   * accounts, in one transaction. An entry whose id, or whose (account, kind, reference), already
   * exists is skipped, so a retried batch is harmless. Returns the entries actually applied.
   *
   * @throws StoreException naming the account if an entry's account does not exist; nothing of
   *     the batch is applied then
   */
  List<LedgerEntry> append(List<LedgerEntry> entries);

  /**
   * Applies one debit only if the account's paid + promo total stays at or above zero after it:
   * in one transaction, a conditional balance update and then the entry, or nothing. The database
   * arbitrates the condition, so several Shepherd instances sharing one PostgreSQL (or threads
   * sharing one SQLite file) can never together spend more than the account holds.
   *
   * <p>Only the total is guarded; how the debit splits between paid and promo is the caller's.
   *
   * @param debit an entry whose paid + promo amount is negative or zero
   * @return the applied entry, or an empty list when the balance does not cover it or the entry
   *     (its id, or its account, kind and reference) is already recorded
   * @throws IllegalArgumentException if the entry would add credit
   * @throws StoreException naming the account if it does not exist
   */
  List<LedgerEntry> appendIfCovered(LedgerEntry debit);

  /**
   * Applies one write-behind batch in one transaction: stored holds opened and released, charges
   * (split as given, or promo first from the stored balance when the settlement leaves it to the
   * store), other entries, usage records. Idempotent: holds and entries by id, usage records by
   * request id; a retried batch changes nothing twice. An EXPIRY entry referenced
   * {@link #expiryReference expiry:T} also clears the account's {@code promo_expires_at} while it
   * is still T. Returns the ledger entries inserted and the balances the batch lowered.
   *
   * @throws StoreException naming the account if an account does not exist; nothing is applied
   */
  BatchResult write(BillingBatch batch);

  /**
   * The reference of the EXPIRY entry that writes off promo credit expiring at
   * {@code expiresAtMillis}: {@code expiry:} and the ISO-8601 instant. The ledger's unique
   * (account, kind, reference) index makes a second write-off of the same expiry impossible.
   */
  static String expiryReference(long expiresAtMillis) {
    return "expiry:" + Instant.ofEpochMilli(expiresAtMillis);
  }

  /** Accounts whose promo credit expires at or before {@code nowMillis}, earliest expiry first. */
  List<Account> promoExpiredBy(long nowMillis);

  /**
   * Writes off the account's promo credit that expires at {@code expiresAtMillis}, in one
   * transaction (the account row locked first): an EXPIRY entry of minus the remaining promo
   * (never below zero; an entry of zero when it was all spent), the promo bucket set to zero and
   * {@code promo_expires_at} cleared. Nothing happens when the account's expiry is no longer
   * {@code expiresAtMillis} (already written off, here or by another instance).
   *
   * @return the entry and the balance drop, or {@link BatchResult#EMPTY}
   * @throws StoreException naming the account if it does not exist
   */
  BatchResult expirePromo(String accountId, long expiresAtMillis, String entryId, long nowMillis);

  /**
   * Micro-USD charged per key ({@code usage_records.cost_micros} by {@code key_id}) for requests
   * started at or after {@code sinceMillis}; keys without such records are absent.
   */
  Map<String, Long> spendByKeySince(long sinceMillis);

  /**
   * Shared balances: holds {@code hold.micros()} if the account's stored {@code paid + promo − held}
   * covers it, recording the hold, atomically (one statement on PostgreSQL). Instances sharing the
   * database therefore never hold more than an account has.
   *
   * @return false when not covered (or the account is unknown); nothing changed then
   */
  boolean holdIfCovered(HoldRecord hold);

  /** Records a starting gateway instance. */
  void registerInstance(String instanceId, long nowMillis);

  /** Marks the instance alive at {@code nowMillis}. */
  void heartbeat(String instanceId, long nowMillis);

  /** Marks the instance stopped cleanly (after its last batch was written). */
  void stopInstance(String instanceId, long nowMillis);

  /**
   * Releases the stored holds of dead instances (not {@code self}; not stopped and heartbeat before
   * {@code staleBeforeMillis}, or stopped with holds left) and records what was released. Each
   * hold was a request in flight when its instance died: its charge is lost, and counted here.
   */
  List<HoldRecovery> releaseStaleHolds(String self, long staleBeforeMillis, long nowMillis);

  /** Past releases of stale holds, newest first. */
  List<HoldRecovery> recoveries(int limit);

  /** Stored holds outstanding: {count, micro-USD}. */
  long[] outstandingHolds();

  /** Accounts whose stored held amount differs from the sum of their stored holds (empty when all agree). */
  List<String> heldMismatches();

  /** The account's entries, newest first, at most {@code limit}. */
  List<LedgerEntry> entries(String accountId, int limit);

  /** Whether an entry with this (account, kind, reference) exists. */
  boolean hasReference(String accountId, LedgerEntry.Kind kind, String reference);

  /**
   * Stores a batch and its codes (SHA-256 hashes, never plaintext), in one transaction.
   *
   * @throws StoreException with {@link StoreException#isConflict()} if the batch id or a code exists;
   *     nothing is stored then
   */
  void createCodes(CodeBatch batch, List<String> codeHashes);

  /**
   * Redeems a code for an account, in one transaction: refuses an unknown code, an expired batch
   * ({@code nowMillis >= expires_at}), a code this account already redeemed, or one at its
   * {@code max_uses}; otherwise counts the use (a conditional update, so concurrent redemptions
   * never exceed {@code max_uses}), records a REDEMPTION entry crediting the batch value to the
   * paid bucket with the code hash as reference, and updates the balance. A refusal changes nothing.
   *
   * @throws StoreException naming the account if it does not exist
   */
  Redemption redeem(String codeHash, String accountId, String entryId, long nowMillis);

  /** Number of ledger entries, all accounts. */
  long entryCount();

  /**
   * Accounts whose stored balances differ from the sum of their entries, by id, with both
   * figures; empty when all agree. One SQL statement, so it sees one consistent snapshot even
   * while entries are being appended.
   */
  List<BalanceMismatch> mismatches();

  /**
   * One page of a verification that goes account by account (to report progress): the first
   * {@code limit} accounts with an id after {@code afterId} ({@code ""}: from the first), in the
   * database's id order, each checked like {@link #mismatches()}.
   */
  default VerifyPage verifyPage(String afterId, int limit) {
    List<String> ids = accounts().stream().map(Account::id).filter(id -> id.compareTo(afterId) > 0).sorted()
        .limit(limit).toList();
    java.util.Set<String> page = java.util.Set.copyOf(ids);
    return new VerifyPage(ids.size(), ids.isEmpty() ? afterId : ids.getLast(),
        mismatches().stream().filter(m -> page.contains(m.accountId())).toList());
  }

  /**
   * A page of {@link #verifyPage}.
   *
   * @param accounts accounts checked in this page (fewer than asked: the last page)
   * @param lastId the last account id checked, where the next page starts
   * @param mismatches the accounts of the page whose balances differ from their entries
   */
  record VerifyPage(int accounts, String lastId, List<BalanceMismatch> mismatches) {}

  /** Ids of the accounts whose stored balances differ from the sum of their entries (empty when all agree). */
  default List<String> verify() {
    return mismatches().stream().map(BalanceMismatch::accountId).toList();
  }
}
