package dev.shepherd.store.jdbc;

import dev.shepherd.store.RequestRecord;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;

/** Binding and reading {@code request_log} rows (V8). Unknown figures (-1) are stored as NULL. */
final class RequestLogRows {
  /** Every column but the payloads, in {@link #read} order. */
  static final String COLUMNS = "request_id, created_at, key_id, account_id, model, requested_model, deployment,"
      + " endpoint, stream, status, outcome, error, error_detail, slo_error, attempts, route, prompt_tokens,"
      + " completion_tokens, cost_micros, latency_us, ttft_us, upstream_us, overhead_us";
  static final String PAYLOADS = "request_body, response_body";
  private static final String INSERT = "INSERT INTO request_log (" + COLUMNS + ", " + PAYLOADS + ") VALUES"
      + " (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING";

  private RequestLogRows() {}

  /** Inserts {@code records} as one JDBC batch; returns those actually inserted (new request ids). */
  static List<RequestRecord> insert(Connection c, List<RequestRecord> records) throws SQLException {
    if (records.isEmpty()) {
      return List.of();
    }
    int[] counts;
    try (PreparedStatement ps = c.prepareStatement(INSERT)) {
      for (RequestRecord r : records) {
        bind(ps, r);
        ps.addBatch();
      }
      counts = ps.executeBatch();
    }
    List<RequestRecord> inserted = new ArrayList<>(records.size());
    for (int i = 0; i < records.size(); i++) {
      // SUCCESS_NO_INFO (a driver that batches rows together) counts as inserted.
      if (counts[i] > 0 || counts[i] == Statement.SUCCESS_NO_INFO) {
        inserted.add(records.get(i));
      }
    }
    return inserted;
  }

  private static void bind(PreparedStatement ps, RequestRecord r) throws SQLException {
    int i = 1;
    ps.setString(i++, r.requestId());
    ps.setLong(i++, r.createdAt());
    ps.setString(i++, r.keyId());
    ps.setString(i++, r.accountId());
    ps.setString(i++, r.model());
    ps.setString(i++, r.requestedModel());
    ps.setString(i++, r.deployment());
    ps.setString(i++, r.endpoint());
    ps.setInt(i++, r.stream() ? 1 : 0);
    ps.setInt(i++, r.status());
    ps.setString(i++, r.outcome());
    ps.setString(i++, r.error());
    ps.setString(i++, r.errorDetail());
    ps.setInt(i++, r.sloError() ? 1 : 0);
    ps.setInt(i++, r.attempts());
    ps.setString(i++, r.route());
    known(ps, i++, r.promptTokens());
    known(ps, i++, r.completionTokens());
    known(ps, i++, r.costMicros());
    ps.setLong(i++, r.latencyMicros());
    known(ps, i++, r.ttftMicros());
    known(ps, i++, r.upstreamMicros());
    known(ps, i++, r.overheadMicros());
    ps.setString(i++, r.requestBody());
    ps.setString(i, r.responseBody());
  }

  private static void known(PreparedStatement ps, int index, long value) throws SQLException {
    if (value < 0) {
      ps.setNull(index, Types.BIGINT);
    } else {
      ps.setLong(index, value);
    }
  }

  /** The row at {@code rs}; payloads only when {@code payloads} (the query selected them). */
  static RequestRecord read(ResultSet rs, boolean payloads) throws SQLException {
    return new RequestRecord(rs.getString("request_id"), rs.getLong("created_at"), rs.getString("key_id"),
        rs.getString("account_id"), rs.getString("model"), rs.getString("requested_model"),
        rs.getString("deployment"), rs.getString("endpoint"), rs.getInt("stream") != 0, rs.getInt("status"),
        rs.getString("outcome"), rs.getString("error"), rs.getString("error_detail"), rs.getInt("slo_error") != 0,
        rs.getInt("attempts"), rs.getString("route"), orUnknown(rs, "prompt_tokens"),
        orUnknown(rs, "completion_tokens"), orUnknown(rs, "cost_micros"), rs.getLong("latency_us"),
        orUnknown(rs, "ttft_us"), orUnknown(rs, "upstream_us"), orUnknown(rs, "overhead_us"),
        payloads ? rs.getString("request_body") : null, payloads ? rs.getString("response_body") : null);
  }

  private static long orUnknown(ResultSet rs, String column) throws SQLException {
    long v = rs.getLong(column);
    return rs.wasNull() ? -1 : v;
  }
}
