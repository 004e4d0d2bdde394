package dev.shepherd.store.jdbc;

import dev.shepherd.store.RequestIds;
import dev.shepherd.store.RequestRecord;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Binding and reading {@code request_log} rows (V9). Unknown figures (-1) are stored as NULL, by
 * leaving their columns out of the insert: each row is inserted by a statement naming only its
 * known columns (one statement per such shape in a batch, usually one or two), which binds a
 * third fewer parameters than naming them all.
 */
final class RequestLogRows {
  /** Every column but the payloads (and seq), in {@link #read} order. */
  static final String COLUMNS = "request_id, created_at, key_id, account_id, model, requested_model, deployment,"
      + " endpoint, stream, status, outcome, error, error_detail, slo_error, attempts, route, prompt_tokens,"
      + " completion_tokens, cost_micros, latency_us, ttft_us, upstream_us, overhead_us";
  static final String PAYLOADS = "request_body, response_body";
  /** The columns that may be NULL, in insert order: bit i of a row's shape is column i being known. */
  private static final String[] OPTIONAL = {"key_id", "account_id", "model", "requested_model", "deployment",
      "error", "error_detail", "route", "prompt_tokens", "completion_tokens", "cost_micros", "ttft_us",
      "upstream_us", "overhead_us", "request_body", "response_body"};
  private static final ConcurrentHashMap<Integer, String> INSERTS = new ConcurrentHashMap<>();
  private static final long FALLBACK_BASE = 1L << (RequestIds.COUNTER_BITS - 1);

  private RequestLogRows() {}

  /**
   * The key of {@code r}'s row: its id's sequence number when that is of the row's start time;
   * otherwise one derived from the start time and a hash of the id, in the upper half of the
   * millisecond's counter range (which ids reach only past 524,288 requests in one millisecond).
   */
  static long sequence(RequestRecord r) {
    long seq = RequestIds.sequence(r.requestId());
    if (seq >= 0 && RequestIds.millis(seq) == r.createdAt()) {
      return seq;
    }
    long hash = r.requestId().hashCode() * 0x9E3779B97F4A7C15L;
    return RequestIds.firstOf(r.createdAt()) + FALLBACK_BASE + ((hash >>> 40) & (FALLBACK_BASE - 1));
  }

  /**
   * Inserts {@code records} as JDBC batches, one per shape; returns those actually inserted (new
   * request ids).
   *
   * @param seqIsKey whether {@code seq} is the table's only key (SQLite), so that a row refused
   *     may be another request's with the same derived sequence number: it then goes to the next
   *     free one. Otherwise (PostgreSQL, keyed by request id) a refused row is a duplicate.
   */
  static List<RequestRecord> insert(Connection c, List<RequestRecord> records, boolean seqIsKey)
      throws SQLException {
    if (records.isEmpty()) {
      return List.of();
    }
    int[] shapes = new int[records.size()];
    for (int i = 0; i < shapes.length; i++) {
      shapes[i] = shape(records.get(i));
    }
    boolean[] inserted = new boolean[shapes.length];
    BitSet done = new BitSet(shapes.length);
    for (int first = done.nextClearBit(0); first < shapes.length; first = done.nextClearBit(first + 1)) {
      int shape = shapes[first];
      IntList rows = new IntList();
      for (int i = first; i < shapes.length; i++) {
        if (shapes[i] == shape && !done.get(i)) {
          rows.add(i);
          done.set(i);
        }
      }
      try (PreparedStatement ps = c.prepareStatement(INSERTS.computeIfAbsent(shape, RequestLogRows::insertSql))) {
        for (int k = 0; k < rows.size; k++) {
          RequestRecord r = records.get(rows.at(k));
          bind(ps, r, sequence(r));
          ps.addBatch();
        }
        int[] counts = ps.executeBatch();
        for (int k = 0; k < rows.size; k++) {
          // SUCCESS_NO_INFO (a driver that batches rows together) counts as inserted.
          inserted[rows.at(k)] = counts[k] > 0 || counts[k] == Statement.SUCCESS_NO_INFO;
        }
        if (seqIsKey) {
          for (int k = 0; k < rows.size; k++) {
            if (!inserted[rows.at(k)]) {
              inserted[rows.at(k)] = insertPastCollision(c, ps, records.get(rows.at(k)));
            }
          }
        }
      }
    }
    List<RequestRecord> out = new ArrayList<>(records.size());
    for (int i = 0; i < inserted.length; i++) {
      if (inserted[i]) {
        out.add(records.get(i));
      }
    }
    return out;
  }

  /**
   * Inserts a row refused at its sequence number under the next free one, unless the row there is
   * this request's own (a retried batch). Only rows whose id carries no sequence number of their
   * own can meet another's; each such collision costs a lookup.
   */
  private static boolean insertPastCollision(Connection c, PreparedStatement insert, RequestRecord r)
      throws SQLException {
    try (PreparedStatement idAt = c.prepareStatement("SELECT request_id FROM request_log WHERE seq = ?")) {
      long seq = sequence(r);
      for (int probe = 0; probe < 1_000; probe++, seq++) {
        idAt.setLong(1, seq);
        try (ResultSet rs = idAt.executeQuery()) {
          if (!rs.next()) {
            bind(insert, r, seq);
            return insert.executeUpdate() > 0;
          }
          if (rs.getString(1).equals(r.requestId())) {
            return false;
          }
        }
      }
    }
    throw new SQLException("no free sequence number near " + sequence(r) + " for request " + r.requestId());
  }

  /** Which optional columns of {@code r} are known (bit i: {@code OPTIONAL[i]}). */
  static int shape(RequestRecord r) {
    Object[] texts = {r.keyId(), r.accountId(), r.model(), r.requestedModel(), r.deployment(), r.error(),
        r.errorDetail(), r.route()};
    int shape = 0;
    for (int i = 0; i < texts.length; i++) {
      if (texts[i] != null) {
        shape |= 1 << i;
      }
    }
    long[] figures = {r.promptTokens(), r.completionTokens(), r.costMicros(), r.ttftMicros(), r.upstreamMicros(),
        r.overheadMicros()};
    for (int i = 0; i < figures.length; i++) {
      if (figures[i] >= 0) {
        shape |= 1 << (texts.length + i);
      }
    }
    if (r.requestBody() != null) {
      shape |= 1 << 14;
    }
    if (r.responseBody() != null) {
      shape |= 1 << 15;
    }
    return shape;
  }

  private static String insertSql(int shape) {
    StringBuilder cols = new StringBuilder("seq, request_id, created_at, endpoint, stream, status, outcome, slo_error,"
        + " attempts, latency_us");
    int n = 10;
    for (int i = 0; i < OPTIONAL.length; i++) {
      if ((shape & (1 << i)) != 0) {
        cols.append(", ").append(OPTIONAL[i]);
        n++;
      }
    }
    return "INSERT INTO request_log (" + cols + ") VALUES (?" + ", ?".repeat(n - 1) + ") ON CONFLICT DO NOTHING";
  }

  private static void bind(PreparedStatement ps, RequestRecord r, long seq) throws SQLException {
    int i = 1;
    ps.setLong(i++, seq);
    ps.setString(i++, r.requestId());
    ps.setLong(i++, r.createdAt());
    ps.setString(i++, r.endpoint());
    ps.setInt(i++, r.stream() ? 1 : 0);
    ps.setInt(i++, r.status());
    ps.setString(i++, r.outcome());
    ps.setInt(i++, r.sloError() ? 1 : 0);
    ps.setInt(i++, r.attempts());
    ps.setLong(i++, r.latencyMicros());
    i = text(ps, i, r.keyId());
    i = text(ps, i, r.accountId());
    i = text(ps, i, r.model());
    i = text(ps, i, r.requestedModel());
    i = text(ps, i, r.deployment());
    i = text(ps, i, r.error());
    i = text(ps, i, r.errorDetail());
    i = text(ps, i, r.route());
    i = figure(ps, i, r.promptTokens());
    i = figure(ps, i, r.completionTokens());
    i = figure(ps, i, r.costMicros());
    i = figure(ps, i, r.ttftMicros());
    i = figure(ps, i, r.upstreamMicros());
    i = figure(ps, i, r.overheadMicros());
    i = text(ps, i, r.requestBody());
    text(ps, i, r.responseBody());
  }

  /**
   * Binds {@code value} at {@code index} when known (the statement names its column); returns the
   * next index. A NUL (a client's model name or body may hold one; PostgreSQL's text cannot)
   * becomes U+FFFD.
   */
  private static int text(PreparedStatement ps, int index, String value) throws SQLException {
    if (value == null) {
      return index;
    }
    ps.setString(index, value.indexOf('\0') < 0 ? value : value.replace('\0', '\uFFFD'));
    return index + 1;
  }

  private static int figure(PreparedStatement ps, int index, long value) throws SQLException {
    if (value < 0) {
      return index;
    }
    ps.setLong(index, value);
    return index + 1;
  }

  /** A growable list of row indexes. */
  private static final class IntList {
    int[] items = new int[16];
    int size;

    void add(int v) {
      if (size == items.length) {
        items = java.util.Arrays.copyOf(items, size * 2);
      }
      items[size++] = v;
    }

    int at(int k) {
      return items[k];
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
