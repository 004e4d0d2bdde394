package dev.shepherd.observe.requestlog;

import dev.shepherd.store.RequestIds;
import dev.shepherd.store.RequestRecord;
import dev.shepherd.store.Store;
import dev.shepherd.store.jdbc.JdbcStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the request log's write-behind costs per request on one instance (SQLite, on the writer's
 * virtual thread, in the gateway's process): one batch of {@value #BATCH} rows of one model and
 * hour, all answered — stored as one block ({@code request_blocks}, V10), and added to their hourly
 * rollup (read, merge three histograms, write back) — in one transaction, as
 * {@link RequestLogWriter} writes them. Reported per request (row). Latencies vary so the
 * histograms have realistic spread.
 *
 * <p>Run: {@code bench/jmh/run.sh RequestLogWriteBench}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m", "-XX:+UseParallelGC", "--enable-native-access=ALL-UNNAMED"})
public class RequestLogWriteBench {
  static final int BATCH = 500;
  private Path dir;
  private Store store;
  private long next;
  private final long start = System.currentTimeMillis();
  private long now = start;
  private final RequestIds ids = new RequestIds(() -> java.time.Instant.ofEpochMilli(now), 0);

  @Setup
  public void setup() throws Exception {
    dir = Files.createTempDirectory("requestlog-bench");
    store = JdbcStore.open("jdbc:sqlite:" + dir.resolve("r.db"), "", "");
  }

  @TearDown
  public void tearDown() throws Exception {
    store.close();
    try (var files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public int writeBatch() {
    List<RequestRecord> rows = new ArrayList<>(BATCH);
    for (int i = 0; i < BATCH; i++) {
      long n = next++;
      now = start + n / 10;
      String id = ids.next(); // as the gateway's: keyed by the sequence number in it
      rows.add(new RequestRecord(id, RequestIds.millis(RequestIds.sequence(id)), "key_7f3a9c2e41",
          "acct_1", "gpt-4o-mini", "gpt-4o-mini", "mock/gpt-4o-mini", "chat", n % 2 == 0, 200, "OK", null, null,
          false, 1, null, 1_200, 180, 288, 40_000 + n % 9_000, n % 2 == 0 ? 900 + n % 400 : -1, 39_000 + n % 9_000,
          60 + n % 50, null, null));
    }
    return store.requests().write(rows);
  }
}
