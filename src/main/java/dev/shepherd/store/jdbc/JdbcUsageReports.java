package dev.shepherd.store.jdbc;

import dev.shepherd.store.UsageQuery;
import dev.shepherd.store.UsageRow;
import dev.shepherd.store.UsageReports;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * {@link UsageReports} over {@code usage_records}: one {@code GROUP BY} statement, the same SQL on
 * SQLite and PostgreSQL. A UTC day is {@code created_at / 86400000} (integer division of epoch
 * millis in both databases), turned into an ISO date here. Rows are sorted here, by Java string
 * order, so both databases give the same order whatever their collation.
 */
final class JdbcUsageReports implements UsageReports {
  static final long MILLIS_PER_DAY = 86_400_000L;

  private final Sql sql;

  JdbcUsageReports(Sql sql) {
    this.sql = sql;
  }

  /** The SQL for {@code query}: parameters are from, to and, when filtered, the account. */
  static String statement(UsageQuery query) {
    String group = switch (query.by()) {
      case MODEL -> "model";
      case KEY -> "key_id";
      case DAY -> "created_at / " + MILLIS_PER_DAY;
    };
    return "SELECT " + group + " AS grp, COUNT(*) AS requests,"
        + " SUM(prompt_tokens) AS prompt, SUM(cached_tokens) AS cached, SUM(completion_tokens) AS completion,"
        + " SUM(cost_micros) AS cost,"
        + " SUM(CASE WHEN list_cost_micros = 0 THEN cost_micros ELSE list_cost_micros END) AS list_cost"
        + " FROM usage_records WHERE created_at >= ? AND created_at < ?"
        + (query.accountId() == null ? "" : " AND account_id = ?")
        + " GROUP BY " + group;
  }

  @Override
  public List<UsageRow> summarize(UsageQuery query) {
    List<UsageRow> rows = sql.read("usage.summarize", c -> {
      List<UsageRow> out = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement(statement(query))) {
        ps.setLong(1, query.fromMillis());
        ps.setLong(2, query.toMillis());
        if (query.accountId() != null) {
          ps.setString(3, query.accountId());
        }
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            String group = query.by() == UsageQuery.By.DAY
                ? LocalDate.ofEpochDay(rs.getLong("grp")).toString()
                : rs.getString("grp");
            out.add(new UsageRow(group, rs.getLong("requests"), rs.getLong("prompt"), rs.getLong("cached"),
                rs.getLong("completion"), rs.getLong("cost"), rs.getLong("list_cost")));
          }
        }
      }
      return out;
    });
    rows.sort(Comparator.comparing(UsageRow::group));
    return List.copyOf(rows);
  }
}
