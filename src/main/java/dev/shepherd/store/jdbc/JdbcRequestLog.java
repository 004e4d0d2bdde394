package dev.shepherd.store.jdbc;

import dev.shepherd.store.RequestIds;
import dev.shepherd.store.RequestLogStore;
import dev.shepherd.store.RequestQuery;
import dev.shepherd.store.RequestRecord;
import dev.shepherd.store.RequestRollup;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * {@link RequestLogStore} over {@code request_log} (V9), {@code request_blocks} (V10) and
 * {@code request_rollups} (V8), the same SQL on SQLite and PostgreSQL. Answered requests are
 * stored many to a block ({@link RequestBlocks}); failed requests and rows with payloads keep a
 * row each in {@code request_log}, keyed by the time-ordered sequence number in their request id
 * ({@code seq}: SQLite's rowid; indexed on PostgreSQL). Listings merge the two newest-first;
 * listing failed requests reads {@code request_log} alone, through the partial index
 * {@code request_log_failed} (its condition is repeated word for word so both planners pick it).
 */
final class JdbcRequestLog implements RequestLogStore {
  private static final String FAILED = "outcome IN ('ERROR', 'INCOMPLETE')";
  private final Sql sql;

  JdbcRequestLog(Sql sql) {
    this.sql = sql;
  }

  /**
   * Failed requests and rows with payloads get a row each in {@code request_log}; the others go
   * to {@code request_blocks}, one block per batch (and UTC hour).
   */
  @Override
  public int write(List<RequestRecord> records) {
    Objects.requireNonNull(records, "records");
    if (records.isEmpty()) {
      return 0;
    }
    List<RequestRecord> own = new ArrayList<>();
    List<RequestRecord> blocked = new ArrayList<>(records.size());
    for (RequestRecord r : records) {
      (ownRow(r) ? own : blocked).add(r);
    }
    return sql.transaction("requests.write", c -> {
      List<RequestRecord> inserted = new ArrayList<>(RequestLogRows.insert(c, own, sql.dialect() == Dialect.SQLITE));
      inserted.addAll(RequestBlocks.insert(c, blocked));
      Rollups.add(c, sql.dialect(), Rollups.deltas(inserted));
      return inserted.size();
    });
  }

  /** Whether {@code r} gets a row of its own: failed (listed and indexed on their own), or with payloads. */
  private static boolean ownRow(RequestRecord r) {
    return r.failed() || r.requestBody() != null || r.responseBody() != null;
  }

  /** The listing's SQL; parameters: before, then model twice and key when filtered, then limit. */
  static String statement(RequestQuery q) {
    StringBuilder where = new StringBuilder(" WHERE seq < ?");
    switch (q.status()) {
      case ALL -> { }
      case OK -> where.append(" AND outcome = 'OK'");
      case FAILED -> where.append(" AND ").append(FAILED);
      case SERVER_ERROR -> where.append(" AND ").append(FAILED).append(" AND slo_error = 1");
    }
    if (q.model() != null) {
      where.append(" AND (model = ? OR requested_model = ?)");
    }
    if (q.keyId() != null) {
      where.append(" AND key_id = ?");
    }
    return "SELECT seq, " + RequestLogRows.COLUMNS + " FROM request_log" + where
        + " ORDER BY seq DESC LIMIT ?";
  }

  /**
   * Failed requests from {@code request_log} alone; otherwise its rows merged with the blocks',
   * newest first.
   */
  @Override
  public List<RequestRecord> recent(RequestQuery q) {
    return sql.read("requests.recent", c -> {
      List<RequestBlock.Row> rows = ownRows(c, q);
      if (q.status() == RequestQuery.Status.ALL || q.status() == RequestQuery.Status.OK) {
        List<String> labels = new ArrayList<>(2);
        if (q.model() != null) {
          labels.add(q.model());
        }
        if (q.keyId() != null) {
          labels.add(q.keyId());
        }
        rows.addAll(RequestBlocks.recent(c, RequestIds.firstOf(q.beforeMillis()), r -> matches(q, r), labels,
            q.limit()));
        rows.sort(RequestBlocks.NEWEST_FIRST);
      }
      return rows.stream().limit(q.limit()).map(RequestBlock.Row::record).toList();
    });
  }

  private static List<RequestBlock.Row> ownRows(Connection c, RequestQuery q) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(statement(q))) {
      int i = 1;
      ps.setLong(i++, RequestIds.firstOf(q.beforeMillis()));
      if (q.model() != null) {
        ps.setString(i++, q.model());
        ps.setString(i++, q.model());
      }
      if (q.keyId() != null) {
        ps.setString(i++, q.keyId());
      }
      ps.setInt(i, q.limit());
      List<RequestBlock.Row> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(new RequestBlock.Row(rs.getLong("seq"), RequestLogRows.read(rs, false)));
        }
      }
      return out;
    }
  }

  /** {@code q}'s filters on a block's row (blocks hold no failed requests). */
  private static boolean matches(RequestQuery q, RequestRecord r) {
    return (q.status() != RequestQuery.Status.OK || r.outcome().equals("OK"))
        && (q.model() == null || q.model().equals(r.model()) || q.model().equals(r.requestedModel()))
        && (q.keyId() == null || q.keyId().equals(r.keyId()));
  }

  @Override
  public long lastSequence() {
    return sql.read("requests.lastSequence", c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT MAX(seq) FROM request_log");
          ResultSet rs = ps.executeQuery()) {
        return Math.max(rs.next() ? rs.getLong(1) : 0L, RequestBlocks.lastSequence(c));
      }
    });
  }

  /**
   * By the sequence number in the id; an id without one (issued before V9) by {@code request_id}
   * alone, which SQLite answers with a scan: such rows last only until retention removes them.
   */
  @Override
  public Optional<RequestRecord> get(String requestId) {
    long seq = RequestIds.sequence(requestId);
    String select = "SELECT " + RequestLogRows.COLUMNS + ", " + RequestLogRows.PAYLOADS + " FROM request_log WHERE "
        + (seq >= 0 ? "seq = ? AND request_id = ?" : "request_id = ?");
    return sql.read("requests.get", c -> {
      try (PreparedStatement ps = c.prepareStatement(select)) {
        int i = 1;
        if (seq >= 0) {
          ps.setLong(i++, seq);
        }
        ps.setString(i, requestId);
        try (ResultSet rs = ps.executeQuery()) {
          if (rs.next()) {
            return Optional.of(RequestLogRows.read(rs, true));
          }
        }
      }
      return seq >= 0 ? RequestBlocks.get(c, seq, requestId) : RequestBlocks.getByLabel(c, requestId);
    });
  }

  @Override
  public List<RequestRollup> rollups(long fromHour, long toHour) {
    return sql.read("requests.rollups", c -> List.copyOf(Rollups.read(c, fromHour, toHour)));
  }

  @Override
  public long deleteRequestsBefore(long cutoffMillis, int chunk) {
    if (chunk < 1) {
      throw new IllegalArgumentException("chunk: " + chunk + " (expected: >= 1)");
    }
    long total = 0;
    while (true) {
      int deleted = sql.write("requests.expire", c -> {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM request_log WHERE seq IN"
            + " (SELECT seq FROM request_log WHERE seq < ? ORDER BY seq LIMIT ?)")) {
          ps.setLong(1, RequestIds.firstOf(cutoffMillis));
          ps.setInt(2, chunk);
          return ps.executeUpdate();
        }
      });
      total += deleted;
      if (deleted < chunk) {
        break;
      }
    }
    long cutoffSeq = RequestIds.firstOf(cutoffMillis);
    while (true) {
      long deleted = sql.write("requests.expireBlocks", c -> RequestBlocks.deleteOlder(c, cutoffSeq, chunk));
      total += deleted;
      if (deleted == 0) {
        break;
      }
    }
    return total + sql.transaction("requests.trimBlocks", c -> RequestBlocks.trimStraddling(c, cutoffSeq));
  }

  @Override
  public long deleteRollupsBefore(long cutoffHour) {
    return sql.write("requests.expireRollups", c -> {
      try (PreparedStatement ps = c.prepareStatement("DELETE FROM request_rollups WHERE hour < ?")) {
        ps.setLong(1, cutoffHour);
        return (long) ps.executeUpdate();
      }
    });
  }
}
