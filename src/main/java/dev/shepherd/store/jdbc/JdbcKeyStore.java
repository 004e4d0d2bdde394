package dev.shepherd.store.jdbc;

import dev.shepherd.store.KeyRecord;
import dev.shepherd.store.KeyStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * {@link KeyStore} over the {@code api_keys} and {@code settings} tables; the same SQL runs on
 * SQLite (3.24+) and PostgreSQL. Every method blocks; failures surface as
 * {@link dev.shepherd.store.StoreException} naming the operation.
 */
final class JdbcKeyStore implements KeyStore {

  private static final String COLUMNS =
      "id, name, key_hash, key_prefix, account_id, models, rpm, tpm, max_parallel,"
          + " expires_at, created_at, revoked_at, updated_at, daily_spend_cap_micros, monthly_spend_cap_micros";

  private static final String INSERT =
      "INSERT INTO api_keys (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
  private static final String LIST =
      "SELECT " + COLUMNS + " FROM api_keys ORDER BY created_at DESC, id DESC";
  private static final String CHANGED_SINCE =
      "SELECT " + COLUMNS + " FROM api_keys WHERE updated_at >= ? ORDER BY updated_at, id";
  private static final String REVOKE =
      "UPDATE api_keys SET revoked_at = ?, updated_at = ? WHERE id = ? AND revoked_at IS NULL";
  private static final String GET_SETTING = "SELECT value FROM settings WHERE name = ?";
  private static final String PUT_SETTING_IF_ABSENT =
      "INSERT INTO settings (name, value) VALUES (?, ?) ON CONFLICT (name) DO NOTHING";

  private final Sql sql;

  JdbcKeyStore(Sql sql) {
    this.sql = sql;
  }

  @Override
  public void insert(KeyRecord key) {
    Objects.requireNonNull(key, "key");
    sql.write(
        "keys.insert",
        c -> {
          try (PreparedStatement ps = c.prepareStatement(INSERT)) {
            ps.setString(1, key.id());
            ps.setString(2, key.name());
            ps.setString(3, key.keyHash());
            ps.setString(4, key.keyPrefix());
            ps.setString(5, key.accountId());
            ps.setString(6, ModelList.encode(key.models()));
            Sql.setLong(ps, 7, key.rpm());
            Sql.setLong(ps, 8, key.tpm());
            Sql.setLong(ps, 9, key.maxParallel() == null ? null : key.maxParallel().longValue());
            Sql.setLong(ps, 10, key.expiresAt());
            ps.setLong(11, key.createdAt());
            Sql.setLong(ps, 12, key.revokedAt());
            ps.setLong(13, key.updatedAt());
            Sql.setLong(ps, 14, key.dailySpendCapMicros());
            Sql.setLong(ps, 15, key.monthlySpendCapMicros());
            return ps.executeUpdate();
          }
        });
  }

  @Override
  public List<KeyRecord> list() {
    return sql.read("keys.list", c -> query(c, LIST, null));
  }

  @Override
  public boolean revoke(String id, long atMillis) {
    Objects.requireNonNull(id, "id");
    return sql.write(
        "keys.revoke",
        c -> {
          try (PreparedStatement ps = c.prepareStatement(REVOKE)) {
            ps.setLong(1, atMillis);
            ps.setLong(2, atMillis);
            ps.setString(3, id);
            return ps.executeUpdate() == 1;
          }
        });
  }

  @Override
  public List<KeyRecord> changedSince(long sinceMillis) {
    return sql.read("keys.changedSince", c -> query(c, CHANGED_SINCE, sinceMillis));
  }

  @Override
  public Optional<String> setting(String name) {
    Objects.requireNonNull(name, "name");
    return sql.read("settings.get", c -> Optional.ofNullable(readSetting(c, name)));
  }

  @Override
  public String putSettingIfAbsent(String name, String value) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(value, "value");
    return sql.write(
        "settings.putIfAbsent",
        c -> {
          // Concurrent callers: one INSERT wins, the others do nothing; each then reads the winner
          // (autocommit, so the winner is committed before any SELECT that follows it).
          try (PreparedStatement ps = c.prepareStatement(PUT_SETTING_IF_ABSENT)) {
            ps.setString(1, name);
            ps.setString(2, value);
            ps.executeUpdate();
          }
          String stored = readSetting(c, name);
          if (stored == null) {
            throw new SQLException("settings row vanished after insert");
          }
          return stored;
        });
  }

  private static String readSetting(Connection c, String name) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(GET_SETTING)) {
      ps.setString(1, name);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getString(1) : null;
      }
    }
  }

  private static List<KeyRecord> query(Connection c, String sqlText, Long param)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sqlText)) {
      if (param != null) {
        ps.setLong(1, param);
      }
      try (ResultSet rs = ps.executeQuery()) {
        List<KeyRecord> out = new ArrayList<>();
        while (rs.next()) {
          out.add(row(rs));
        }
        return List.copyOf(out);
      }
    }
  }

  private static Integer toInteger(Long v) {
    return v == null ? null : Math.toIntExact(v);
  }

  private static KeyRecord row(ResultSet rs) throws SQLException {
    return new KeyRecord(
        rs.getString("id"),
        rs.getString("name"),
        rs.getString("key_hash"),
        rs.getString("key_prefix"),
        rs.getString("account_id"),
        ModelList.decode(rs.getString("models")),
        Sql.getLong(rs, "rpm"),
        Sql.getLong(rs, "tpm"),
        toInteger(Sql.getLong(rs, "max_parallel")),
        Sql.getLong(rs, "expires_at"),
        rs.getLong("created_at"),
        Sql.getLong(rs, "revoked_at"),
        rs.getLong("updated_at"),
        Sql.getLong(rs, "daily_spend_cap_micros"),
        Sql.getLong(rs, "monthly_spend_cap_micros"));
  }
}
