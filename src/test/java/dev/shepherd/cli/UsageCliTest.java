package dev.shepherd.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shepherd.store.Account;
import dev.shepherd.store.BillingBatch;
import dev.shepherd.store.UsageRecord;
import dev.shepherd.store.jdbc.JdbcStore;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code shepherd usage report}, run in-process on the embedded SQLite store of a data dir. */
class UsageCliTest {
  static final long NOV_3 = Instant.parse("2025-11-03T10:00:00Z").toEpochMilli();

  @TempDir
  Path dir;
  String dataDir;

  static UsageRecord record(String id, String account, String key, String model, long at, long completion, long cost,
      long list) {
    return new UsageRecord(id, account, key, model, null, "chat", "OK", "upstream", 0, 0, completion, cost, list,
        null, at, 5);
  }

  @BeforeEach
  void seed() {
    dataDir = dir.resolve("data").toString();
    try (JdbcStore store = JdbcStore.open("jdbc:sqlite:" + dataDir + "/shepherd.db", "", "")) {
      store.billing().createAccount(new Account("acct_cn", "cn", "CNY", 0, 0, null, 1));
      store.billing().createAccount(new Account("acct_us", "us", "USD", 0, 0, null, 1));
      store.billing().createAccount(new Account("acct_now", "now", "CNY", 0, 0, null, 1));
      // 50M completion tokens on DeepSeek V3.2 at $0.42/MTok, and a little else.
      store.billing().write(new BillingBatch(List.of(), List.of(), List.of(), List.of(
          record("req_1", "acct_cn", "key_a", "deepseek-v3.2", NOV_3, 30_000_000, 12_600_000, 12_600_000),
          record("req_2", "acct_cn", "key_b", "deepseek-v3.2", NOV_3 + 86_400_000, 20_000_000, 8_400_000, 8_400_000),
          record("req_3", "acct_us", "key_c", "gpt-x", NOV_3, 1_000, 2_000, 4_000),
          record("req_4", "acct_now", "key_n", "deepseek-v3.2", System.currentTimeMillis(), 10, 5, 5))));
    }
  }

  CliTest.Run report(String... options) {
    List<String> args = new java.util.ArrayList<>(List.of("usage", "report", "--data-dir", dataDir));
    args.addAll(List.of(options));
    return CliTest.run(args.toArray(String[]::new));
  }

  @Test
  void helpHasAnExample() {
    CliTest.Run r = CliTest.run("usage", "report", "--help");
    assertEquals(0, r.exit());
    assertTrue(r.out().contains("shepherd usage report --account acct_123 --from 2026-11-01 --to 2026-12-01"), r.out());
    assertEquals(0, CliTest.run("usage", "--help").exit());
  }

  @Test
  void csvIsTheWholeStdoutAndReproducesTheSeed() {
    CliTest.Run r = report("--account", "acct_cn", "--from", "2025-11-01", "--to", "2025-12-01", "--format", "csv");
    assertEquals(0, r.exit(), r.err());
    assertEquals("""
        model,requests,prompt_tokens,cached_tokens,completion_tokens,cost_usd,list_cost_usd,savings_usd,\
        savings_percent,paid_cny,official_cny,savings_cny,savings_cny_percent
        deepseek-v3.2,2,0,0,50000000,21.00,21.00,0.00,0.00,21.00,153.30,132.30,86.30
        TOTAL,2,0,0,50000000,21.00,21.00,0.00,0.00,21.00,153.30,132.30,86.30
        """.replace("\n", "\r\n"), r.out(), "no log line before the header");
  }

  @Test
  void jsonByDayForAllAccountsInUsd() throws Exception {
    CliTest.Run r = report("--from", "2025-11-01", "--to", "2025-11-05", "--by", "day", "--format", "json",
        "--currency", "usd");
    assertEquals(0, r.exit(), r.err());
    JsonNode n = new ObjectMapper().readTree(r.out());
    assertEquals("USD", n.get("currency").asText());
    assertTrue(n.get("account_id").isNull());
    assertEquals(List.of("2025-11-03", "2025-11-04"), n.get("rows").findValuesAsText("group"));
    assertEquals(2, n.get("rows").get(0).get("requests").asLong());
    assertEquals("12.602", n.get("rows").get(0).get("cost").asText());
    assertEquals("21.002", n.get("total").get("cost").asText());
    assertEquals("21.004", n.get("total").get("list_cost").asText());
    assertEquals("0.002", n.get("total").get("savings").asText());
  }

  @Test
  void tableByKeyDefaultsToTheAccountsCurrency() {
    CliTest.Run r = report("--account", "acct_us", "--from", "2025-11-01T00:00:00Z", "--to", "2025-12-01",
        "--by", "key");
    assertEquals(0, r.exit(), r.err());
    List<String> lines = r.out().lines().toList();
    assertEquals("usage by key, account acct_us, 2025-11-01T00:00:00Z to 2025-12-01T00:00:00Z (end exclusive)",
        lines.get(0));
    assertTrue(lines.get(1).startsWith("KEY    REQUESTS") && lines.get(1).endsWith("SAVINGS_USD_PERCENT"), lines.get(1));
    assertTrue(lines.get(2).startsWith("key_c         1"), lines.get(2));
    assertTrue(lines.get(3).startsWith("TOTAL         1") && lines.get(3).endsWith("50.00"), lines.get(3));
  }

  @Test
  void defaultsToThisUtcMonth() {
    CliTest.Run r = report("--account", "acct_now", "--format", "csv");
    assertEquals(0, r.exit(), r.err());
    assertTrue(r.out().contains("\r\nTOTAL,1,0,0,10,0.000005,"), r.out());
  }

  @Test
  void badOptionsExit2AndAnUnknownAccount1() {
    CliTest.Run by = report("--by", "week");
    assertEquals(2, by.exit());
    assertTrue(by.err().contains("by: week (expected: model, key or day)"), by.err());
    CliTest.Run from = report("--from", "2026-12-01", "--to", "2026-11-01");
    assertEquals(2, from.exit());
    assertTrue(from.err().contains("from: 2026-12-01T00:00:00Z (expected: before to, 2026-11-01T00:00:00Z)"), from.err());
    CliTest.Run date = report("--from", "1 Nov");
    assertEquals(2, date.exit());
    assertTrue(date.err().contains("from: 1 Nov (expected: an ISO date"), date.err());
    assertEquals(2, report("--format", "xml").exit());
    CliTest.Run currency = report("--currency", "JPY");
    assertEquals(2, currency.exit());
    assertTrue(currency.err().contains("currency: JPY (expected: one with a plan and a market rate: CNY, USD)"),
        currency.err());
    CliTest.Run nobody = report("--account", "acct_nobody");
    assertEquals(1, nobody.exit());
    assertTrue(nobody.err().contains("no account with id acct_nobody"), nobody.err());
  }
}
