package dev.shepherd.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shepherd.store.Account;
import dev.shepherd.store.KeyRecord;
import dev.shepherd.store.jdbc.JdbcStore;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code shepherd keys create} with an account: it must exist; spend caps in USD need one. */
class KeysCapsCliTest {
  @TempDir
  Path dir;

  @Test
  void unknownAccountsAreRefusedAndCapsAreStored() {
    String dataDir = dir.resolve("data").toString();
    CliTest.Run unknown = CliTest.run("keys", "create", "--data-dir", dataDir, "--name", "k", "--account-id", "acct_x");
    assertEquals(1, unknown.exit());
    assertTrue(unknown.err().contains("--account-id: no account 'acct_x'"), unknown.err());

    try (JdbcStore store = JdbcStore.open("jdbc:sqlite:" + dataDir + "/shepherd.db", "", "")) {
      assertEquals(0, store.keys().list().size(), "nothing stored");
      store.billing().createAccount(new Account("acct_1", "a", "USD", 0, 0, null, 1));
    }
    CliTest.Run noAccount = CliTest.run("keys", "create", "--data-dir", dataDir, "--name", "k",
        "--daily-spend-cap", "5");
    assertEquals(2, noAccount.exit());
    assertTrue(noAccount.err().contains("--daily-spend-cap: needs --account-id"), noAccount.err());
    CliTest.Run bad = CliTest.run("keys", "create", "--data-dir", dataDir, "--name", "k", "--account-id", "acct_1",
        "--monthly-spend-cap", "0");
    assertEquals(2, bad.exit());
    assertTrue(bad.err().contains("--monthly-spend-cap: 0 (expected: an amount in USD > 0)"), bad.err());

    CliTest.Run ok = CliTest.run("keys", "create", "--data-dir", dataDir, "--name", "k", "--account-id", "acct_1",
        "--daily-spend-cap", "2.50", "--monthly-spend-cap", "40");
    assertEquals(0, ok.exit(), ok.err());
    try (JdbcStore store = JdbcStore.open("jdbc:sqlite:" + dataDir + "/shepherd.db", "", "")) {
      KeyRecord k = store.keys().list().getFirst();
      assertEquals("acct_1", k.accountId());
      assertEquals(2_500_000L, k.dailySpendCapMicros());
      assertEquals(40_000_000L, k.monthlySpendCapMicros());
    }
  }
}
