package dev.shepherd.billing;

import dev.shepherd.store.Account;
import dev.shepherd.store.LedgerEntry;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * What credit costs one request on one instance: the price version lookup, the maximum cost,
 * {@link Wallet#hold}, then the actual cost and {@link Wallet#settle} (which builds the CHARGE
 * ledger entry; queueing it for the write-behind writer is a lock-free queue add, not measured).
 * The target: hold + settle under 5 µs.
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
  private PriceVersion price;

  @Setup
  public void setup() {
    wallet = new Wallet();
    wallet.load(new Account("acct_1", "bench", "USD", Long.MAX_VALUE / 4, 1_000_000, null, 0));
    price = PriceVersion.of("gpt-4o-mini", 0, 150_000, 75_000, 600_000, 150_000, 75_000, 600_000, true);
  }

  @Benchmark
  public LedgerEntry holdAndSettle() {
    long max = Cost.maxCostMicros(price, 1_200, 1_000);
    Wallet.Hold hold = wallet.hold("acct_1", max);
    long actual = Cost.costMicros(price, 1_200, 256, 180);
    return wallet.settle(hold, actual, "le_bench", "req_bench", price.version(), 1L);
  }
}
