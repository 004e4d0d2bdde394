package dev.shepherd.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.shepherd.store.KeyStoreContract.Target;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link BillingStore#verifyPage}, the paged ledger check behind {@code shepherd ledger verify
 * --progress}: pages cover every account exactly once, in the database's order, and find what
 * {@link BillingStore#mismatches()} finds.
 */
abstract class VerifyPageContract {

  protected abstract Target freshTarget() throws Exception;

  @Test
  void pagesCoverEveryAccountOnceAndFindTheSameMismatches() throws Exception {
    Target target = freshTarget();
    try (Store store = target.open()) {
      List<String> ids = List.of("acct_B", "acct_a", "acct_c", "acct_10", "acct_9", "Acct_z", "acct_é");
      for (String id : ids) {
        store.billing().createAccount(new Account(id, id, "USD", 0, 0, null, 1));
        store.billing().append(List.of(new LedgerEntry("le_" + id, id, LedgerEntry.Kind.TOPUP, 50, 0, "p_" + id,
            "USD", 50, "1", null, 2)));
      }
      try (Connection c = target.connect(); Statement s = c.createStatement()) {
        s.executeUpdate("UPDATE accounts SET promo_micros = 1 WHERE id IN ('acct_a', 'acct_9', 'acct_é')");
      }
      List<String> seen = new ArrayList<>();
      List<String> found = new ArrayList<>();
      String after = "";
      while (true) {
        BillingStore.VerifyPage page = store.billing().verifyPage(after, 2);
        found.addAll(page.mismatches().stream().map(BalanceMismatch::accountId).toList());
        if (page.accounts() == 0) {
          assertEquals(after, page.lastId());
          break;
        }
        seen.add(page.lastId());
        after = page.lastId();
        if (page.accounts() < 2) {
          break;
        }
      }
      assertEquals(4, seen.size(), "7 accounts in pages of 2: " + seen);
      assertEquals(store.billing().verify().stream().sorted().toList(), found.stream().sorted().toList());
      assertEquals(3, found.size());
      assertEquals(50, store.billing().verifyPage("", 10).mismatches().getFirst().entriesPaidMicros());
    }
  }
}
