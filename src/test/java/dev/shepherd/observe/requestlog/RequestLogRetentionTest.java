package dev.shepherd.observe.requestlog;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.shepherd.config.RequestLogConfig;
import dev.shepherd.store.RequestQuery;
import dev.shepherd.store.RequestRecord;
import dev.shepherd.store.RequestRollup;
import dev.shepherd.store.Store;
import dev.shepherd.store.jdbc.JdbcStore;
import dev.shepherd.testing.MutableClock;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Retention of rows (days) and rollups (days, whole hours), driven by an injected clock. */
class RequestLogRetentionTest {
  static final long DAY = 86_400_000L;
  static final long HOUR = RequestRollup.HOUR;
  static final long NOW = Instant.parse("2026-11-24T10:30:00Z").toEpochMilli();
  @TempDir Path dir;
  Store store;
  MutableClock clock;

  @BeforeEach
  void open() {
    store = JdbcStore.open("jdbc:sqlite:" + dir.resolve("r.db"), null, null);
    clock = new MutableClock(NOW);
  }

  @AfterEach
  void close() {
    store.close();
  }

  static RequestRecord row(String id, long at) {
    return new RequestRecord(id, at, "key_1", null, "m", "m", "p/m", "chat", false, 200, "OK", null, null, false, 1,
        null, 1, 1, -1, 1_000, -1, 1, 10, null, null);
  }

  long rows() {
    return store.requests().recent(new RequestQuery(RequestQuery.Status.ALL, null, null, Long.MAX_VALUE, 1_000)).size();
  }

  long rollups() {
    return store.requests().rollups(0, Long.MAX_VALUE).size();
  }

  @Test
  void keepsRowsForRetentionDaysAndRollupsForRollupRetentionDays() {
    List<RequestRecord> batch = new ArrayList<>();
    for (int d = 0; d < 10; d++) { // one request a day, 0 to 9 days ago
      batch.add(row("req_" + d, NOW - d * DAY));
    }
    store.requests().write(batch);
    RequestLogRetention retention = new RequestLogRetention(store.requests(),
        new RequestLogConfig(true, 7, 8, false, 1_024), clock, 0);
    // Rows: 8 and 9 days old are past 7 days. Rollups: the cutoff is the hour holding now − 8 days
    // (10:00 eight days ago, kept: part of it is inside); only the hour nine days ago goes.
    assertEquals(new RequestLogRetention.Swept(2, 1), retention.sweep());
    assertEquals(8, rows());
    assertEquals(9, rollups());
    assertEquals(new RequestLogRetention.Swept(0, 0), retention.sweep());

    clock.advance(DAY); // the row written 7 days before the start is now 8 days old; the rollup 8 days before, 9
    assertEquals(new RequestLogRetention.Swept(1, 1), retention.sweep());
    assertEquals(7, rows());
    assertEquals(8, rollups());

    clock.advance(30 * DAY);
    assertEquals(new RequestLogRetention.Swept(7, 8), retention.sweep());
    assertEquals(0, rows());
    assertEquals(0, rollups());
  }

  @Test
  void anHourIsKeptWhileAnyOfItIsInsideTheRollupRetention() {
    store.requests().write(List.of(row("req_a", NOW - DAY - 20 * 60_000))); // 10:10 yesterday
    RequestLogRetention retention = new RequestLogRetention(store.requests(),
        new RequestLogConfig(true, 1, 1, false, 1_024), clock, 0);
    assertEquals(new RequestLogRetention.Swept(1, 0), retention.sweep()); // the row is 1 day 20 min old; its hour 10:00 still overlaps
    clock.advance(30 * 60_000); // 11:00 today: the 10:00 hour of yesterday is wholly past
    assertEquals(new RequestLogRetention.Swept(0, 1), retention.sweep());
  }

  @Test
  void rowsAreSweptInChunksLargerThanOne() {
    List<RequestRecord> batch = new ArrayList<>();
    for (int i = 0; i < RequestLogRetention.CHUNK + 7; i++) {
      batch.add(row("req_" + i, NOW - 3 * DAY + i));
    }
    store.requests().write(batch);
    RequestLogRetention retention = new RequestLogRetention(store.requests(),
        new RequestLogConfig(true, 1, 400, false, 1_024), clock, 0);
    assertEquals(RequestLogRetention.CHUNK + 7, retention.sweep().requests());
    assertEquals(0, rows());
    assertEquals(1, rollups());
  }
}
