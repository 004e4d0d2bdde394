package dev.shepherd.cli;

import dev.shepherd.billing.Micros;
import dev.shepherd.store.BalanceMismatch;
import dev.shepherd.store.HoldRecovery;
import dev.shepherd.store.BillingStore;
import dev.shepherd.store.Store;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code shepherd ledger verify}: checks, directly in the store (no server needed), that every
 * account's stored balances equal the sum of its ledger entries. Exits 0 when all match, 1 when
 * any account differs (each one is listed with both figures).
 */
@Command(name = "ledger", mixinStandardHelpOptions = true, description = "Inspect the billing ledger.",
    subcommands = {LedgerCommand.Verify.class},
    footer = {"", "Example:", "  shepherd ledger verify --config shepherd.yaml"})
public final class LedgerCommand implements Runnable {
  @Override
  public void run() {
    new picocli.CommandLine(this).usage(System.out);
  }

  @Command(name = "verify", mixinStandardHelpOptions = true,
      description = "Check stored account balances against the sum of their ledger entries. Exit 0 when all "
          + "match, 1 when any account differs.",
      footer = {"", "Examples:", "  shepherd ledger verify --config shepherd.yaml",
          "  shepherd ledger verify --data-dir /var/lib/shepherd --progress"})
  static final class Verify implements Callable<Integer> {
    /** Accounts per page when showing progress. */
    static final int PAGE = 500;
    @Mixin ConfigSource source;
    @Option(names = "--progress", negatable = true,
        description = "Show progress on stderr, page by page (default: when stderr is a terminal).")
    Boolean progress;

    @Override
    public Integer call() {
      try (Store store = KeysCommand.open(source)) {
        BillingStore billing = store.billing();
        Progress p = Progress.of(progress);
        int accounts = billing.accounts().size();
        List<BalanceMismatch> mismatches = p.enabled() ? paged(billing, accounts, p) : billing.mismatches();
        List<String> held = billing.heldMismatches();
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

    /** Account by account, a page at a time, reporting progress. */
    private static List<BalanceMismatch> paged(BillingStore billing, int total, Progress p) {
      List<BalanceMismatch> out = new ArrayList<>();
      String after = "";
      int done = 0;
      p.update("verifying accounts", 0, total);
      while (true) {
        BillingStore.VerifyPage page = billing.verifyPage(after, PAGE);
        out.addAll(page.mismatches());
        done += page.accounts();
        after = page.lastId();
        p.update("verifying accounts", Math.min(done, total), Math.max(done, total));
        if (page.accounts() < PAGE) {
          return out;
        }
      }
    }
  }
}
