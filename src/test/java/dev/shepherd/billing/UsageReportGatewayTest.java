package dev.shepherd.billing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shepherd.store.Account;
import dev.shepherd.store.LedgerEntry;
import dev.shepherd.store.UsageQuery;
import dev.shepherd.store.UsageRow;
import dev.shepherd.testing.Chunks;
import dev.shepherd.testing.FakeUpstream;
import dev.shepherd.testing.Http;
import dev.shepherd.testing.TestGateway;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Usage reports through a real gateway: metered requests, the write-behind flushed, then
 * {@code GET /admin/v1/usage} and {@code GET /v1/account} must show exactly what the ledger
 * charged. cheap-model costs $1 / $2 per MTok in / out against a list price of $2.50 / $10, so the
 * fake's usage (9 prompt + 3 completion tokens) costs 15 µ$ and lists at 52.5 → 53 µ$ (rounded up
 * per request, like the charge); other-model has no list price (12 tokens × $3/MTok = 36 µ$).
 */
class UsageReportGatewayTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static FakeUpstream upstream;
  static TestGateway gateway;

  @BeforeAll
  static void start() throws Exception {
    upstream = new FakeUpstream();
    gateway = TestGateway.start("""
        server: {port: 0, event_loops: 2, max_body_bytes: 1048576}
        store: {url: "STORE_URL"}
        providers:
          - {name: fake, kind: openai, base_url: "%s", api_key: upstream-key, timeouts: %s}
        models:
          - id: cheap-model
            context_window: 1000000
            price: {input_per_mtok: 1.0, output_per_mtok: 2.0}
            list_price: {input_per_mtok: 2.5, output_per_mtok: 10.0}
            deployments: [{provider: fake, model: upstream/cheap}]
          - id: other-model
            context_window: 1000000
            price: {input_per_mtok: 3.0, output_per_mtok: 3.0}
            deployments: [{provider: fake, model: upstream/other}]
          - id: deepseek-v3.2
            context_window: 128000
            price: {input_per_mtok: 0.28, cached_input_per_mtok: 0.028, output_per_mtok: 0.42}
            list_price: {input_per_mtok: 0.28, cached_input_per_mtok: 0.028, output_per_mtok: 0.42}
            deployments: [{provider: fake, model: deepseek-chat}]
        """.formatted(upstream.baseUrl(), TestGateway.RELAXED));
  }

  @AfterAll
  static void stop() throws Exception {
    gateway.close();
    upstream.close();
  }

  @BeforeEach
  void answer() {
    upstream.json(200, Chunks.completion("upstream", "ok"));
  }

  static String admin() {
    return gateway.baseUrl().replace("/v1", "/admin/v1");
  }

  record Customer(String account, String keyId, String key) {}

  static Customer customer(String currency) throws Exception {
    String id = JSON.readTree(Http.post(admin() + "/accounts", TestGateway.ADMIN_KEY,
        "{\"name\":\"t\",\"currency\":\"" + currency + "\"}").body()).get("id").asText();
    JsonNode key = JSON.readTree(Http.post(admin() + "/keys", TestGateway.ADMIN_KEY,
        "{\"name\":\"k\",\"account_id\":\"" + id + "\"}").body());
    return new Customer(id, key.get("id").asText(), key.get("key").asText());
  }

  static int chat(Customer c, String model) throws Exception {
    return Http.post(gateway.baseUrl() + "/chat/completions", c.key(), "{\"model\":\"" + model
        + "\",\"max_tokens\":10,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}").statusCode();
  }

  /**
   * Waits until {@code account} has {@code requests} usage records in the store: a client sees its
   * response before the exchange settles, and the write-behind then takes up to 100 ms.
   */
  static void settled(Customer c, long requests) throws InterruptedException {
    UsageQuery ever = new UsageQuery(c.account(), 0, Long.MAX_VALUE, UsageQuery.By.MODEL);
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (gateway.store().usage().summarize(ever).stream().mapToLong(UsageRow::requests).sum() < requests
        && System.nanoTime() < deadline) {
      Thread.sleep(10);
      gateway.server().flushBilling();
    }
  }

  /** µ$ charged to {@code account} by its CHARGE entries in the ledger. */
  static long charged(String account) {
    return -gateway.store().billing().entries(account, 10_000).stream()
        .filter(e -> e.kind() == LedgerEntry.Kind.CHARGE).mapToLong(e -> e.paidMicros() + e.promoMicros()).sum();
  }

  static HttpResponse<String> usage(String query) throws Exception {
    return Http.get(admin() + "/usage" + query, TestGateway.ADMIN_KEY);
  }

  static JsonNode report(String query) throws Exception {
    HttpResponse<String> r = usage(query);
    assertEquals(200, r.statusCode(), r.body());
    return JSON.readTree(r.body());
  }

  /** {@code from} and {@code to} an hour either side of now, URL-encoded. */
  static String aroundNow() {
    Instant now = Instant.now();
    return "from=" + URLEncoder.encode(now.minus(1, ChronoUnit.HOURS).toString(), StandardCharsets.UTF_8)
        + "&to=" + URLEncoder.encode(now.plus(1, ChronoUnit.HOURS).toString(), StandardCharsets.UTF_8);
  }

  @Test
  void theAdminReportEqualsTheLedgersChargesExactly() throws Exception {
    Customer a = customer("CNY");
    Customer b = customer("USD");
    for (int i = 0; i < 5; i++) {
      assertEquals(200, chat(a, "cheap-model"));
    }
    assertEquals(200, chat(a, "other-model"));
    assertEquals(200, chat(a, "other-model"));
    for (int i = 0; i < 3; i++) {
      assertEquals(200, chat(b, "cheap-model"));
    }
    upstream.json(500, "{\"error\":{\"message\":\"down\"}}");
    assertEquals(502, chat(a, "cheap-model"), "nothing answered: a usage record, nothing charged");
    settled(a, 8);
    settled(b, 3);

    JsonNode r = report("?account=" + a.account() + "&" + aroundNow());
    assertEquals(a.account(), r.get("account_id").asText());
    assertEquals("CNY", r.get("currency").asText(), "the account's currency");
    assertEquals(147, charged(a.account()), "5 × 15 + 2 × 36 µ$");
    assertEquals(Micros.format(charged(a.account())), r.at("/total/cost").asText());
    JsonNode cheap = r.get("rows").get(0);
    assertEquals("cheap-model", cheap.get("group").asText());
    assertEquals(6, cheap.get("requests").asLong(), "5 answered + 1 not");
    assertEquals(45, cheap.get("prompt_tokens").asLong());
    assertEquals(15, cheap.get("completion_tokens").asLong());
    assertEquals("0.000075", cheap.get("cost").asText());
    assertEquals("0.000265", cheap.get("list_cost").asText(), "5 × 53 µ$");
    assertEquals("0.00019", cheap.get("savings").asText());
    assertEquals("71.69", cheap.get("savings_percent").asText(), "190 / 265 = 0.71698");
    assertEquals("0.000075", cheap.at("/in_currency/paid").asText(), "¥1 per $1");
    assertEquals("0.001934", cheap.at("/in_currency/official").asText(), "265 × 7.3 = 1934.5 → 1934 (half-even)");
    JsonNode other = r.get("rows").get(1);
    assertEquals("other-model", other.get("group").asText());
    assertEquals("0.000072", other.get("cost").asText());
    assertEquals("0.000072", other.get("list_cost").asText(), "no list price: no saving");
    assertEquals(8, r.at("/total/requests").asLong());

    JsonNode byKey = report("?account=" + b.account() + "&by=key&" + aroundNow());
    assertEquals("USD", byKey.get("currency").asText());
    assertEquals(b.keyId(), byKey.at("/rows/0/group").asText());
    assertEquals(Micros.format(charged(b.account())), byKey.at("/total/cost").asText());
    assertEquals("0.000045", byKey.at("/total/in_currency/paid").asText(), "a USD view: paid = cost");

    JsonNode all = report("?by=day&" + aroundNow());
    assertTrue(all.get("account_id").isNull());
    long everyone = gateway.store().billing().accounts().stream().map(Account::id)
        .mapToLong(UsageReportGatewayTest::charged).sum();
    assertEquals(Micros.format(everyone), all.at("/total/cost").asText(), "all accounts: the whole ledger's charges");
    all.get("rows").forEach(row -> assertTrue(row.get("group").asText().matches("\\d{4}-\\d{2}-\\d{2}"), row.toString()));

    HttpResponse<String> csv = usage("?format=csv&account=" + a.account() + "&" + aroundNow());
    assertEquals(200, csv.statusCode());
    assertEquals("text/csv; charset=utf-8", csv.headers().firstValue("content-type").orElseThrow());
    assertTrue(csv.body().startsWith("model,requests,prompt_tokens,cached_tokens,completion_tokens,cost_usd,"), csv.body());
    assertTrue(csv.body().endsWith("\r\nTOTAL,8,63,0,21,0.000147,0.000337,0.00019,56.37,0.000147,0.00246,0.002313,94.02\r\n"),
        csv.body());
  }

  /** The example end to end: one request the upstream reports as 50M completion tokens. */
  @Test
  void seed_50MTokensOnDeepSeekV32_charged21Usd_paid21Cny_vsOfficial153_30Cny() throws Exception {
    Customer c = customer("CNY");
    assertEquals(200, Http.post(admin() + "/accounts/" + c.account() + "/credits", TestGateway.ADMIN_KEY,
        "{\"amount\":\"100\",\"currency\":\"CNY\",\"reference\":\"pay-1\"}").statusCode());
    upstream.json(200, Chunks.completion("deepseek-chat", "ok").replace(
        "\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":3,\"total_tokens\":12}",
        "\"usage\":{\"prompt_tokens\":0,\"completion_tokens\":50000000,\"total_tokens\":50000000}"));
    assertEquals(200, chat(c, "deepseek-v3.2"));
    settled(c, 1);
    assertEquals(21_000_000, charged(c.account()), "50M × $0.42/MTok");

    JsonNode t = report("?account=" + c.account() + "&" + aroundNow()).get("total");
    assertEquals("21.00", t.get("cost").asText());
    assertEquals("21.00", t.get("list_cost").asText());
    assertEquals("0.00", t.get("savings").asText());
    assertEquals(JSON.readTree("""
        {"currency":"CNY","paid":"21.00","official":"153.30","savings":"132.30","savings_percent":"86.30"}"""),
        t.get("in_currency"));

    JsonNode mine = JSON.readTree(Http.get(gateway.baseUrl() + "/account", c.key()).body()).get("usage");
    assertEquals(1, mine.get("requests").asLong());
    assertEquals(50_000_000, mine.get("completion_tokens").asLong());
    assertEquals("21.00", mine.get("cost").asText());
    assertEquals("153.30", mine.at("/in_currency/official").asText());
  }

  @Test
  void anAccountSeesOnlyItsOwnUsageInGetAccount() throws Exception {
    Customer a = customer("CNY");
    Customer b = customer("USD");
    assertEquals(200, chat(a, "cheap-model"));
    assertEquals(200, chat(a, "cheap-model"));
    assertEquals(200, chat(b, "other-model"));
    settled(a, 2);
    settled(b, 1);
    JsonNode mine = JSON.readTree(Http.get(gateway.baseUrl() + "/account", a.key()).body()).get("usage");
    Instant now = Instant.now();
    assertEquals(now.atZone(java.time.ZoneOffset.UTC).withDayOfMonth(1).toLocalDate() + "T00:00:00Z",
        mine.get("from").asText(), "this UTC month");
    assertEquals(2, mine.get("requests").asLong());
    assertEquals("0.00003", mine.get("cost").asText());
    assertEquals("0.000106", mine.get("list_cost").asText());
    assertEquals("0.000076", mine.get("savings").asText());
    assertEquals("CNY", mine.at("/in_currency/currency").asText());
    JsonNode theirs = JSON.readTree(Http.get(gateway.baseUrl() + "/account?account=" + a.account(), b.key()).body());
    assertEquals(b.account(), theirs.get("id").asText(), "a query parameter cannot reach another account");
    assertEquals(1, theirs.at("/usage/requests").asLong());
    assertEquals("0.000036", theirs.at("/usage/cost").asText());
    assertEquals("USD", theirs.at("/usage/in_currency/currency").asText());
    assertEquals(401, Http.get(admin() + "/usage?account=" + b.account(), a.key()).statusCode(),
        "a customer key cannot read the admin report");
  }

  @Test
  void badParametersAre400NamingTheParameter() throws Exception {
    assertBad("?by=week", "by", "by: week (expected: model, key or day)");
    assertBad("?from=yesterday", "from",
        "from: yesterday (expected: an ISO date such as 2026-11-01 or an instant such as 2026-11-01T00:00:00Z)");
    assertBad("?from=2026-11-02&to=2026-11-01", "from", "from: 2026-11-02T00:00:00Z (expected: before to, 2026-11-01T00:00:00Z)");
    assertBad("?acount=x", "acount", "acount: unknown parameter (expected: one of account, by, currency, format, from, to)");
    assertBad("?by=day&by=key", "by", "by: given 2 times (expected: once)");
    assertBad("?format=xml", "format", "format: xml (expected: json or csv)");
    assertBad("?currency=JPY", "currency", "currency: JPY (expected: one with a plan and a market rate: CNY, USD)");
    HttpResponse<String> unknown = usage("?account=acct_nobody");
    assertEquals(404, unknown.statusCode(), unknown.body());
    assertEquals("account", JSON.readTree(unknown.body()).at("/error/param").asText());
    assertEquals(401, Http.get(admin() + "/usage", "sk-shp-nope").statusCode());
    assertEquals(404, Http.send("DELETE", admin() + "/usage", TestGateway.ADMIN_KEY, null).statusCode());
  }

  static void assertBad(String query, String param, String message) throws Exception {
    HttpResponse<String> r = usage(query);
    assertEquals(400, r.statusCode(), r.body());
    JsonNode e = JSON.readTree(r.body()).get("error");
    assertEquals("invalid_request_error", e.get("type").asText());
    assertEquals("invalid_value", e.get("code").asText());
    assertEquals(param, e.get("param").asText());
    assertEquals(message, e.get("message").asText());
  }
}
