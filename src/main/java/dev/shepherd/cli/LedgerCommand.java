package dev.shepherd.cli;

import dev.shepherd.billing.Micros;
import dev.shepherd.store.BalanceMismatch;
import dev.shepherd.store.HoldRecovery;
import dev.shepherd.store.BillingStore;
import dev.shepherd.store.Store;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code shepherd ledger verify}: checks, directly in the store (no server needed), that every
 * account's stored balances equal the sum of its ledger entries. Exits 0 when all match, 1 when
 * any account differs (each one is listed with both figures).
 */
@Command(name = "ledger", mixinStandardHelpOptions = true, description = "Inspect the billing ledger.",
    subcommands = {LedgerCommand.Verify.class})
public final class LedgerCommand implements Runnable {
  @Override
  public void run() {
    new picocli.CommandLine(this).usage(System.out);
  }

  @Command(name = "verify", mixinStandardHelpOptions = true,
      description = "Check stored account balances against the sum of their ledger entries.")
  static final class Verify implements Callable<Integer> {
    @Mixin ConfigSource source;

    @Override
    public Integer call() {
      try (Store store = KeysCommand.open(source)) {
        BillingStore billing = store.billing();
        List<BalanceMismatch> mismatches = billing.mismatches();
        List<String> held = billing.heldMismatches();
        int accounts = billing.accounts().size();
        long[] holds = billing.outstandingHolds();
        List<HoldRecovery> recoveries = billing.recoveries(1_000);
        long lost = recoveries.stream().mapToLong(HoldRecovery::holds).sum();
        System.out.printf("holds outstanding: %d ($%s)%s%n", holds[0], Micros.format(holds[1]),
            holds[0] == 0 ? "" : " (requests in flight, or left by a crash: released at the next start)");
        System.out.printf("stale holds released so far: %d in %d recoveries (requests whose charge was lost)%n",
            lost, recoveries.size());
        held.forEach(h -> System.out.println(h + " (micro-USD)"));
        if (mismatches.isEmpty() && held.isEmpty()) {
          System.out.printf("ledger verified: %d accounts, %d entries, all balances match%n",
              accounts, billing.entryCount());
          return 0;
        }
        for (BalanceMismatch m : mismatches) {
          System.out.printf("%s: stored paid=%d promo=%d, entries sum paid=%d promo=%d (micro-USD)%n",
              m.accountId(), m.storedPaidMicros(), m.storedPromoMicros(),
              m.entriesPaidMicros(), m.entriesPromoMicros());
        }
        System.err.printf("ledger mismatch: %d of %d accounts differ from their entries, %d from their holds%n",
            mismatches.size(), accounts, held.size());
        return 1;
      }
    }
  }
}
