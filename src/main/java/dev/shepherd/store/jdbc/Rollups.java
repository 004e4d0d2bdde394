package dev.shepherd.store.jdbc;

import dev.shepherd.store.LatencyHistogram;
import dev.shepherd.store.RequestRecord;
import dev.shepherd.store.RequestRollup;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.HashMap;
import java.util.Map;

/**
 * Incremental upkeep of {@code request_rollups} inside the writer's transaction. For each (hour,
 * model) a batch touches, in (hour, model) order so that instances never deadlock: make sure the
 * row exists ({@code INSERT … ON CONFLICT DO NOTHING}), read it (locked {@code FOR UPDATE} on
 * PostgreSQL; SQLite has one writer), add the batch's delta, write it back.
 */
final class Rollups {
  private static final String ENSURE = "INSERT INTO request_rollups (hour, model, requests, errors, prompt_tokens,"
      + " completion_tokens, cost_micros, latency, ttft, overhead) VALUES (?, ?, 0, 0, 0, 0, 0, '', '', '')"
      + " ON CONFLICT DO NOTHING";
  private static final String COLUMNS = "hour, model, requests, errors, prompt_tokens, completion_tokens,"
      + " cost_micros, latency, ttft, overhead";
  private static final String UPDATE = "UPDATE request_rollups SET requests = ?, errors = ?, prompt_tokens = ?,"
      + " completion_tokens = ?, cost_micros = ?, latency = ?, ttft = ?, overhead = ? WHERE hour = ? AND model = ?";

  private Rollups() {}

  /** The deltas of {@code records} by (hour, model), in that order; rows without a catalog model are left out. */
  static List<RequestRollup> deltas(List<RequestRecord> records) {
    Map<Key, RequestRollup> byKey = new HashMap<>();
    RequestRollup last = null; // consecutive rows are mostly of the same hour and model
    for (RequestRecord r : records) {
      if (r.model() == null) {
        continue;
      }
      long hour = RequestRollup.hourOf(r.createdAt());
      if (last == null || last.hour() != hour || !last.model().equals(r.model())) {
        last = byKey.computeIfAbsent(new Key(hour, r.model()), k -> new RequestRollup(k.hour(), k.model()));
      }
      last.add(r);
    }
    List<RequestRollup> out = new ArrayList<>(byKey.values());
    out.sort(ORDER); // every instance locks rows in the same order: no deadlock between them
    return out;
  }

  private record Key(long hour, String model) {}

  private static final Comparator<RequestRollup> ORDER =
      Comparator.comparingLong(RequestRollup::hour).thenComparing(RequestRollup::model);

  /** Adds each delta to its stored rollup. */
  static void add(Connection c, Dialect dialect, List<RequestRollup> deltas) throws SQLException {
    if (deltas.isEmpty()) {
      return;
    }
    String select = "SELECT " + COLUMNS + " FROM request_rollups WHERE hour = ? AND model = ?"
        + (dialect == Dialect.POSTGRESQL ? " FOR UPDATE" : "");
    try (PreparedStatement ensure = c.prepareStatement(ENSURE);
        PreparedStatement read = c.prepareStatement(select);
        PreparedStatement update = c.prepareStatement(UPDATE)) {
      for (RequestRollup d : deltas) {
        ensure.setLong(1, d.hour());
        ensure.setString(2, d.model());
        ensure.executeUpdate();
        read.setLong(1, d.hour());
        read.setString(2, d.model());
        RequestRollup stored;
        try (ResultSet rs = read.executeQuery()) {
          if (!rs.next()) {
            throw new SQLException("rollup row missing after insert: " + d.model());
          }
          stored = row(rs);
        }
        stored.add(d);
        int i = 1;
        update.setLong(i++, stored.requests());
        update.setLong(i++, stored.errors());
        update.setLong(i++, stored.promptTokens());
        update.setLong(i++, stored.completionTokens());
        update.setLong(i++, stored.costMicros());
        update.setString(i++, stored.latency().encode());
        update.setString(i++, stored.ttft().encode());
        update.setString(i++, stored.overhead().encode());
        update.setLong(i++, d.hour());
        update.setString(i, d.model());
        update.executeUpdate();
      }
    }
  }

  /** Stored rollups of hours in {@code [fromHour, toHour)}, by hour then model. */
  static List<RequestRollup> read(Connection c, long fromHour, long toHour) throws SQLException {
    List<RequestRollup> out = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT " + COLUMNS + " FROM request_rollups WHERE hour >= ? AND hour < ?")) {
      ps.setLong(1, fromHour);
      ps.setLong(2, toHour);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(row(rs));
        }
      }
    }
    out.sort(ORDER); // here: the same order whatever the database's collation
    return out;
  }

  private static RequestRollup row(ResultSet rs) throws SQLException {
    return new RequestRollup(rs.getLong("hour"), rs.getString("model"), rs.getLong("requests"), rs.getLong("errors"),
        rs.getLong("prompt_tokens"), rs.getLong("completion_tokens"), rs.getLong("cost_micros"),
        LatencyHistogram.decode(rs.getString("latency")), LatencyHistogram.decode(rs.getString("ttft")),
        LatencyHistogram.decode(rs.getString("overhead")));
  }
}
