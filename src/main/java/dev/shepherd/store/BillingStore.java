package dev.shepherd.store;

import java.util.List;
import java.util.Optional;

/**
 * Accounts and their append-only ledger. Every method blocks (JDBC): call it off the event loop.
 * {@link #append} applies entries and the account balances they change in one transaction, so
 * stored balances always equal the sum of their entries ({@link #verify} proves it).
 */
public interface BillingStore {

  /** Creates an account with zero balances. */
  void createAccount(Account account);

  Optional<Account> account(String id);

  List<Account> accounts();

  /**
   * Appends entries (a batch from the write-behind queue) and updates the balances of their
   * accounts, in one transaction. An entry whose id, or whose (account, kind, reference), already
   * exists is skipped, so a retried batch is harmless. Returns the entries actually applied.
   */
  List<LedgerEntry> append(List<LedgerEntry> entries);

  /** The account's entries, newest first, at most {@code limit}. */
  List<LedgerEntry> entries(String accountId, int limit);

  /** Whether an entry with this (account, kind, reference) exists. */
  boolean hasReference(String accountId, LedgerEntry.Kind kind, String reference);

  /** Accounts whose stored balances differ from the sum of their entries (empty when all agree). */
  List<String> verify();
}
