package dev.shepherd.store.jdbc;

import dev.shepherd.store.RequestIds;
import dev.shepherd.store.RequestRecord;
import dev.shepherd.store.RequestRollup;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * {@code request_blocks} (V10): rows of answered requests, stored many to a {@link RequestBlock}.
 * A block holds rows of one UTC hour, so its sequence numbers span less than {@link #HOUR_SEQ}:
 * every lookup by sequence number reads {@code last_seq} over a bounded range of its index.
 */
final class RequestBlocks {
  /** Sequence numbers in one hour. */
  static final long HOUR_SEQ = RequestIds.firstOf(RequestRollup.HOUR);
  private static final String INSERT =
      "INSERT INTO request_blocks (first_seq, last_seq, row_count, labels, data) VALUES (?, ?, ?, ?, ?)";
  /** Blocks that may hold sequence numbers in [?, ?]: params min, min + HOUR_SEQ (capped), max. */
  private static final String COVERING = "SELECT id, first_seq, last_seq, labels, data FROM request_blocks"
      + " WHERE last_seq >= ? AND last_seq < ? AND first_seq <= ?";
  private static final int PAGE = 32;

  private RequestBlocks() {}

  /**
   * Inserts {@code records} (answered, without payloads) as one block per UTC hour they fall in,
   * leaving out rows whose request id is already stored (or repeated in the batch); returns the
   * rows inserted.
   */
  static List<RequestRecord> insert(Connection c, List<RequestRecord> records) throws SQLException {
    if (records.isEmpty()) {
      return List.of();
    }
    List<RequestBlock.Row> rows = new ArrayList<>(records.size());
    for (RequestRecord r : records) {
      rows.add(new RequestBlock.Row(RequestLogRows.sequence(r), r));
    }
    rows.sort(Comparator.comparingLong(RequestBlock.Row::seq));
    Set<String> stored = storedIds(c, rows.get(0).seq(), rows.get(rows.size() - 1).seq());
    List<RequestRecord> inserted = new ArrayList<>(rows.size());
    try (PreparedStatement ps = c.prepareStatement(INSERT)) {
      List<RequestBlock.Row> block = new ArrayList<>();
      for (int i = 0; i < rows.size(); i++) {
        RequestBlock.Row row = rows.get(i);
        if (!block.isEmpty() && hour(row.seq()) != hour(block.get(0).seq())) {
          write(ps, block);
          block.clear();
        }
        if (!stored.contains(row.record().requestId()) && !repeated(rows, i)) {
          block.add(row);
          inserted.add(row.record());
        }
      }
      if (!block.isEmpty()) {
        write(ps, block);
      }
    }
    return inserted;
  }

  /** Whether an earlier row of {@code sorted} (so one with the same sequence number) has row {@code i}'s id. */
  private static boolean repeated(List<RequestBlock.Row> sorted, int i) {
    RequestBlock.Row row = sorted.get(i);
    for (int j = i - 1; j >= 0 && sorted.get(j).seq() == row.seq(); j--) {
      if (sorted.get(j).record().requestId().equals(row.record().requestId())) {
        return true;
      }
    }
    return false;
  }

  private static long hour(long seq) {
    return seq / HOUR_SEQ;
  }

  private static void write(PreparedStatement ps, List<RequestBlock.Row> rows) throws SQLException {
    RequestBlock b = RequestBlock.encode(rows);
    ps.setLong(1, b.firstSeq());
    ps.setLong(2, b.lastSeq());
    ps.setInt(3, b.rows());
    ps.setString(4, b.labels());
    ps.setBytes(5, b.data());
    ps.executeUpdate();
  }

  /**
   * The ids in {@code [min, max]} stored in blocks. Requests end (and are written) a little out of
   * the order they started in, so a batch usually overlaps the block written before it: that block
   * is read, without decoding its rows' other fields.
   */
  private static Set<String> storedIds(Connection c, long min, long max) throws SQLException {
    Set<String> ids = new HashSet<>();
    try (PreparedStatement ps = c.prepareStatement(COVERING)) {
      ps.setLong(1, min);
      ps.setLong(2, plus(max, HOUR_SEQ));
      ps.setLong(3, max);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          ids.addAll(RequestBlock.ids(rs.getString("labels"), rs.getBytes("data"), min, max));
        }
      }
    }
    return ids;
  }

  /**
   * Up to {@code limit} rows with a sequence number below {@code beforeSeq} that {@code match}
   * accepts, newest first. {@code labels} (each a value some matching row must hold) lets blocks
   * without them be skipped unread. Blocks are read newest-first by their last row, until the
   * rows found are newer than every row of the blocks left.
   */
  static List<RequestBlock.Row> recent(Connection c, long beforeSeq, Predicate<RequestRecord> match,
      List<String> labels, int limit) throws SQLException {
    // Pages by (last_seq, id) descending; last_seq <= bound keeps every page an index range.
    StringBuilder sql = new StringBuilder("SELECT id, last_seq, labels, data FROM request_blocks"
        + " WHERE last_seq <= ? AND (last_seq < ? OR id < ?) AND first_seq < ?");
    for (int i = 0; i < labels.size(); i++) {
      sql.append(" AND labels LIKE ? ESCAPE '!'");
    }
    sql.append(" ORDER BY last_seq DESC, id DESC LIMIT ").append(PAGE);
    List<RequestBlock.Row> found = new ArrayList<>();
    long cursorSeq = Long.MAX_VALUE;
    long cursorId = Long.MAX_VALUE;
    try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
      while (true) {
        int i = 1;
        ps.setLong(i++, Math.min(cursorSeq, plus(beforeSeq, HOUR_SEQ) - 1));
        ps.setLong(i++, cursorSeq);
        ps.setLong(i++, cursorId);
        ps.setLong(i++, beforeSeq);
        for (String label : labels) {
          ps.setString(i++, RequestBlock.labelPattern(label));
        }
        int read = 0;
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            read++;
            long lastSeq = rs.getLong("last_seq");
            if (found.size() >= limit && found.get(limit - 1).seq() > lastSeq) {
              return found; // every row left is older than the limit-th found
            }
            cursorSeq = lastSeq;
            cursorId = rs.getLong("id");
            for (RequestBlock.Row row : RequestBlock.decode(rs.getString("labels"), rs.getBytes("data"))) {
              if (row.seq() < beforeSeq && match.test(row.record())) {
                found.add(row);
              }
            }
            if (found.size() >= limit) {
              found.sort(NEWEST_FIRST);
              found.subList(limit, found.size()).clear();
            }
          }
        }
        if (read < PAGE) {
          found.sort(NEWEST_FIRST);
          return found;
        }
      }
    }
  }

  static final Comparator<RequestBlock.Row> NEWEST_FIRST =
      Comparator.comparingLong(RequestBlock.Row::seq).reversed();

  /** The row of {@code requestId}, whose sequence number is {@code seq}, if stored in a block. */
  static Optional<RequestRecord> get(Connection c, long seq, String requestId) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(COVERING)) {
      ps.setLong(1, seq);
      ps.setLong(2, plus(seq, HOUR_SEQ));
      ps.setLong(3, seq);
      return find(ps, requestId);
    }
  }

  /** The row of {@code requestId}, which carries no sequence number: a scan of the blocks' labels. */
  static Optional<RequestRecord> getByLabel(Connection c, String requestId) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT labels, data FROM request_blocks WHERE labels LIKE ? ESCAPE '!'")) {
      ps.setString(1, RequestBlock.labelPattern(requestId));
      return find(ps, requestId);
    }
  }

  private static Optional<RequestRecord> find(PreparedStatement ps, String requestId) throws SQLException {
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        for (RequestBlock.Row row : RequestBlock.decode(rs.getString("labels"), rs.getBytes("data"))) {
          if (row.record().requestId().equals(requestId)) {
            return Optional.of(row.record());
          }
        }
      }
    }
    return Optional.empty();
  }

  /** The largest sequence number stored in a block, 0 when none. */
  static long lastSequence(Connection c) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT MAX(last_seq) FROM request_blocks");
        ResultSet rs = ps.executeQuery()) {
      return rs.next() ? rs.getLong(1) : 0L;
    }
  }

  /**
   * Deletes blocks whose rows are all before {@code cutoffSeq}, oldest first, about
   * {@code chunk} rows' worth (at least one block); returns the rows deleted (0: none left).
   */
  static long deleteOlder(Connection c, long cutoffSeq, int chunk) throws SQLException {
    List<Long> ids = new ArrayList<>();
    long rows = 0;
    try (PreparedStatement ps = c.prepareStatement("SELECT id, row_count FROM request_blocks WHERE last_seq < ?"
        + " ORDER BY last_seq LIMIT " + Math.max(1, chunk))) {
      ps.setLong(1, cutoffSeq);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next() && (ids.isEmpty() || rows + rs.getLong("row_count") <= chunk)) {
          ids.add(rs.getLong("id"));
          rows += rs.getLong("row_count");
        }
      }
    }
    try (PreparedStatement ps = c.prepareStatement("DELETE FROM request_blocks WHERE id = ?")) {
      for (long id : ids) {
        ps.setLong(1, id);
        ps.addBatch();
      }
      if (!ids.isEmpty()) {
        ps.executeBatch();
      }
    }
    return rows;
  }

  /**
   * Rewrites the blocks holding rows on both sides of {@code cutoffSeq} without the older ones
   * (a block left empty is deleted); returns the rows removed.
   */
  static long trimStraddling(Connection c, long cutoffSeq) throws SQLException {
    long removed = 0;
    List<Trimmed> trimmed = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(COVERING)) {
      ps.setLong(1, cutoffSeq);
      ps.setLong(2, plus(cutoffSeq, HOUR_SEQ));
      ps.setLong(3, cutoffSeq - 1);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          List<RequestBlock.Row> rows = RequestBlock.decode(rs.getString("labels"), rs.getBytes("data"));
          List<RequestBlock.Row> kept = rows.stream().filter(row -> row.seq() >= cutoffSeq).toList();
          removed += rows.size() - kept.size();
          trimmed.add(new Trimmed(rs.getLong("id"), kept));
        }
      }
    }
    try (PreparedStatement delete = c.prepareStatement("DELETE FROM request_blocks WHERE id = ?");
        PreparedStatement insert = c.prepareStatement(INSERT)) {
      for (Trimmed t : trimmed) {
        delete.setLong(1, t.id());
        delete.executeUpdate();
        if (!t.kept().isEmpty()) {
          write(insert, t.kept());
        }
      }
    }
    return removed;
  }

  private record Trimmed(long id, List<RequestBlock.Row> kept) {}

  private static long plus(long seq, long delta) {
    return seq > Long.MAX_VALUE - delta ? Long.MAX_VALUE : seq + delta;
  }
}
