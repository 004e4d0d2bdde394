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
        ttftMicros, 3, 120, failed ? "{\"q\":1}" : null, failed ? "{\"a\":2}" : null);
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

  /** Answered rows go to blocks; failed ones and ones with payloads keep a row; listings merge them. */
  @Test
  void blocksAndOwnRowsMergeNewestFirstAndPage() {
    java.util.concurrent.atomic.AtomicLong now = new java.util.concurrent.atomic.AtomicLong(T0);
    RequestIds gen = new RequestIds(() -> Instant.ofEpochMilli(now.get()), 0);
    RequestLogStore log = store.requests();
    List<RequestRecord> all = new ArrayList<>();
    for (int batch = 0; batch < 6; batch++) {
      List<RequestRecord> rows = new ArrayList<>();
      for (int i = 0; i < 9; i++) {
        String id = gen.next();
        long at = now.getAndAdd(7);
        RequestRecord r = switch (i % 3) {
          case 0 -> row(id, "m", at, "OK", false, 100 + i, false, -1);
          case 1 -> row(id, "m", at, "ERROR", true, 100 + i, false, -1);
          default -> i == 5 ? row(id, "m", at, "OK", false, 7, true, 3).withText(null, "{}", "hi")
              : row(id, "m", at, "CLIENT_CLOSED", false, 100 + i, true, 4);
        };
        rows.add(r);
      }
      java.util.Collections.shuffle(rows, new java.util.Random(batch)); // a batch in any order
      assertEquals(9, log.write(rows));
      all.addAll(rows);
    }
    all.sort(java.util.Comparator.comparing(RequestRecord::requestId).reversed()); // ids sort by time
    assertEquals(ids(all), ids(log.recent(new RequestQuery(Status.ALL, null, null, Long.MAX_VALUE, 1_000))));
    assertEquals(ids(all.subList(0, 4)), ids(log.recent(new RequestQuery(Status.ALL, null, null, Long.MAX_VALUE, 4))));
    long before = all.get(20).createdAt();
    List<RequestRecord> older = all.stream().filter(r -> r.createdAt() < before).toList();
    assertEquals(ids(older.subList(0, 10)), ids(log.recent(new RequestQuery(Status.ALL, null, null, before, 10))));
    assertEquals(ids(all.stream().filter(r -> r.outcome().equals("OK")).toList()),
        ids(log.recent(new RequestQuery(Status.OK, null, null, Long.MAX_VALUE, 1_000))));
    for (RequestRecord r : all) {
      assertEquals(r, log.get(r.requestId()).orElseThrow());
    }
    assertEquals(RequestIds.sequence(all.get(0).requestId()), log.lastSequence());
    assertEquals(0, log.write(all)); // every row is known, wherever it is stored
    RequestRecord late = row(gen.next(), "m", now.get(), "OK", false, 5, false, -1);
    assertEquals(1, log.write(List.of(late, all.get(0), late))); // once, even when repeated in its batch
    assertEquals(55, only(T0, "m").requests());
  }

  /** A client's model name may hold a NUL, which PostgreSQL's text cannot: it is stored as U+FFFD, and the batch is kept. */
  @Test
  void aNulInAClientsTextIsStoredAsAReplacementCharacter() {
    RequestRecord ok = new RequestRecord("req_nul_ok", T0, "key_1", "acct_1", "m", "bad\0model", "p/m", "chat", false,
        200, "OK", null, null, false, 1, null, 1, 2, 3, 4, -1, 5, 6, null, null);
    RequestRecord failed = new RequestRecord("req_nul_failed", T0 + 1, "key_1", "acct_1", null, "bad\0model", null,
        "chat", false, 404, "ERROR", "model_not_found", "no model bad\0model", false, 0, null, -1, -1, -1, 4, -1, -1,
        -1, "{\"model\":\"bad\0model\"}", null);
    assertEquals(2, store.requests().write(List.of(ok, failed)));
    assertEquals("bad\uFFFDmodel", store.requests().get("req_nul_ok").orElseThrow().requestedModel());
    RequestRecord back = store.requests().get("req_nul_failed").orElseThrow();
    assertEquals("bad\uFFFDmodel", back.requestedModel());
    assertEquals("no model bad\uFFFDmodel", back.errorDetail());
    assertEquals("{\"model\":\"bad\uFFFDmodel\"}", back.requestBody());
  }

  /** Listings filtered by key or model across many blocks, and labels with characters LIKE treats specially. */
  @Test
  void blockListingsFilterByKeyAndModel() {
    String[] keys = {"key_a", "key%b", "key\\c", "key\nd"};
    String[] models = {"m_1", "m%2", "M_1"};
    List<RequestRecord> all = new ArrayList<>();
    for (int batch = 0; batch < 40; batch++) {
      List<RequestRecord> rows = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        int n = batch * 10 + i;
        String key = keys[(batch % 7 == 0 ? n : batch) % keys.length];
        String model = models[n % models.length];
        rows.add(new RequestRecord("x" + n, T0 + n, key, "acct", model, model + "\nasked", "p/" + model, "chat",
            false, 200, "OK", null, null, false, 1, null, 1, 2, 3, 4, -1, 5, 6, null, null));
      }
      store.requests().write(rows);
      all.addAll(rows);
    }
    java.util.Collections.reverse(all);
    for (String key : keys) {
      for (int limit : new int[] {1, 7, 1_000}) {
        assertEquals(ids(all.stream().filter(r -> r.keyId().equals(key)).limit(limit).toList()),
            ids(store.requests().recent(new RequestQuery(Status.ALL, null, key, Long.MAX_VALUE, limit))), key);
      }
    }
    for (String model : models) {
      assertEquals(ids(all.stream().filter(r -> r.model().equals(model) && r.keyId().equals("key%b")
          && r.createdAt() < T0 + 390).toList()),
          ids(store.requests().recent(new RequestQuery(Status.OK, model, "key%b", T0 + 390, 1_000))), model);
    }
    assertEquals(40 * 10 / 3, store.requests().recent(new RequestQuery(Status.ALL, "m%2\nasked", null, Long.MAX_VALUE,
        1_000)).size());
    assertEquals(ids(all.stream().filter(r -> r.requestedModel().equals("m%2\nasked")).toList()),
        ids(store.requests().recent(new RequestQuery(Status.ALL, "m%2\nasked", null, Long.MAX_VALUE, 1_000))));
    assertEquals(all.get(0), store.requests().get("x399").orElseThrow()); // an id without a sequence: by label
  }

  /** Retention removes exactly the rows before the cutoff, rewriting the block that holds rows on both sides. */
  @Test
  void retentionTrimsTheBlockStraddlingTheCutoff() {
    List<RequestRecord> rows = new ArrayList<>();
    RequestIds gen = new RequestIds(() -> Instant.ofEpochMilli(T0 + rows.size() * 60_000L), 0);
    for (int i = 0; i < 10; i++) {
      rows.add(row(gen.next(), "m", T0 + i * 60_000L, "OK", false, 10 + i, false, -1));
    }
    store.requests().write(rows);
    assertEquals(4, store.requests().deleteRequestsBefore(T0 + 3 * 60_000L + 1, 100));
    assertEquals(0, store.requests().deleteRequestsBefore(T0 + 3 * 60_000L + 1, 100));
    List<RequestRecord> left = new ArrayList<>(rows.subList(4, 10));
    java.util.Collections.reverse(left);
    assertEquals(ids(left), ids(store.requests().recent(new RequestQuery(Status.ALL, null, null, Long.MAX_VALUE, 100))));
    assertTrue(store.requests().get(rows.get(3).requestId()).isEmpty());
    assertEquals(rows.get(4), store.requests().get(rows.get(4).requestId()).orElseThrow());
    assertEquals(6, store.requests().deleteRequestsBefore(T0 + HOUR, 1));
  }

  /** Instances sharing a database write blocks whose ranges interleave; listings still merge them by time. */
  @Test
  void interleavedBlocksOfTwoInstancesListInOrder() {
    java.util.concurrent.atomic.AtomicLong now = new java.util.concurrent.atomic.AtomicLong(T0);
    RequestIds a = new RequestIds(() -> Instant.ofEpochMilli(now.get()), 0);
    RequestIds b = new RequestIds(() -> Instant.ofEpochMilli(now.get()), 0);
    List<RequestRecord> all = new ArrayList<>();
    List<RequestRecord> ofA = new ArrayList<>();
    List<RequestRecord> ofB = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      RequestIds gen = i % 3 == 0 ? b : a;
      RequestRecord r = row(gen.next(), "m", now.getAndAdd(3), "OK", false, i, false, -1);
      (gen == a ? ofA : ofB).add(r);
      all.add(r);
      if (ofA.size() == 37) {
        store.requests().write(ofA);
        ofA.clear();
      }
      if (ofB.size() == 11) {
        store.requests().write(ofB);
        ofB.clear();
      }
    }
    store.requests().write(ofA);
    store.requests().write(ofB);
    java.util.Collections.reverse(all);
    for (int limit : new int[] {1, 5, 50, 300}) {
      assertEquals(ids(all.subList(0, limit)),
          ids(store.requests().recent(new RequestQuery(Status.ALL, null, null, Long.MAX_VALUE, limit))));
    }
  }

  static List<String> ids(List<RequestRecord> rows) {
    return rows.stream().map(RequestRecord::requestId).toList();
  }
}
