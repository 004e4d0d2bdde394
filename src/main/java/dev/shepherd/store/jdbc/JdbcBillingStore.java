package dev.shepherd.store.jdbc;

import static dev.shepherd.store.jdbc.LedgerRows.ACCOUNT_COLUMNS;
import static dev.shepherd.store.jdbc.LedgerRows.ENTRY_COLUMNS;

import dev.shepherd.store.Account;
import dev.shepherd.store.BalanceMismatch;
import dev.shepherd.store.BatchResult;
import dev.shepherd.store.BillingBatch;
import dev.shepherd.store.BillingStore;
import dev.shepherd.store.HoldRecord;
import dev.shepherd.store.HoldRecovery;
import dev.shepherd.store.CodeBatch;
import dev.shepherd.store.LedgerEntry;
import dev.shepherd.store.Redemption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * {@link BillingStore} over the {@code accounts} and {@code ledger_entries} tables; the same SQL
 * runs on SQLite (3.24+) and PostgreSQL. Entries are only ever inserted, and always in the same
 * transaction as the balance update they cause. Accounts are locked in id order, so two batches
 * never deadlock on each other's accounts. Failures surface as
 * {@link dev.shepherd.store.StoreException} naming the operation.
 */
final class JdbcBillingStore implements BillingStore {

  private static final String INSERT_ACCOUNT =
      "INSERT INTO accounts (" + ACCOUNT_COLUMNS + ") VALUES (?, ?, ?, 0, 0, ?, ?, 0)";
  private static final String GET_ACCOUNT =
      "SELECT " + ACCOUNT_COLUMNS + " FROM accounts WHERE id = ?";
  private static final String LIST_ACCOUNTS =
      "SELECT " + ACCOUNT_COLUMNS + " FROM accounts ORDER BY created_at DESC, id DESC";
  private static final String ACCOUNT_EXISTS = "SELECT 1 FROM accounts WHERE id = ?";
  private static final String INSERT_ENTRY =
      "INSERT INTO ledger_entries (" + ENTRY_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
          + " ON CONFLICT DO NOTHING";
  private static final String ADD_TO_BALANCE =
      "UPDATE accounts SET paid_micros = paid_micros + ?, promo_micros = promo_micros + ?"
          + " WHERE id = ?";
  private static final String ADD_IF_COVERED =
      ADD_TO_BALANCE + " AND paid_micros + promo_micros + ? >= 0";
  private static final String LIST_ENTRIES =
      "SELECT " + ENTRY_COLUMNS + " FROM ledger_entries WHERE account_id = ?"
          + " ORDER BY created_at DESC, id DESC LIMIT ?";
  private static final String HAS_REFERENCE =
      "SELECT 1 FROM ledger_entries WHERE account_id = ? AND kind = ? AND reference = ?";
  private static final String COUNT_ENTRIES = "SELECT COUNT(*) FROM ledger_entries";
  private static final String MISMATCHES =
      "SELECT a.id, a.paid_micros, a.promo_micros,"
          + " COALESCE(s.paid, 0) AS sum_paid, COALESCE(s.promo, 0) AS sum_promo"
          + " FROM accounts a LEFT JOIN (SELECT account_id, SUM(paid_micros) AS paid,"
          + " SUM(promo_micros) AS promo FROM ledger_entries GROUP BY account_id) s"
          + " ON s.account_id = a.id"
          + " WHERE a.paid_micros <> COALESCE(s.paid, 0) OR a.promo_micros <> COALESCE(s.promo, 0)"
          + " ORDER BY a.id";

  private final Sql sql;

  JdbcBillingStore(Sql sql) {
    this.sql = sql;
  }

  @Override
  public void createAccount(Account account) {
    Objects.requireNonNull(account, "account");
    if (account.paidMicros() != 0 || account.promoMicros() != 0) {
      throw new IllegalArgumentException("a new account starts at zero: credit it with entries");
    }
    sql.write(
        "billing.createAccount",
        c -> {
          try (PreparedStatement ps = c.prepareStatement(INSERT_ACCOUNT)) {
            ps.setString(1, account.id());
            ps.setString(2, account.name());
            ps.setString(3, account.currency());
            Sql.setLong(ps, 4, account.promoExpiresAt());
            ps.setLong(5, account.createdAt());
            return ps.executeUpdate();
          }
        });
  }

  @Override
  public Optional<Account> account(String id) {
    Objects.requireNonNull(id, "id");
    return sql.read(
        "billing.account",
        c -> {
          try (PreparedStatement ps = c.prepareStatement(GET_ACCOUNT)) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
              return rs.next() ? Optional.of(LedgerRows.account(rs)) : Optional.empty();
            }
          }
        });
  }

  @Override
  public List<Account> accounts() {
    return sql.read(
        "billing.accounts",
        c -> {
          try (PreparedStatement ps = c.prepareStatement(LIST_ACCOUNTS);
              ResultSet rs = ps.executeQuery()) {
            List<Account> out = new ArrayList<>();
            while (rs.next()) {
              out.add(LedgerRows.account(rs));
            }
            return List.copyOf(out);
          }
        });
  }

  @Override
  public List<LedgerEntry> append(List<LedgerEntry> entries) {
    Objects.requireNonNull(entries, "entries");
    entries.forEach(JdbcBillingStore::requireComplete);
    if (entries.isEmpty()) {
      return List.of();
    }
    return sql.transaction(
        "billing.append",
        c -> {
          for (String accountId : new TreeSet<>(entries.stream().map(LedgerEntry::accountId).toList())) {
            requireAccount(c, accountId);
          }
          List<LedgerEntry> applied = new ArrayList<>();
          Map<String, long[]> deltas = new TreeMap<>(); // id order: a stable lock order
          for (LedgerEntry e : entries) {
            if (insert(c, e)) {
              applied.add(e);
              long[] d = deltas.computeIfAbsent(e.accountId(), k -> new long[2]);
              d[0] = Math.addExact(d[0], e.paidMicros());
              d[1] = Math.addExact(d[1], e.promoMicros());
            }
          }
          try (PreparedStatement ps = c.prepareStatement(ADD_TO_BALANCE)) {
            for (Map.Entry<String, long[]> d : deltas.entrySet()) {
              ps.setLong(1, d.getValue()[0]);
              ps.setLong(2, d.getValue()[1]);
              ps.setString(3, d.getKey());
              if (ps.executeUpdate() != 1) {
                throw unknownAccount(d.getKey());
              }
            }
          }
          return List.copyOf(applied);
        });
  }

  @Override
  public List<LedgerEntry> appendIfCovered(LedgerEntry debit) {
    requireComplete(debit);
    long total = Math.addExact(debit.paidMicros(), debit.promoMicros());
    if (total > 0) {
      throw new IllegalArgumentException("appendIfCovered takes debits only, got a credit");
    }
    return sql.transaction(
        "billing.appendIfCovered",
        c -> {
          // The row lock taken by this UPDATE serialises concurrent debits of one account; each
          // re-checks the condition against the balance its predecessor committed.
          try (PreparedStatement ps = c.prepareStatement(ADD_IF_COVERED)) {
            ps.setLong(1, debit.paidMicros());
            ps.setLong(2, debit.promoMicros());
            ps.setString(3, debit.accountId());
            ps.setLong(4, total);
            if (ps.executeUpdate() != 1) {
              requireAccount(c, debit.accountId());
              return List.<LedgerEntry>of(); // not covered; nothing was changed
            }
          }
          if (!insert(c, debit)) {
            throw new Sql.Rollback(List.<LedgerEntry>of()); // already recorded: undo the debit
          }
          return List.of(debit);
        });
  }

  @Override
  public BatchResult write(BillingBatch batch) {
    Objects.requireNonNull(batch, "batch");
    batch.entries().forEach(JdbcBillingStore::requireComplete);
    if (batch.isEmpty()) {
      return BatchResult.EMPTY;
    }
    return sql.transaction("billing.write", c -> BatchWrites.apply(c, sql.dialect(), batch));
  }

  @Override
  public List<Account> promoExpiredBy(long nowMillis) {
    return PromoExpiries.due(sql, nowMillis);
  }

  @Override
  public BatchResult expirePromo(String accountId, long expiresAtMillis, String entryId, long nowMillis) {
    Objects.requireNonNull(accountId, "accountId");
    Objects.requireNonNull(entryId, "entryId");
    return PromoExpiries.expire(sql, accountId, expiresAtMillis, entryId, nowMillis);
  }

  @Override
  public Map<String, Long> spendByKeySince(long sinceMillis) {
    return KeySpend.since(sql, sinceMillis);
  }

  @Override
  public boolean holdIfCovered(HoldRecord hold) {
    Objects.requireNonNull(hold, "hold");
    return Holds.holdIfCovered(sql, hold);
  }

  @Override
  public void registerInstance(String instanceId, long nowMillis) {
    Holds.register(sql, instanceId, nowMillis);
  }

  @Override
  public void heartbeat(String instanceId, long nowMillis) {
    Holds.heartbeat(sql, instanceId, nowMillis, false);
  }

  @Override
  public void stopInstance(String instanceId, long nowMillis) {
    Holds.heartbeat(sql, instanceId, nowMillis, true);
  }

  @Override
  public List<HoldRecovery> releaseStaleHolds(String self, long staleBeforeMillis, long nowMillis) {
    return Holds.releaseStale(sql, self, staleBeforeMillis, nowMillis, () -> "hr_" + java.util.UUID.randomUUID());
  }

  @Override
  public List<HoldRecovery> recoveries(int limit) {
    return Holds.recoveries(sql, limit);
  }

  @Override
  public long[] outstandingHolds() {
    return sql.read("billing.outstandingHolds", c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*), COALESCE(SUM(micros), 0) FROM holds");
          ResultSet rs = ps.executeQuery()) {
        rs.next();
        return new long[] {rs.getLong(1), rs.getLong(2)};
      }
    });
  }

  @Override
  public List<String> heldMismatches() {
    return Holds.heldMismatches(sql);
  }

  @Override
  public void createCodes(CodeBatch batch, List<String> codeHashes) {
    Objects.requireNonNull(batch, "batch");
    Objects.requireNonNull(codeHashes, "codeHashes");
    sql.transaction("billing.createCodes", c -> {
      Codes.insert(c, batch, codeHashes);
      return null;
    });
  }

  @Override
  public Redemption redeem(String codeHash, String accountId, String entryId, long nowMillis) {
    Objects.requireNonNull(codeHash, "codeHash");
    Objects.requireNonNull(accountId, "accountId");
    Objects.requireNonNull(entryId, "entryId");
    return sql.transaction(
        "billing.redeem",
        c -> {
          requireAccount(c, accountId);
          Codes.Found found = Codes.find(c, codeHash);
          if (found == null) {
            return Redemption.refusal(Redemption.Outcome.UNKNOWN);
          }
          if (found.expiresAt() != null && nowMillis >= found.expiresAt()) {
            return Redemption.refusal(Redemption.Outcome.EXPIRED);
          }
          if (hasReference(c, accountId, LedgerEntry.Kind.REDEMPTION, codeHash)) {
            return Redemption.refusal(Redemption.Outcome.ALREADY_REDEEMED);
          }
          // The row lock taken by this UPDATE serialises concurrent redemptions of one code; each
          // re-checks uses < max_uses against the count its predecessor committed.
          if (!Codes.use(c, codeHash, found.maxUses())) {
            return Redemption.refusal(Redemption.Outcome.USED_UP);
          }
          LedgerEntry e = new LedgerEntry(entryId, accountId, LedgerEntry.Kind.REDEMPTION, found.valueMicros(), 0,
              codeHash, null, 0, null, null, nowMillis);
          if (!insert(c, e)) { // the same account, concurrently: undo the use
            throw new Sql.Rollback(Redemption.refusal(Redemption.Outcome.ALREADY_REDEEMED));
          }
          try (PreparedStatement ps = c.prepareStatement(ADD_TO_BALANCE)) {
            ps.setLong(1, e.paidMicros());
            ps.setLong(2, 0);
            ps.setString(3, accountId);
            ps.executeUpdate();
          }
          return new Redemption(Redemption.Outcome.APPLIED, e);
        });
  }

  @Override
  public List<LedgerEntry> entries(String accountId, int limit) {
    Objects.requireNonNull(accountId, "accountId");
    if (limit < 0) {
      throw new IllegalArgumentException("limit must be >= 0");
    }
    return sql.read(
        "billing.entries",
        c -> {
          try (PreparedStatement ps = c.prepareStatement(LIST_ENTRIES)) {
            ps.setString(1, accountId);
            ps.setInt(2, limit);
            try (ResultSet rs = ps.executeQuery()) {
              List<LedgerEntry> out = new ArrayList<>();
              while (rs.next()) {
                out.add(LedgerRows.entry(rs));
              }
              return List.copyOf(out);
            }
          }
        });
  }

  @Override
  public boolean hasReference(String accountId, LedgerEntry.Kind kind, String reference) {
    Objects.requireNonNull(accountId, "accountId");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(reference, "reference");
    return sql.read(
        "billing.hasReference",
        c -> {
          return hasReference(c, accountId, kind, reference);
        });
  }

  private static boolean hasReference(Connection c, String accountId, LedgerEntry.Kind kind, String reference)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(HAS_REFERENCE)) {
      ps.setString(1, accountId);
      ps.setString(2, kind.name());
      ps.setString(3, reference);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }

  @Override
  public long entryCount() {
    return sql.read(
        "billing.entryCount",
        c -> {
          try (PreparedStatement ps = c.prepareStatement(COUNT_ENTRIES);
              ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
          }
        });
  }

  @Override
  public List<BalanceMismatch> mismatches() {
    return sql.read(
        "billing.verify",
        c -> {
          try (PreparedStatement ps = c.prepareStatement(MISMATCHES);
              ResultSet rs = ps.executeQuery()) {
            List<BalanceMismatch> out = new ArrayList<>();
            while (rs.next()) {
              out.add(
                  new BalanceMismatch(
                      rs.getString("id"),
                      rs.getLong("paid_micros"),
                      rs.getLong("promo_micros"),
                      rs.getLong("sum_paid"),
                      rs.getLong("sum_promo")));
            }
            return List.copyOf(out);
          }
        });
  }

  @Override
  public VerifyPage verifyPage(String afterId, int limit) {
    return LedgerVerify.page(sql, afterId, limit);
  }

  /** Inserts {@code e} unless its id or (account, kind, reference) exists; true if inserted. */
  private static boolean insert(Connection c, LedgerEntry e) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(INSERT_ENTRY)) {
      LedgerRows.bindEntry(ps, e);
      return ps.executeUpdate() == 1;
    }
  }

  private static void requireAccount(Connection c, String accountId) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(ACCOUNT_EXISTS)) {
      ps.setString(1, accountId);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          throw unknownAccount(accountId);
        }
      }
    }
  }

  private static SQLException unknownAccount(String accountId) {
    return new SQLException("unknown account " + accountId);
  }

  private static void requireComplete(LedgerEntry e) {
    Objects.requireNonNull(e, "entry");
    Objects.requireNonNull(e.id(), "entry.id");
    Objects.requireNonNull(e.accountId(), "entry.accountId");
    Objects.requireNonNull(e.kind(), "entry.kind");
  }
}
