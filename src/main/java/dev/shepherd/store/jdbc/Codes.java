package dev.shepherd.store.jdbc;

import dev.shepherd.store.CodeBatch;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * SQL for the {@code code_batches} and {@code codes} tables, run inside the caller's transaction.
 * {@link #use} is the only statement that changes a code, and it never lets {@code uses} pass
 * {@code max_uses}.
 */
final class Codes {
  private Codes() {}

  private static final String INSERT_BATCH =
      "INSERT INTO code_batches (id, value_micros, expires_at, max_uses, created_at) VALUES (?, ?, ?, ?, ?)";
  private static final String INSERT_CODE = "INSERT INTO codes (code, batch_id, uses, created_at) VALUES (?, ?, 0, ?)";
  private static final String FIND =
      "SELECT b.value_micros, b.expires_at, b.max_uses FROM codes c JOIN code_batches b ON b.id = c.batch_id"
          + " WHERE c.code = ?";
  private static final String USE = "UPDATE codes SET uses = uses + 1 WHERE code = ? AND uses < ?";

  /** A code's batch terms. */
  record Found(long valueMicros, Long expiresAt, long maxUses) {}

  static void insert(Connection c, CodeBatch batch, List<String> hashes) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(INSERT_BATCH)) {
      ps.setString(1, batch.id());
      ps.setLong(2, batch.valueMicros());
      Sql.setLong(ps, 3, batch.expiresAt());
      ps.setLong(4, batch.maxUses());
      ps.setLong(5, batch.createdAt());
      ps.executeUpdate();
    }
    try (PreparedStatement ps = c.prepareStatement(INSERT_CODE)) {
      for (String h : hashes) {
        ps.setString(1, h);
        ps.setString(2, batch.id());
        ps.setLong(3, batch.createdAt());
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  /** The code's batch terms, or {@code null} when there is no such code. */
  static Found find(Connection c, String hash) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(FIND)) {
      ps.setString(1, hash);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next()
            ? new Found(rs.getLong("value_micros"), Sql.getLong(rs, "expires_at"), rs.getLong("max_uses"))
            : null;
      }
    }
  }

  /** Counts one use if the code is below {@code maxUses}; false (nothing changed) otherwise. */
  static boolean use(Connection c, String hash, long maxUses) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(USE)) {
      ps.setString(1, hash);
      ps.setLong(2, maxUses);
      return ps.executeUpdate() == 1;
    }
  }
}
