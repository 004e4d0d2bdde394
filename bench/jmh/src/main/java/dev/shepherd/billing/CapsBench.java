package dev.shepherd.billing;

import dev.shepherd.store.Account;
import dev.shepherd.store.KeyRecord;
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
 * What spend caps add to one request's credit path on one instance: {@link HoldBench}'s hold +
 * settle ({@code baseline}), the same with {@link SpendCaps#reserve} before the hold and
 * {@link SpendCaps#settle} after the settle as {@code HoldCredit} and {@code CreditSettler} do,
 * for a key without caps ({@code uncappedKey}: should equal the baseline) and with both caps
 * ({@code cappedKey}: a map lookup and one more lock).
 *
 * <p>Run: {@code bench/jmh/run.sh CapsBench} (add {@code -prof gc} for allocation per op).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m", "-XX:+UseParallelGC"})
public class CapsBench {
  private static final long NOW = 1_795_000_000_000L;
  private Wallet wallet;
  private PriceVersion price;
  private SpendCaps caps;
  private KeyRecord uncapped;
  private KeyRecord capped;

  @Setup
  public void setup() {
    wallet = new Wallet();
    wallet.load(new Account("acct_1", "bench", "USD", Long.MAX_VALUE / 4, 1_000_000, null, 0));
    price = PriceVersion.of("gpt-4o-mini", 0, 150_000, 75_000, 600_000, 150_000, 75_000, 600_000, true);
    caps = new SpendCaps();
    uncapped = new KeyRecord("key_free", "free", "h1", "sk-shp-1", "acct_1", null, null, null, null, null, 0, null, 0);
    capped = new KeyRecord("key_capped", "capped", "h2", "sk-shp-2", "acct_1", null, null, null, null, null, 0, null, 0,
        Long.MAX_VALUE / 4, Long.MAX_VALUE / 4);
  }

  @Benchmark
  public LedgerEntry baseline() {
    long max = Cost.maxCostMicros(price, 1_200, 1_000);
    Hold hold = wallet.hold("acct_1", max);
    long actual = Cost.costMicros(price, 1_200, 256, 180);
    return wallet.settle(hold, actual, "le_bench", "req_bench", price.version(), NOW);
  }

  @Benchmark
  public LedgerEntry uncappedKey() {
    return withCaps(uncapped);
  }

  @Benchmark
  public LedgerEntry cappedKey() {
    return withCaps(capped);
  }

  private LedgerEntry withCaps(KeyRecord key) {
    long max = Cost.maxCostMicros(price, 1_200, 1_000);
    if (caps.reserve(key, max, NOW) != null) {
      throw new IllegalStateException("refused");
    }
    Hold hold = wallet.hold("acct_1", max);
    long actual = Cost.costMicros(price, 1_200, 256, 180);
    LedgerEntry e = wallet.settle(hold, actual, "le_bench", "req_bench", price.version(), NOW);
    caps.settle(key, max, actual, NOW);
    return e;
  }
}
