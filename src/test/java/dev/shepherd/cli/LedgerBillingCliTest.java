package dev.shepherd.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shepherd.store.Account;
import dev.shepherd.store.LedgerEntry;
import dev.shepherd.store.jdbc.JdbcStore;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code shepherd ledger verify}, run in-process on the embedded SQLite store. */
class LedgerBillingCliTest {
  @TempDir
  Path dir;

  /** The command's own output: the last stdout line (the store logs its opening before it). */
  private static String lastLine(CliTest.Run r) {
    List<String> lines = r.out().lines().toList();
    return lines.isEmpty() ? "" : lines.getLast();
  }

  @Test
  void helpWorks() {
    for (String[] args : new String[][] {{"ledger", "--help"}, {"ledger", "verify", "--help"}}) {
      CliTest.Run r = CliTest.run(args);
      assertEquals(0, r.exit(), String.join(" ", args));
      assertTrue(r.out().contains("Usage:"), r.out());
    }
  }

  @Test
  void verifyPassesOnAConsistentLedgerAndListsTamperedAccounts() throws Exception {
    String dataDir = dir.resolve("data").toString();
    String url = "jdbc:sqlite:" + dataDir + "/shepherd.db";

    CliTest.Run empty = CliTest.run("ledger", "verify", "--data-dir", dataDir);
    assertEquals(0, empty.exit(), empty.err());
    assertEquals("ledger verified: 0 accounts, 0 entries, all balances match", lastLine(empty));

    try (JdbcStore store = JdbcStore.open(url, "", "")) {
      for (String id : List.of("acct_a", "acct_b")) {
        store.billing().createAccount(new Account(id, id, "USD", 0, 0, null, 1));
      }
      store.billing().append(List.of(
          new LedgerEntry("le_1", "acct_a", LedgerEntry.Kind.TOPUP, 100, 0, "pay_1", "USD", 100, "1", null, 1),
          new LedgerEntry("le_2", "acct_b", LedgerEntry.Kind.BONUS, 0, 30, null, null, 0, null, null, 2),
          new LedgerEntry("le_3", "acct_a", LedgerEntry.Kind.CHARGE, -7, 0, "req_1", null, 0, null, "v1", 3)));
    }
    CliTest.Run ok = CliTest.run("ledger", "verify", "--data-dir", dataDir);
    assertEquals(0, ok.exit(), ok.err());
    assertEquals("ledger verified: 2 accounts, 3 entries, all balances match", lastLine(ok));

    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement()) {
      s.executeUpdate("UPDATE accounts SET paid_micros = 1000 WHERE id = 'acct_a'");
    }
    CliTest.Run bad = CliTest.run("ledger", "verify", "--data-dir", dataDir);
    assertEquals(1, bad.exit());
    assertEquals("acct_a: stored paid=1000 promo=0, entries sum paid=93 promo=0 (micro-USD)", lastLine(bad));
    assertTrue(bad.err().contains("1 of 2 accounts"), bad.err());
  }
}
