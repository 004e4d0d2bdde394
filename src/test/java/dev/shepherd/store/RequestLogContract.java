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

  static List<String> ids(List<RequestRecord> rows) {
    return rows.stream().map(RequestRecord::requestId).toList();
  }
}
