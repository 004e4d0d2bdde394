package dev.shepherd.billing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shepherd.store.LedgerEntry;
import dev.shepherd.testing.Chunks;
import dev.shepherd.testing.GatewayExtension;
import dev.shepherd.testing.Http;
import dev.shepherd.testing.TestGateway;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Credit through a real gateway: holds before the upstream call, 402 when short, exact charges
 * from reported usage, nothing charged when nothing was answered, and a balance that concurrent
 * requests cannot overspend. test-model costs $1 / $2 per million input / output tokens, so the
 * fake's usage (9 prompt + 3 completion tokens) costs exactly 15 µ$.
 */
class BillingGatewayTest {
  @RegisterExtension
  static final GatewayExtension env = new GatewayExtension();
  static final ObjectMapper JSON = new ObjectMapper();

  @BeforeEach
  void answer() {
    env.upstream().json(200, Chunks.completion("upstream/real-model", "ok"));
  }

  static String admin() {
    return env.gateway().baseUrl().replace("/v1", "/admin/v1");
  }

  /** A new account (with the $1.00 signup bonus) and a key on it. */
  static String[] accountWithKey() throws Exception {
    String id = JSON.readTree(Http.post(admin() + "/accounts", TestGateway.ADMIN_KEY, "{\"name\":\"t\"}").body())
        .get("id").asText();
    String key = JSON.readTree(Http.post(admin() + "/keys", TestGateway.ADMIN_KEY,
        "{\"name\":\"k\",\"account_id\":\"" + id + "\"}").body()).get("key").asText();
    return new String[] {id, key};
  }

  static JsonNode account(String id) throws Exception {
    return JSON.readTree(Http.get(admin() + "/accounts/" + id, TestGateway.ADMIN_KEY).body());
  }

  static HttpResponse<String> chat(String key, int maxTokens) throws Exception {
    return Http.post(env.gateway().baseUrl() + "/chat/completions", key,
        "{\"model\":\"test-model\",\"max_tokens\":" + maxTokens + ",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
  }

  static List<LedgerEntry> charges(String account, int expected) throws Exception {
    long deadline = System.nanoTime() + 5_000_000_000L;
    List<LedgerEntry> charges;
    do {
      Thread.sleep(20); // the ledger is written behind, every 100 ms
      charges = env.gateway().store().billing().entries(account, 1_000).stream()
          .filter(e -> e.kind() == LedgerEntry.Kind.CHARGE).toList();
    } while (charges.size() < expected && System.nanoTime() < deadline);
    return charges;
  }

  @Test
  void twentyRequestsCostExactlyTheirUsageAndTheLedgerVerifies() throws Exception {
    String[] a = accountWithKey();
    for (int i = 0; i < 20; i++) {
      assertEquals(200, chat(a[1], 10).statusCode());
    }
    assertEquals("0.9997", account(a[0]).get("promo_balance").asText(), "$1.00 − 20 × 15 µ$, promo first");
    List<LedgerEntry> charges = charges(a[0], 20);
    assertEquals(20, charges.size());
    assertTrue(charges.stream().allMatch(e -> e.promoMicros() == -15 && e.paidMicros() == 0), charges.toString());
    assertTrue(charges.stream().allMatch(e -> e.priceVersion().startsWith("test-model@")));
    assertEquals(List.of(), env.gateway().store().billing().verify());
  }

  @Test
  void aKeySeesItsOwnAccountAndNoOther() throws Exception {
    String[] a = accountWithKey();
    String[] b = accountWithKey();
    assertEquals(200, chat(a[1], 10).statusCode());
    JsonNode mine = JSON.readTree(Http.get(env.gateway().baseUrl() + "/account", a[1]).body());
    assertEquals(a[0], mine.get("id").asText());
    assertEquals("0.999985", mine.get("available").asText());
    assertTrue(mine.get("recent").toString().contains("\"kind\":\"bonus\""), mine.toString());
    JsonNode theirs = JSON.readTree(Http.get(env.gateway().baseUrl() + "/account", b[1]).body());
    assertEquals(b[0], theirs.get("id").asText());
    assertEquals("1.00", theirs.get("available").asText());
    assertEquals(404, Http.get(env.gateway().baseUrl() + "/account", env.gateway().key()).statusCode(),
        "a key without an account has none to show");
    assertEquals(401, Http.get(env.gateway().baseUrl() + "/account", "sk-shp-nope").statusCode());
  }

  @Test
  void notEnoughCreditIs402AndTheUpstreamIsNeverCalled() throws Exception {
    String[] a = accountWithKey();
    int before = env.upstream().received().size();
    HttpResponse<String> r = chat(a[1], 900_000); // may cost up to $1.80 > $1.00
    assertEquals(402, r.statusCode(), r.body());
    assertEquals("insufficient_quota", JSON.readTree(r.body()).at("/error/code").asText());
    assertEquals("false", r.headers().firstValue("x-should-retry").orElseThrow());
    assertEquals(before, env.upstream().received().size());
    assertEquals("1.00", account(a[0]).get("available").asText(), "a refused hold changes nothing");
  }

  @Test
  void nothingIsChargedWhenNothingWasAnswered() throws Exception {
    String[] a = accountWithKey();
    env.upstream().json(500, "{\"error\":{\"message\":\"down\"}}");
    assertEquals(502, chat(a[1], 10).statusCode());
    assertEquals("1.00", account(a[0]).get("available").asText(), "the hold was released, nothing charged");
  }

  /** 64 concurrent requests, each holding ~$0.1 of a $1.00 balance while the upstream is slow. */
  @Test
  void concurrentRequestsNeverOverspend() throws Exception {
    String[] a = accountWithKey();
    env.upstream().respond(req -> env.upstream().vertx().setTimer(300, t -> req.response()
        .putHeader("content-type", "application/json").end(Chunks.completion("m", "ok"))));
    List<Future<Integer>> statuses = new ArrayList<>();
    try (ExecutorService pool = Executors.newFixedThreadPool(16)) {
      for (int i = 0; i < 64; i++) {
        statuses.add(pool.submit(() -> chat(a[1], 50_000).statusCode()));
      }
    }
    int ok = 0;
    int refused = 0;
    for (Future<Integer> s : statuses) {
      ok += s.get() == 200 ? 1 : 0;
      refused += s.get() == 402 ? 1 : 0;
    }
    assertEquals(64, ok + refused);
    assertTrue(refused > 0, "the balance ran out for some");
    assertEquals(ok, charges(a[0], ok).size(), "every served request was held and charged once");
    JsonNode acct = account(a[0]);
    assertEquals("0.00", acct.get("held").asText());
    assertEquals(Micros.format(1_000_000 - 15L * ok), acct.get("available").asText());
    assertEquals(List.of(), env.gateway().store().billing().verify());
  }
}
