package dev.shepherd.observe.requestlog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shepherd.pipeline.CompletionText;
import dev.shepherd.store.RequestLogStore;
import dev.shepherd.store.RequestQuery;
import dev.shepherd.store.RequestRecord;
import dev.shepherd.store.RequestRollup;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Write-behind: batches, bounded queue, retries, and redaction of payloads on the writer's thread. */
class RequestLogWriterTest {

  /** Records written batches; fails the first {@code failures} writes. */
  static class FakeStore implements RequestLogStore {
    final List<List<RequestRecord>> batches = new CopyOnWriteArrayList<>();
    final AtomicInteger failures = new AtomicInteger();
    volatile Thread writerThread;

    @Override
    public int write(List<RequestRecord> records) {
      writerThread = Thread.currentThread();
      if (failures.getAndDecrement() > 0) {
        throw new IllegalStateException("database is locked");
      }
      batches.add(List.copyOf(records));
      return records.size();
    }

    List<RequestRecord> rows() {
      return batches.stream().flatMap(List::stream).toList();
    }

    @Override
    public List<RequestRecord> recent(RequestQuery query) {
      return List.of();
    }

    @Override
    public long lastSequence() {
      return 0;
    }

    @Override
    public Optional<RequestRecord> get(String requestId) {
      return Optional.empty();
    }

    @Override
    public List<RequestRollup> rollups(long fromHour, long toHour) {
      return List.of();
    }

    @Override
    public long deleteRequestsBefore(long cutoffMillis, int chunk) {
      return 0;
    }

    @Override
    public long deleteRollupsBefore(long cutoffHour) {
      return 0;
    }
  }

  static RequestRecord row(String id, String detail) {
    return new RequestRecord(id, 1_000, "key_1", null, "m", "m", "p/m", "chat", false, 502, "ERROR", "upstream_error",
        detail, true, 1, "candidates=p/m; skipped=; attempts=p/m:500:1ms", -1, -1, -1, 5_000, -1, 1, 30, null, null);
  }

  static RequestLogWriter.Entry entry(String id) {
    return new RequestLogWriter.Entry(row(id, null), null, null, null);
  }

  @Test
  void writesQueuedRowsInBatchesOffTheCallersThread() {
    FakeStore store = new FakeStore();
    try (RequestLogWriter w = new RequestLogWriter(store, 50, 10_000, 1_024)) {
      for (int i = 0; i < 2_500; i++) {
        assertTrue(w.add(entry("req_" + i)));
      }
      w.flush();
      assertEquals(2_500, w.written());
      assertEquals(2_500, store.rows().size());
      assertTrue(store.batches.stream().allMatch(b -> b.size() <= RequestLogWriter.MAX_BATCH));
      assertTrue(store.writerThread.isVirtual());
      assertFalse(store.writerThread == Thread.currentThread());
    }
  }

  /**
   * A full batch that arrives while a batch is being written (a backlog) is taken at once, not a
   * period later; a few rows wait for the next period (one transaction, not one per few rows).
   */
  @Test
  void aBacklogArrivingDuringAWriteIsWrittenWithoutWaitingAPeriod() throws Exception {
    java.util.concurrent.atomic.AtomicReference<RequestLogWriter> writer = new java.util.concurrent.atomic.AtomicReference<>();
    int backlog = RequestLogWriter.MAX_BATCH;
    FakeStore store = new FakeStore() {
      @Override
      public int write(List<RequestRecord> records) {
        if (records.get(0).requestId().equals("first")) {
          for (int i = 0; i < backlog; i++) {
            writer.get().add(entry("meanwhile-" + i));
          }
        }
        return super.write(records);
      }
    };
    try (RequestLogWriter w = new RequestLogWriter(store, 3_000, 10 * backlog, 1_024)) { // one pass every 3 s
      writer.set(w);
      w.add(entry("first"));
      long deadline = System.nanoTime() + 10_000_000_000L;
      while (store.rows().isEmpty() && System.nanoTime() < deadline) { // the first periodic pass
        Thread.sleep(1);
      }
      long firstWritten = System.nanoTime();
      while (store.rows().size() < 1 + backlog && System.nanoTime() < deadline) {
        Thread.sleep(1);
      }
      assertEquals(1 + backlog, store.rows().size());
      assertEquals(List.of(1, backlog), store.batches.stream().map(List::size).toList());
      long waitedMillis = (System.nanoTime() - firstWritten) / 1_000_000;
      assertTrue(waitedMillis < 1_500, "the backlog that arrived during the write waited " + waitedMillis + " ms");
    }
  }

  @Test
  void dropsAndCountsWhenTheQueueIsFull() {
    FakeStore store = new FakeStore();
    store.failures.set(Integer.MAX_VALUE); // nothing drains
    RequestLogWriter w = new RequestLogWriter(store, 60_000, 3, 1_024);
    assertTrue(w.add(entry("a")));
    assertTrue(w.add(entry("b")));
    assertTrue(w.add(entry("c")));
    assertFalse(w.add(entry("d")));
    assertEquals(1, w.dropped());
    store.failures.set(0);
    w.close();
    assertEquals(3, w.written());
    assertFalse(w.add(entry("e")), "closed");
  }

  @Test
  void retriesAFailedBatchThenGivesUpAfterTheLastTry() {
    FakeStore store = new FakeStore();
    store.failures.set(2);
    try (RequestLogWriter w = new RequestLogWriter(store, 10, 100, 1_024)) {
      w.add(entry("req_1"));
      w.flush();
      assertEquals(1, w.written());
      assertEquals(2, w.failures());
      store.failures.set(RequestLogWriter.MAX_TRIES);
      w.add(entry("req_2"));
      w.flush();
      assertEquals(1, w.written());
      assertEquals(1, w.dropped());
    }
  }

  @Test
  void redactsAndCutsPayloadsAndErrorDetails() {
    FakeStore store = new FakeStore();
    String key = "sk-proj-ABCDEFGHIJKLMNOPQRSTUVWXYZ012345";
    byte[] request = ("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"my key is " + key + "\"}],"
        + "\"pad\":\"" + "x".repeat(2_000) + "\"}").getBytes(StandardCharsets.UTF_8);
    Buffer answer = Buffer.buffer("{\"choices\":[{\"message\":{\"content\":\"password=hunter2\"}}]}");
    CompletionText streamed = new CompletionText();
    byte[] chunk = "{\"choices\":[{\"delta\":{\"content\":\"Bearer abcdefghijklmnop\"}}]}".getBytes(StandardCharsets.UTF_8);
    streamed.add(chunk, 0, chunk.length);
    try (RequestLogWriter w = new RequestLogWriter(store, 10, 100, 512)) {
      w.add(new RequestLogWriter.Entry(row("req_1", "upstream said: Incorrect API key provided: " + key
          + " " + "y".repeat(600)), request, answer, null));
      w.add(new RequestLogWriter.Entry(row("req_2", null), null, null, streamed));
      w.flush();
    }
    RequestRecord first = store.rows().get(0);
    assertFalse(first.requestBody().contains("ABCDEFGH"), first.requestBody());
    assertTrue(first.requestBody().contains("my key is sk-[REDACTED]"), first.requestBody());
    assertTrue(first.requestBody().endsWith("…[truncated; " + request.length + " bytes in all]"), first.requestBody());
    assertEquals("{\"choices\":[{\"message\":{\"content\":\"password=[REDACTED]\"}}]}", first.responseBody());
    assertFalse(first.errorDetail().contains("ABCDEFGH"), first.errorDetail());
    assertEquals(501, first.errorDetail().length());
    RequestRecord second = store.rows().get(1);
    assertNull(second.requestBody());
    assertEquals("Bearer [REDACTED]", second.responseBody());
    assertNull(second.errorDetail());
  }

  @Test
  void tooManyPayloadBytesWaitingKeepsRowsWithoutPayloads() {
    FakeStore store = new FakeStore();
    store.failures.set(Integer.MAX_VALUE);
    RequestLogWriter w = new RequestLogWriter(store, 60_000, 100, 1_024);
    byte[] big = new byte[(int) (RequestLogWriter.MAX_PAYLOAD_BYTES_QUEUED / 2 + 1)];
    w.add(new RequestLogWriter.Entry(row("a", null), big, null, null));
    w.add(new RequestLogWriter.Entry(row("b", null), big, null, null));
    assertEquals(1, w.payloadsDropped());
    store.failures.set(0);
    w.close();
    List<RequestRecord> rows = new ArrayList<>(store.rows());
    assertTrue(rows.get(0).requestBody() != null);
    assertNull(rows.get(1).requestBody());
  }
}
