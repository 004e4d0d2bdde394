package dev.shepherd.store.jdbc;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Map;
import java.util.TreeMap;

/** SQL for what each key spent since an instant (spend caps), from {@code usage_records}. */
final class KeySpend {
  private static final String SINCE =
      "SELECT key_id, SUM(cost_micros) FROM usage_records WHERE created_at >= ? GROUP BY key_id";

  private KeySpend() {}

  static Map<String, Long> since(Sql sql, long sinceMillis) {
    return sql.read("billing.spendByKeySince", c -> {
      try (PreparedStatement ps = c.prepareStatement(SINCE)) {
        ps.setLong(1, sinceMillis);
        try (ResultSet rs = ps.executeQuery()) {
          Map<String, Long> out = new TreeMap<>();
          while (rs.next()) {
            out.put(rs.getString(1), rs.getLong(2));
          }
          return Map.copyOf(out);
        }
      }
    });
  }
}
