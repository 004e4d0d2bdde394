package dev.shepherd.billing;

import dev.shepherd.store.Account;
import dev.shepherd.store.BillingBatch;
import dev.shepherd.store.HoldRecord;
import dev.shepherd.store.LedgerEntry;
import dev.shepherd.store.Settlement;
import dev.shepherd.store.Store;
import dev.shepherd.store.UsageRecord;
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
 * What the write-behind costs per metered request on one instance (SQLite, off the event loop but
 * in the gateway's process): one batch of {@value #BATCH} requests — each a settlement with its
 * CHARGE entry and a usage record, the hold opened and settled in the same batch (so never
 * written) — in one transaction. Reported per request.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m", "-XX:+UseParallelGC", "--enable-native-access=ALL-UNNAMED"})
public class BillingWriteBench {
  static final int BATCH = 500;
  private Path dir;
  private Store store;
  private long next;

  @Setup
  public void setup() throws Exception {
    dir = Files.createTempDirectory("billing-bench");
    store = JdbcStore.open("jdbc:sqlite:" + dir.resolve("b.db"), "", "");
    store.billing().createAccount(new Account("acct_1", "bench", "USD", 0, 0, null, 0));
    store.billing().append(List.of(new LedgerEntry("le_topup", "acct_1", LedgerEntry.Kind.TOPUP, Long.MAX_VALUE / 4, 0,
        "t", "USD", 0, "1", null, 0)));
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
  public Object writeBatch() {
    List<Settlement> settled = new ArrayList<>(BATCH);
    List<UsageRecord> usage = new ArrayList<>(BATCH);
    for (int i = 0; i < BATCH; i++) {
      String req = "req_bench_" + (next++);
      HoldRecord hold = new HoldRecord(req, "acct_1", "inst_bench", 200, 1L);
      LedgerEntry charge = new LedgerEntry("le_" + req, "acct_1", LedgerEntry.Kind.CHARGE, -120, 0, req, null, 0, null,
          "gpt-4o-mini@0:abcd", 1L);
      settled.add(new Settlement(hold, charge, 120, null, req, "gpt-4o-mini@0:abcd", 1L).unstored());
      usage.add(new UsageRecord(req, "acct_1", "key_1", "gpt-4o-mini", "mock/gpt-4o-mini", "chat", "OK", "upstream",
          1_200, 0, 180, 120, 120, "gpt-4o-mini@0:abcd", 1L, 5));
    }
    return store.billing().write(new BillingBatch(List.of(), settled, List.of(), usage));
  }
}
