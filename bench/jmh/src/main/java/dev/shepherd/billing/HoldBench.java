package dev.shepherd.billing;

import dev.shepherd.store.Account;
import dev.shepherd.store.BatchResult;
import dev.shepherd.store.BillingStore;
import dev.shepherd.store.LedgerEntry;
import dev.shepherd.store.UsageRecord;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What credit costs one request on one instance: the maximum cost, {@link LocalCredit#hold}
 * (wallet hold + the hold record queued for the journal), then the actual cost, the usage record
 * and {@link LocalCredit#settle} (CHARGE entry, settlement and usage queued for the write-behind
 * writer, which drains them to a no-op store on its own thread meanwhile). {@code walletOnly}
 * is the in-memory part alone. The target: hold + settle under 5 µs.
 *
 * <p>Run: {@code bench/jmh/run.sh HoldBench} (add {@code -prof gc} for allocation per op).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m", "-XX:+UseParallelGC"})
public class HoldBench {
  private Wallet wallet;
  private LocalCredit credit;
  private LedgerWriter writer;
  private PriceVersion price;

  @Setup
  public void setup() {
    wallet = new Wallet();
    wallet.load(new Account("acct_1", "bench", "USD", Long.MAX_VALUE / 4, 1_000_000, null, 0));
    BillingStore noop = (BillingStore) Proxy.newProxyInstance(BillingStore.class.getClassLoader(),
        new Class<?>[] {BillingStore.class}, (p, m, args) -> m.getReturnType() == List.class ? List.of()
            : m.getReturnType() == BatchResult.class ? BatchResult.EMPTY : null);
    writer = new LedgerWriter(noop, 100);
    Wallet shared = new Wallet();
    shared.load(new Account("acct_1", "bench", "USD", Long.MAX_VALUE / 4, 1_000_000, null, 0));
    credit = new LocalCredit(shared, writer, "inst_bench");
    price = PriceVersion.of("gpt-4o-mini", 0, 150_000, 75_000, 600_000, 150_000, 75_000, 600_000, true);
  }

  @TearDown
  public void tearDown() {
    writer.close();
  }

  @Benchmark
  public LedgerEntry walletOnly() {
    long max = Cost.maxCostMicros(price, 1_200, 1_000);
    Hold hold = wallet.hold("acct_1", max);
    long actual = Cost.costMicros(price, 1_200, 256, 180);
    return wallet.settle(hold, actual, "le_bench", "req_bench", price.version(), 1L);
  }

  @Benchmark
  public boolean holdAndSettle() {
    long max = Cost.maxCostMicros(price, 1_200, 1_000);
    Hold hold = credit.hold(null, "acct_1", max, "req_bench", 1L).result();
    long actual = Cost.costMicros(price, 1_200, 256, 180);
    UsageRecord usage = new UsageRecord("req_bench", "acct_1", "key_1", "gpt-4o-mini", "openai/gpt-4o-mini", "chat",
        "OK", "upstream", 1_200, 256, 180, actual, Cost.listCostMicros(price, 1_200, 256, 180), price.version(), 1L, 5);
    return credit.settle(hold, actual, price.version(), usage, 1L);
  }
}
