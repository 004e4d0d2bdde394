package dev.shepherd.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shepherd.Shepherd;
import dev.shepherd.store.BillingBatch;
import dev.shepherd.store.LedgerEntry;
import dev.shepherd.store.UsageRecord;
import dev.shepherd.store.jdbc.JdbcStore;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Every command's {@code --help} has an example; long commands report progress on stderr. */
class ProgressAndHelpCliTest {
  @TempDir Path dir;

  /** Every command and subcommand, as argument paths ({@code []} is the root). */
  static List<List<String>> commands(CommandLine c, List<String> path) {
    List<List<String>> out = new ArrayList<>();
    out.add(path);
    c.getSubcommands().forEach((name, sub) -> {
      if (!name.equals(sub.getCommandName())) {
        return; // an alias of a command already listed
      }
      List<String> p = new ArrayList<>(path);
      p.add(name);
      out.addAll(commands(sub, p));
    });
    return out;
  }

  @Test
  void everyCommandsHelpHasAnExample() {
    List<List<String>> all = commands(new CommandLine(new Shepherd()), List.of());
    assertTrue(all.size() >= 11, String.valueOf(all));
    for (List<String> path : all) {
      List<String> args = new ArrayList<>(path);
      args.add("--help");
      CliTest.Run r = CliTest.run(args.toArray(String[]::new));
      assertEquals(0, r.exit(), String.join(" ", args));
      assertTrue(r.out().contains("Usage:"), r.out());
      assertTrue(r.out().contains("Example"), "no example in `shepherd " + String.join(" ", args) + "`:\n" + r.out());
    }
  }

  @Test
  void ledgerVerifyReportsProgressPageByPageAndFindsTheSameMismatches() throws Exception {
    String dataDir = dir.resolve("data").toString();
    String url = "jdbc:sqlite:" + dataDir + "/shepherd.db";
    int accounts = 1_203;
    try (JdbcStore store = JdbcStore.open(url, "", "")) {
      store.billing().append(List.of()); // migrated
    }
    try (Connection c = DriverManager.getConnection(url)) {
      c.setAutoCommit(false);
      try (PreparedStatement ps = c.prepareStatement(
          "INSERT INTO accounts (id, name, currency, paid_micros, promo_micros, created_at) VALUES (?, ?, 'USD', 0, 0, 1)")) {
        for (int i = 0; i < accounts; i++) {
          ps.setString(1, String.format("acct_%05d", i));
          ps.setString(2, "a" + i);
          ps.addBatch();
        }
        ps.executeBatch();
      }
      c.commit();
    }
    try (JdbcStore store = JdbcStore.open(url, "", "")) {
      store.billing().append(List.of(
          new LedgerEntry("le_1", "acct_00700", LedgerEntry.Kind.TOPUP, 100, 0, "pay_1", "USD", 100, "1", null, 1)));
    }
    try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
      s.executeUpdate("UPDATE accounts SET paid_micros = 5 WHERE id IN ('acct_00003', 'acct_00700', 'acct_01202')");
    }
    CliTest.Run plain = CliTest.run("ledger", "verify", "--data-dir", dataDir, "--no-progress");
    CliTest.Run shown = CliTest.run("ledger", "verify", "--data-dir", dataDir, "--progress");
    assertEquals(1, plain.exit());
    assertEquals(1, shown.exit());
    assertEquals(withoutLogs(plain.out()), withoutLogs(shown.out()));
    assertTrue(shown.out().contains("acct_00700: stored paid=5 promo=0, entries sum paid=100"), shown.out());
    assertFalse(plain.err().contains("verifying accounts"), plain.err());
    List<String> lines = shown.err().lines().filter(l -> l.startsWith("verifying accounts")).toList();
    assertEquals("verifying accounts 0/1,203", lines.getFirst());
    assertEquals("verifying accounts 1,203/1,203", lines.getLast());
    assertTrue(shown.err().contains("3 of 1203 accounts differ"), shown.err());
  }

  @Test
  void usageReportReadsLongPeriodsInStepsWithProgress() {
    String dataDir = dir.resolve("usage").toString();
    long nov1 = Instant.parse("2026-11-01T00:00:00Z").toEpochMilli();
    try (JdbcStore store = JdbcStore.open("jdbc:sqlite:" + dataDir + "/shepherd.db", "", "")) {
      List<UsageRecord> usage = new ArrayList<>();
      for (int d = 0; d < 30; d++) {
        usage.add(new UsageRecord("req_" + d, "acct_1", "key_1", d % 2 == 0 ? "m-a" : "m-b", null, "chat", "OK",
            "upstream", 10, 0, d, 100 + d, 200, null, nov1 + d * 86_400_000L + 5, 5));
      }
      store.billing().write(new BillingBatch(List.of(), List.of(), List.of(), usage));
    }
    String[] common = {"usage", "report", "--data-dir", dataDir, "--from", "2026-11-01", "--to", "2026-12-01",
        "--format", "json"};
    CliTest.Run plain = CliTest.run(append(common, "--no-progress"));
    CliTest.Run shown = CliTest.run(append(common, "--progress"));
    assertEquals(0, shown.exit(), shown.err());
    assertEquals(plain.out(), shown.out());
    assertTrue(shown.out().contains("\"group\" : \"m-a\""), shown.out());
    List<String> lines = shown.err().lines().filter(l -> l.startsWith("reading usage, days")).toList();
    assertEquals("reading usage, days 0/30", lines.getFirst());
    assertEquals("reading usage, days 30/30", lines.getLast());
    assertFalse(plain.err().contains("reading usage"));
  }

  /** Output without log lines ("16:08:20.394 INFO ..."). */
  static String withoutLogs(String out) {
    return String.join("\n", out.lines().filter(l -> !l.matches("^\\d\\d:\\d\\d:\\d\\d\\.\\d{3} .*")).toList());
  }

  static String[] append(String[] args, String more) {
    String[] out = java.util.Arrays.copyOf(args, args.length + 1);
    out[args.length] = more;
    return out;
  }
}
