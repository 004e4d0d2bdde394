package dev.shepherd.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shepherd.store.KeyStoreContract.Target;
import dev.shepherd.store.RequestQuery.Status;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The request log's SQL ({@link RequestLogStore}) against each database: rows, incremental hourly
 * rollups (exact counts, idempotent retries, concurrent writers), listings, retention deletes and
 * percentiles read back from stored rollups.
 */
abstract class RequestLogContract {
  static final long HOUR = RequestRollup.HOUR;
  static final long T0 = Instant.parse("2026-11-24T10:00:00Z").toEpochMilli();

  protected abstract Target freshTarget() throws Exception;

  protected Store store;
  private int next;

  @BeforeEach
  void openStore() throws Exception {
    store = freshTarget().open();
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  RequestRecord row(String model, long at, String outcome, boolean sloError, long latencyMicros) {
    return row("req_" + next++, model, at, outcome, sloError, latencyMicros, false, -1);
  }

  static RequestRecord row(String id, String model, long at, String outcome, boolean sloError, long latencyMicros,
      boolean stream, long ttftMicros) {
    boolean failed = outcome.equals("ERROR") || outcome.equals("INCOMPLETE");
    return new RequestRecord(id, at, "key_1", "acct_1", model, model == null ? "nope" : model,
        model == null ? null : "fake/" + model, "chat", stream, failed ? 502 : 200, outcome,
        failed ? "upstream_error" : null, failed ? "upstream fake: HTTP 500" : null, sloError, failed ? 2 : 1,
        failed ? "candidates=fake/a; skipped=; attempts=fake/a:500:3ms" : null, 10, 5, 42, latencyMicros,
        ttftMicros, 3, 120, "{\"q\":1}", "{\"a\":2}");
  }

  RequestRollup only(long hour, String model) {
    List<RequestRollup> found = store.requests().rollups(hour, hour + HOUR).stream()
        .filter(r -> r.model().equals(model)).toList();
    assertEquals(1, found.size(), "rollups of " + model + " at " + Instant.ofEpochMilli(hour));
    return found.get(0);
  }

  @Test
  void writesRowsAndAddsThemToHourlyRollups() {
    RequestLogStore log = store.requests();
    assertEquals(3, log.write(List.of(row("m-a", T0 + 1, "OK", false, 2_000), row("m-a", T0 + 2, "ERROR", true, 500),
        row("m-b", T0 + HOUR + 5, "OK", false, 9_000))));
    assertEquals(2, log.write(List.of(row("m-a", T0 + 3, "OK", false, 4_000), row(null, T0 + 4, "ERROR", false, 100))));
    RequestRollup a = only(T0, "m-a");
    assertEquals(3, a.requests());
    assertEquals(1, a.errors());
    assertEquals(30, a.promptTokens());
    assertEquals(15, a.completionTokens());
    assertEquals(126, a.costMicros());
    assertEquals(2, a.latency().count()); // answered ones only
    assertEquals(3, a.overhead().count());
    assertEquals(1, only(T0 + HOUR, "m-b").requests());
    assertEquals(2, log.rollups(T0, T0 + 2 * HOUR).size()); // the row without a model is not rolled up
    assertEquals(List.of(T0, T0 + HOUR), log.rollups(T0, T0 + 2 * HOUR).stream().map(RequestRollup::hour).toList());
  }

  @Test
  void aRetriedBatchCountsOnce() {
    List<RequestRecord> batch = List.of(row("m", T0, "OK", false, 1_000), row("m", T0 + 1, "OK", false, 1_000));
    assertEquals(2, store.requests().write(batch));
    assertEquals(0, store.requests().write(batch));
    List<RequestRecord> mixed = new ArrayList<>(batch);
    mixed.add(row("m", T0 + 2, "OK", false, 1_000));
    assertEquals(1, store.requests().write(mixed));
    assertEquals(3, only(T0, "m").requests());
    assertEquals(3, only(T0, "m").latency().count());
  }

  @Test
  void aRetriedLargeBatchFallsBackToRowByRowAndCountsOnce() {
    List<RequestRecord> first = new ArrayList<>();
    for (int i = 0; i < 25; i++) { // two statements of ten rows, then five one by one
      first.add(row("m", T0 + i, i % 4 == 0 ? "ERROR" : "OK", i % 4 == 0, 1_000 + i));
    }
    assertEquals(25, store.requests().write(first));
    List<RequestRecord> again = new ArrayList<>(first.subList(3, 25)); // 22 known rows and 11 new
    for (int i = 0; i < 11; i++) {
      again.add(row("m", T0 + 100 + i, "OK", false, 2_000));
    }
    assertEquals(11, store.requests().write(again));
    RequestRollup r = only(T0, "m");
    assertEquals(36, r.requests());
    assertEquals(7, r.errors());
    assertEquals(36, store.requests().recent(new RequestQuery(Status.ALL, null, null, Long.MAX_VALUE, 100)).size());
  }

  @Test
  void concurrentWritersMergeIntoTheSameRollup() throws Exception {
    int writers = 4;
    int batches = 10;
    int perBatch = 25;
    try (ExecutorService pool = Executors.newFixedThreadPool(writers)) {
      List<Future<?>> done = new ArrayList<>();
      for (int w = 0; w < writers; w++) {
        int writer = w;
        done.add(pool.submit(() -> {
          for (int b = 0; b < batches; b++) {
            List<RequestRecord> rows = new ArrayList<>();
            for (int i = 0; i < perBatch; i++) {
              rows.add(row("w" + writer + "_" + b + "_" + i, "m", T0 + i, "OK", i % 5 == 0, 1_000 + i, true, 100));
            }
            store.requests().write(rows);
          }
          return null;
        }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    }
    RequestRollup r = only(T0, "m");
    assertEquals(writers * batches * perBatch, r.requests());
    assertEquals(writers * batches * 5, r.errors());
    assertEquals(writers * batches * perBatch, r.ttft().count());
  }

  @Test
  void percentilesFromStoredRollupsAreWithinTheBound() {
    java.util.SplittableRandom rnd = new java.util.SplittableRandom(11);
    long[] latencies = new long[3_000];
    List<RequestRecord> rows = new ArrayList<>();
    for (int i = 0; i < latencies.length; i++) {
      latencies[i] = (long) Math.exp(12 + rnd.nextGaussian());
      rows.add(row("m", T0 + (i % 3) * HOUR + i, "OK", false, latencies[i]));
      if (rows.size() == 700) { // several batches and three hours, merged back into one
        store.requests().write(rows);
        rows.clear();
      }
    }
    store.requests().write(rows);
    RequestRollup merged = new RequestRollup(T0, "m");
    store.requests().rollups(T0, T0 + 3 * HOUR).forEach(merged::add);
    Arrays.sort(latencies);
    for (double q : new double[] {0.5, 0.95, 0.99}) {
      double exact = latencies[(int) Math.floor(q * (latencies.length - 1))];
      double got = merged.latency().quantile(q);
      assertTrue(Math.abs(got - exact) <= LatencyHistogram.RELATIVE_ERROR * exact, q + ": " + got + " vs " + exact);
    }
  }

  @Test
  void listsNewestFirstWithFilters() {
    RequestLogStore log = store.requests();
    log.write(List.of(row("req_ok", "m-a", T0, "OK", false, 1, false, -1),
        row("req_caller", "m-a", T0 + 10, "ERROR", false, 1, false, -1),
        row("req_upstream", "m-b", T0 + 20, "ERROR", true, 1, false, -1),
        row("req_broken", "m-a", T0 + 30, "INCOMPLETE", true, 1, true, 50),
        row("req_closed", "m-a", T0 + 40, "CLIENT_CLOSED", false, 1, true, 50)));
    assertEquals(List.of("req_closed", "req_broken", "req_upstream", "req_caller", "req_ok"),
        ids(log.recent(new RequestQuery(Status.ALL, null, null, Long.MAX_VALUE, 10))));
    assertEquals(List.of("req_broken", "req_upstream", "req_caller"),
        ids(log.recent(new RequestQuery(Status.FAILED, null, null, Long.MAX_VALUE, 10))));
    assertEquals(List.of("req_broken", "req_upstream"),
        ids(log.recent(new RequestQuery(Status.SERVER_ERROR, null, null, Long.MAX_VALUE, 10))));
    assertEquals(List.of("req_ok"), ids(log.recent(new RequestQuery(Status.OK, null, null, Long.MAX_VALUE, 10))));
    assertEquals(List.of("req_broken", "req_caller"),
        ids(log.recent(new RequestQuery(Status.FAILED, "m-a", null, Long.MAX_VALUE, 10))));
    assertEquals(List.of("req_caller"), ids(log.recent(new RequestQuery(Status.FAILED, null, "key_1", T0 + 20, 10))));
    assertEquals(List.of(), ids(log.recent(new RequestQuery(Status.ALL, null, "key_2", Long.MAX_VALUE, 10))));
    assertEquals(List.of("req_closed", "req_broken"), ids(log.recent(new RequestQuery(Status.ALL, null, null,
        Long.MAX_VALUE, 2))));
    RequestRecord listed = log.recent(new RequestQuery(Status.FAILED, "m-b", null, Long.MAX_VALUE, 1)).get(0);
    assertNull(listed.requestBody());
    assertEquals("candidates=fake/a; skipped=; attempts=fake/a:500:3ms", listed.route());
    assertEquals(3, listed.upstreamMicros());
    RequestRecord one = log.get("req_upstream").orElseThrow();
    assertEquals(row("req_upstream", "m-b", T0 + 20, "ERROR", true, 1, false, -1), one);
    assertTrue(log.get("req_nope").isEmpty());
  }

  @Test
  void unknownFiguresRoundTripAsMinusOne() {
    RequestRecord r = new RequestRecord("req_x", T0, null, null, null, null, null, "embeddings", false, 401, "ERROR",
        "invalid_api_key", null, false, 0, null, -1, -1, -1, 77, -1, -1, -1, null, null);
    store.requests().write(List.of(r));
    assertEquals(r, store.requests().get("req_x").orElseThrow());
  }

  @Test
  void deletesExpiredRowsInChunksAndOldRollups() {
    List<RequestRecord> rows = new ArrayList<>();
    for (int i = 0; i < 23; i++) {
      rows.add(row("m", T0 + i * HOUR, "OK", false, 1_000));
    }
    store.requests().write(rows);
    assertEquals(10, store.requests().deleteRequestsBefore(T0 + 10 * HOUR, 3));
    assertEquals(13, store.requests().recent(new RequestQuery(Status.ALL, null, null, Long.MAX_VALUE, 100)).size());
    assertEquals(0, store.requests().deleteRequestsBefore(T0 + 10 * HOUR, 3));
    assertEquals(5, store.requests().deleteRollupsBefore(T0 + 5 * HOUR));
    assertEquals(18, store.requests().rollups(0, Long.MAX_VALUE).size());
  }

  @Test
  void gatewayIdsAreKeyedByTheirSequenceInAnyShape() {
    java.util.concurrent.atomic.AtomicLong now = new java.util.concurrent.atomic.AtomicLong(T0);
    RequestIds gen = new RequestIds(() -> Instant.ofEpochMilli(now.get()), 0);
    List<RequestRecord> rows = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      String id = gen.next();
      long at = RequestIds.millis(RequestIds.sequence(id));
      rows.add(switch (i % 3) { // three shapes of known and unknown columns in one batch
        case 0 -> row(id, "m", at, "OK", false, 1_000 + i, false, -1);
        case 1 -> row(id, "m", at, "INCOMPLETE", true, 1_000 + i, true, 40);
        default -> new RequestRecord(id, at, null, null, null, null, null, "chat", false, 401, "ERROR",
            "invalid_api_key", null, false, 0, null, -1, -1, -1, 5, -1, -1, -1, null, null);
      });
      now.addAndGet(i % 2);
    }
    RequestLogStore log = store.requests();
    assertEquals(12, log.write(rows));
    assertEquals(0, log.write(rows)); // a retried batch
    for (RequestRecord r : rows) {
      assertEquals(r, log.get(r.requestId()).orElseThrow());
    }
    List<String> newestFirst = new ArrayList<>(ids(rows));
    java.util.Collections.reverse(newestFirst);
    assertEquals(newestFirst, ids(log.recent(new RequestQuery(Status.ALL, null, null, Long.MAX_VALUE, 100))));
    assertEquals(RequestIds.sequence(rows.get(11).requestId()), log.lastSequence());
    String unknown = new RequestIds(() -> Instant.ofEpochMilli(now.get()), 0).next();
    assertTrue(log.get(unknown).isEmpty());
    assertEquals(8, log.rollups(T0, T0 + HOUR).get(0).requests()); // the 4 rejected rows have no model
  }

  @Test
  void rowsOfOlderIdsInOneMillisecondAllKeepTheirRow() {
    List<RequestRecord> rows = new ArrayList<>();
    for (int i = 0; i < 3_000; i++) {
      rows.add(row("old_" + i, "m", T0, "OK", false, 1_000, false, -1));
    }
    RequestLogStore log = store.requests();
    assertEquals(3_000, log.write(rows));
    assertEquals(0, log.write(rows.subList(0, 500)));
    assertEquals(1_000, log.recent(new RequestQuery(Status.ALL, null, null, Long.MAX_VALUE, 1_000)).size());
    for (int i = 0; i < 3_000; i += 37) {
      assertEquals(rows.get(i), log.get("old_" + i).orElseThrow());
    }
    assertEquals(3_000, only(T0, "m").requests());
  }

  /** A store written by V8 (keyed by request_id) keeps its rows through V9's rebuild. */
  @Test
  void aVersion8RequestLogKeepsItsRowsThroughTheRebuild() throws Exception {
    Target old = freshTarget();
    org.flywaydb.core.Flyway.configure().dataSource(old.url(), old.user(), old.password())
        .locations("classpath:db/migration").target("8").load().migrate();
    try (java.sql.Connection c = old.connect(); java.sql.Statement st = c.createStatement()) {
      for (int i = 0; i < 5; i++) {
        st.executeUpdate("INSERT INTO request_log (request_id, created_at, endpoint, stream, status, outcome,"
            + " slo_error, attempts, latency_us, model) VALUES ('req_0a1b2c3d4e5f_" + i + "', " + (T0 + (i / 2) * HOUR)
            + ", 'chat', 0, 200, 'OK', 0, 1, " + (100 + i) + ", 'm')");
      }
    }
    try (Store migrated = old.open()) {
      RequestLogStore log = migrated.requests();
      assertEquals(List.of("req_0a1b2c3d4e5f_4", "req_0a1b2c3d4e5f_3", "req_0a1b2c3d4e5f_2", "req_0a1b2c3d4e5f_1",
          "req_0a1b2c3d4e5f_0"), ids(log.recent(new RequestQuery(Status.ALL, null, null, Long.MAX_VALUE, 10))));
      assertEquals(103, log.get("req_0a1b2c3d4e5f_3").orElseThrow().latencyMicros());
      RequestIds gen = new RequestIds(java.time.InstantSource.fixed(Instant.ofEpochMilli(T0 + 3 * HOUR)),
          log.lastSequence());
      String id = gen.next();
      assertEquals(1, log.write(List.of(row(id, "m", T0 + 3 * HOUR, "OK", false, 9, false, -1))));
      assertEquals(id, ids(log.recent(new RequestQuery(Status.ALL, null, null, Long.MAX_VALUE, 1))).get(0));
      assertEquals(4, log.deleteRequestsBefore(T0 + 2 * HOUR, 10));
      assertEquals(List.of(id, "req_0a1b2c3d4e5f_4"),
          ids(log.recent(new RequestQuery(Status.ALL, null, null, Long.MAX_VALUE, 10))));
    }
  }

  static List<String> ids(List<RequestRecord> rows) {
    return rows.stream().map(RequestRecord::requestId).toList();
  }
}
