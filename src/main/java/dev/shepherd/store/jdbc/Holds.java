package dev.shepherd.store.jdbc;

import dev.shepherd.store.HoldRecord;
import dev.shepherd.store.HoldRecovery;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/** SQL for stored holds, gateway instances and the release of a dead instance's holds. */
final class Holds {
  /** PostgreSQL: the conditional hold and its row in one statement (one round trip). */
  private static final String HOLD_IF_COVERED_PG =
      "WITH a AS (UPDATE accounts SET held_micros = held_micros + ?"
          + " WHERE id = ? AND paid_micros + promo_micros - held_micros >= ? RETURNING id)"
          + " INSERT INTO holds (id, account_id, instance_id, micros, created_at) SELECT ?, id, ?, ?, ? FROM a";
  private static final String ADD_HELD_IF_COVERED =
      "UPDATE accounts SET held_micros = held_micros + ?"
          + " WHERE id = ? AND paid_micros + promo_micros - held_micros >= ?";

  private Holds() {}

  /** Holds {@code h.micros()} if the stored available credit covers it; false (nothing changed) if not. */
  static boolean holdIfCovered(Sql sql, HoldRecord h) {
    if (sql.dialect() == Dialect.POSTGRESQL) {
      return sql.write("billing.hold", c -> {
        try (PreparedStatement ps = c.prepareStatement(HOLD_IF_COVERED_PG)) {
          ps.setLong(1, h.micros());
          ps.setString(2, h.accountId());
          ps.setLong(3, h.micros());
          ps.setString(4, h.id());
          ps.setString(5, h.instanceId());
          ps.setLong(6, h.micros());
          ps.setLong(7, h.createdAt());
          return ps.executeUpdate() == 1;
        }
      });
    }
    return sql.transaction("billing.hold", c -> {
      try (PreparedStatement ps = c.prepareStatement(ADD_HELD_IF_COVERED)) {
        ps.setLong(1, h.micros());
        ps.setString(2, h.accountId());
        ps.setLong(3, h.micros());
        if (ps.executeUpdate() != 1) {
          return false;
        }
      }
      if (!BatchWrites.insertHold(c, h)) {
        throw new Sql.Rollback(false);
      }
      return true;
    });
  }

  static void register(Sql sql, String instanceId, long now) {
    sql.write("billing.registerInstance", c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "INSERT INTO instances (id, started_at, heartbeat_at) VALUES (?, ?, ?)")) {
        ps.setString(1, instanceId);
        ps.setLong(2, now);
        ps.setLong(3, now);
        return ps.executeUpdate();
      }
    });
  }

  static void heartbeat(Sql sql, String instanceId, long now, boolean stopping) {
    String column = stopping ? "stopped_at" : "heartbeat_at";
    sql.write("billing.heartbeat", c -> {
      try (PreparedStatement ps = c.prepareStatement("UPDATE instances SET " + column + " = ? WHERE id = ?")) {
        ps.setLong(1, now);
        ps.setString(2, instanceId);
        return ps.executeUpdate();
      }
    });
  }

  /**
   * Releases the holds of every instance, other than {@code self}, that is not stopped and whose
   * heartbeat is older than {@code staleBefore}, or that stopped but left holds behind. One
   * transaction per dead instance; the instance is marked stopped, so only one sweeper releases it.
   */
  static List<HoldRecovery> releaseStale(Sql sql, String self, long staleBefore, long now, java.util.function.Supplier<String> ids) {
    List<String> dead = sql.read("billing.deadInstances", c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT id FROM instances WHERE id <> ? AND ((stopped_at IS NULL AND heartbeat_at < ?)"
              + " OR (stopped_at IS NOT NULL AND EXISTS (SELECT 1 FROM holds h WHERE h.instance_id = instances.id)))"
              + " ORDER BY id")) {
        ps.setString(1, self);
        ps.setLong(2, staleBefore);
        try (ResultSet rs = ps.executeQuery()) {
          List<String> out = new ArrayList<>();
          while (rs.next()) {
            out.add(rs.getString(1));
          }
          return out;
        }
      }
    });
    List<HoldRecovery> out = new ArrayList<>();
    for (String instance : dead) {
      HoldRecovery r = sql.transaction("billing.releaseStale", c -> release(c, instance, self, now, ids.get()));
      if (r != null) {
        out.add(r);
      }
    }
    return out;
  }

  private static HoldRecovery release(Connection c, String instance, String self, long now, String id)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "UPDATE instances SET stopped_at = COALESCE(stopped_at, ?), heartbeat_at = heartbeat_at WHERE id = ?")) {
      ps.setLong(1, now);
      ps.setString(2, instance);
      ps.executeUpdate(); // also locks the row: a concurrent sweeper waits, then finds no holds
    }
    TreeMap<String, long[]> byAccount = new TreeMap<>();
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT account_id, COUNT(*), SUM(micros) FROM holds WHERE instance_id = ? GROUP BY account_id")) {
      ps.setString(1, instance);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          byAccount.put(rs.getString(1), new long[] {rs.getLong(2), rs.getLong(3)});
        }
      }
    }
    if (byAccount.isEmpty()) {
      return null;
    }
    long holds = 0;
    long micros = 0;
    try (PreparedStatement ps = c.prepareStatement("UPDATE accounts SET held_micros = held_micros - ? WHERE id = ?")) {
      for (var e : byAccount.entrySet()) {
        ps.setLong(1, e.getValue()[1]);
        ps.setString(2, e.getKey());
        ps.executeUpdate();
        holds += e.getValue()[0];
        micros += e.getValue()[1];
      }
    }
    try (PreparedStatement ps = c.prepareStatement("DELETE FROM holds WHERE instance_id = ?")) {
      ps.setString(1, instance);
      ps.executeUpdate();
    }
    HoldRecovery r = new HoldRecovery(id, instance, self, holds, micros, now);
    try (PreparedStatement ps = c.prepareStatement(
        "INSERT INTO hold_recoveries (id, dead_instance_id, released_by, holds, micros, created_at)"
            + " VALUES (?, ?, ?, ?, ?, ?)")) {
      ps.setString(1, r.id());
      ps.setString(2, r.deadInstanceId());
      ps.setString(3, r.releasedBy());
      ps.setLong(4, r.holds());
      ps.setLong(5, r.micros());
      ps.setLong(6, r.createdAt());
      ps.executeUpdate();
    }
    return r;
  }

  static List<HoldRecovery> recoveries(Sql sql, int limit) {
    return sql.read("billing.recoveries", c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT id, dead_instance_id, released_by, holds, micros, created_at FROM hold_recoveries"
              + " ORDER BY created_at DESC, id DESC LIMIT ?")) {
        ps.setInt(1, limit);
        try (ResultSet rs = ps.executeQuery()) {
          List<HoldRecovery> out = new ArrayList<>();
          while (rs.next()) {
            out.add(new HoldRecovery(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4),
                rs.getLong(5), rs.getLong(6)));
          }
          return out;
        }
      }
    });
  }

  /** Accounts whose held_micros differs from the sum of their stored holds: "id: stored vs sum". */
  static List<String> heldMismatches(Sql sql) {
    return sql.read("billing.verifyHeld", c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT a.id, a.held_micros, COALESCE(s.held, 0) FROM accounts a LEFT JOIN"
              + " (SELECT account_id, SUM(micros) AS held FROM holds GROUP BY account_id) s ON s.account_id = a.id"
              + " WHERE a.held_micros <> COALESCE(s.held, 0) ORDER BY a.id");
          ResultSet rs = ps.executeQuery()) {
        List<String> out = new ArrayList<>();
        while (rs.next()) {
          out.add(rs.getString(1) + ": held " + rs.getLong(2) + " vs holds " + rs.getLong(3));
        }
        return out;
      }
    });
  }
}
