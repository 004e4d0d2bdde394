package dev.shepherd.store.jdbc;

import dev.shepherd.store.BalanceDrop;
import dev.shepherd.store.BatchResult;
import dev.shepherd.store.BillingBatch;
import dev.shepherd.store.HoldRecord;
import dev.shepherd.store.LedgerEntry;
import dev.shepherd.store.Settlement;
import dev.shepherd.store.UsageRecord;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * Applies a {@link BillingBatch} inside the caller's transaction. Work is grouped by account and
 * done in account-id order, so batches from several instances lock accounts in the same order and
 * cannot deadlock. Every step is idempotent (holds and entries by id, usage by request id), so a
 * retried batch changes nothing twice.
 */
final class BatchWrites {
  private static final String INSERT_HOLD =
      "INSERT INTO holds (id, account_id, instance_id, micros, created_at) VALUES (?, ?, ?, ?, ?)"
          + " ON CONFLICT DO NOTHING";
  private static final String INSERT_ENTRY =
      "INSERT INTO ledger_entries (" + LedgerRows.ENTRY_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
          + " ON CONFLICT DO NOTHING";
  private static final String DELETE_HOLD = "DELETE FROM holds WHERE id = ?";
  private static final String ADD_HELD = "UPDATE accounts SET held_micros = held_micros + ? WHERE id = ?";
  /** SQLite (3.35+) and PostgreSQL both return the updated row: the balance after, in the same statement. */
  private static final String ADD_TO_BALANCE =
      "UPDATE accounts SET paid_micros = paid_micros + ?, promo_micros = promo_micros + ? WHERE id = ?"
          + " RETURNING paid_micros + promo_micros";
  private static final String INSERT_USAGE =
      "INSERT INTO usage_records (request_id, account_id, key_id, model, deployment, endpoint, outcome,"
          + " usage_source, prompt_tokens, cached_tokens, completion_tokens, cost_micros, list_cost_micros,"
          + " price_version, created_at, duration_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
          + " ON CONFLICT DO NOTHING";

  private BatchWrites() {}

  /** One account's share of a batch. */
  private static final class AccountWork {
    final List<HoldRecord> opened = new ArrayList<>();
    final List<Settlement> settled = new ArrayList<>();
    final List<LedgerEntry> entries = new ArrayList<>();
  }

  /** Prepared statements reused across a batch's rows (preparing dominates a small insert on SQLite). */
  private static final class Statements implements AutoCloseable {
    private final Connection c;
    private final java.util.Map<String, PreparedStatement> bySql = new java.util.HashMap<>();

    Statements(Connection c) {
      this.c = c;
    }

    PreparedStatement get(String sql) throws SQLException {
      PreparedStatement ps = bySql.get(sql);
      if (ps == null) {
        ps = c.prepareStatement(sql);
        bySql.put(sql, ps);
      }
      return ps;
    }

    @Override
    public void close() throws SQLException {
      for (PreparedStatement ps : bySql.values()) {
        ps.close();
      }
    }
  }

  /** Applies {@code batch}; returns the ledger entries actually inserted and the balances lowered. */
  static BatchResult apply(Connection c, Dialect dialect, BillingBatch batch) throws SQLException {
    try (Statements st = new Statements(c)) {
      return apply(st, c, dialect, batch);
    }
  }

  private static BatchResult apply(Statements st, Connection c, Dialect dialect, BillingBatch batch)
      throws SQLException {
    TreeMap<String, AccountWork> byAccount = new TreeMap<>();
    batch.opened().forEach(h -> byAccount.computeIfAbsent(h.accountId(), k -> new AccountWork()).opened.add(h));
    batch.settled().forEach(s -> byAccount.computeIfAbsent(s.hold().accountId(), k -> new AccountWork()).settled.add(s));
    batch.entries().forEach(e -> byAccount.computeIfAbsent(e.accountId(), k -> new AccountWork()).entries.add(e));
    List<LedgerEntry> applied = new ArrayList<>();
    List<BalanceDrop> drops = new ArrayList<>();
    for (var w : byAccount.entrySet()) {
      applyAccount(st, c, dialect, w.getKey(), w.getValue(), applied, drops);
    }
    insertUsage(c, batch.usage());
    return new BatchResult(applied, drops);
  }

  private static void applyAccount(Statements st, Connection c, Dialect dialect, String accountId, AccountWork w,
      List<LedgerEntry> applied, List<BalanceDrop> drops) throws SQLException {
    long heldDelta = 0;
    for (HoldRecord h : w.opened) {
      if (bindHold(st.get(INSERT_HOLD), h).executeUpdate() == 1) {
        heldDelta += h.micros();
      }
    }
    for (Settlement s : w.settled) {
      if (s.holdStored() && deleteHold(st.get(DELETE_HOLD), s.hold().id())) {
        heldDelta -= s.hold().micros();
      }
    }
    if (heldDelta != 0) {
      update(c, ADD_HELD, heldDelta, accountId);
    }
    List<LedgerEntry> entries = new ArrayList<>(w.entries);
    for (Settlement s : w.settled) {
      if (s.charge() != null) {
        entries.add(s.charge());
      } else if (s.costMicros() > 0) {
        entries.add(storeSplitCharge(c, dialect, s, entries));
      }
    }
    long paid = 0;
    long promo = 0;
    for (LedgerEntry e : entries) {
      if (insertEntry(st.get(INSERT_ENTRY), e)) {
        applied.add(e);
        paid = Math.addExact(paid, e.paidMicros());
        promo = Math.addExact(promo, e.promoMicros());
        if (e.kind() == LedgerEntry.Kind.EXPIRY) {
          PromoExpiries.cleared(c, e);
        }
      }
    }
    if (paid != 0 || promo != 0) {
      try (PreparedStatement ps = c.prepareStatement(ADD_TO_BALANCE)) {
        ps.setLong(1, paid);
        ps.setLong(2, promo);
        ps.setString(3, accountId);
        try (ResultSet rs = ps.executeQuery()) {
          if (!rs.next()) {
            throw new SQLException("unknown account " + accountId);
          }
          long delta = Math.addExact(paid, promo);
          if (delta < 0) {
            long after = rs.getLong(1);
            drops.add(new BalanceDrop(accountId, after - delta, after));
          }
        }
      }
    }
  }

  /**
   * A charge split by the stored balance (shared balances): promo first, as far as the stored promo
   * less the promo already charged earlier in this batch reaches.
   */
  private static LedgerEntry storeSplitCharge(Connection c, Dialect dialect, Settlement s, List<LedgerEntry> earlier)
      throws SQLException {
    String accountId = s.hold().accountId();
    long promo = storedPromo(c, dialect, accountId);
    for (LedgerEntry e : earlier) {
      promo += e.promoMicros();
    }
    long fromPromo = Math.min(Math.max(0, promo), s.costMicros());
    return new LedgerEntry(s.chargeId(), accountId, LedgerEntry.Kind.CHARGE, -(s.costMicros() - fromPromo), -fromPromo,
        s.requestId(), null, 0, null, s.priceVersion(), s.createdAt());
  }

  private static long storedPromo(Connection c, Dialect dialect, String accountId) throws SQLException {
    String lock = dialect == Dialect.POSTGRESQL ? " FOR UPDATE" : "";
    try (PreparedStatement ps = c.prepareStatement("SELECT promo_micros FROM accounts WHERE id = ?" + lock)) {
      ps.setString(1, accountId);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          throw new SQLException("unknown account " + accountId);
        }
        return rs.getLong(1);
      }
    }
  }

  private static PreparedStatement bindHold(PreparedStatement ps, HoldRecord h) throws SQLException {
    ps.setString(1, h.id());
    ps.setString(2, h.accountId());
    ps.setString(3, h.instanceId());
    ps.setLong(4, h.micros());
    ps.setLong(5, h.createdAt());
    return ps;
  }

  static boolean insertHold(Connection c, HoldRecord h) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(INSERT_HOLD)) {
      ps.setString(1, h.id());
      ps.setString(2, h.accountId());
      ps.setString(3, h.instanceId());
      ps.setLong(4, h.micros());
      ps.setLong(5, h.createdAt());
      return ps.executeUpdate() == 1;
    }
  }

  private static boolean deleteHold(PreparedStatement ps, String id) throws SQLException {
    ps.setString(1, id);
    return ps.executeUpdate() == 1;
  }

  static boolean insertEntry(Connection c, LedgerEntry e) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(INSERT_ENTRY)) {
      return insertEntry(ps, e);
    }
  }

  private static boolean insertEntry(PreparedStatement ps, LedgerEntry e) throws SQLException {
    LedgerRows.bindEntry(ps, e);
    return ps.executeUpdate() == 1;
  }

  private static void update(Connection c, String sql, long delta, String accountId) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setLong(1, delta);
      ps.setString(2, accountId);
      if (ps.executeUpdate() != 1) {
        throw new SQLException("unknown account " + accountId);
      }
    }
  }

  private static void insertUsage(Connection c, List<UsageRecord> usage) throws SQLException {
    if (usage.isEmpty()) {
      return;
    }
    try (PreparedStatement ps = c.prepareStatement(INSERT_USAGE)) {
      for (UsageRecord u : usage) {
        int i = 1;
        ps.setString(i++, u.requestId());
        ps.setString(i++, u.accountId());
        ps.setString(i++, u.keyId());
        ps.setString(i++, u.model());
        ps.setString(i++, u.deployment());
        ps.setString(i++, u.endpoint());
        ps.setString(i++, u.outcome());
        ps.setString(i++, u.usageSource());
        ps.setLong(i++, u.promptTokens());
        ps.setLong(i++, u.cachedTokens());
        ps.setLong(i++, u.completionTokens());
        ps.setLong(i++, u.costMicros());
        ps.setLong(i++, u.listCostMicros());
        ps.setString(i++, u.priceVersion());
        ps.setLong(i++, u.createdAt());
        ps.setLong(i, u.durationMs());
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }
}
