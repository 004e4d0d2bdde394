package dev.shepherd.billing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.shepherd.store.LedgerEntry;
import dev.shepherd.testing.Chunks;
import dev.shepherd.testing.FakeUpstream;
import dev.shepherd.testing.Http;
import dev.shepherd.testing.MutableClock;
import dev.shepherd.testing.TestGateway;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The same features with shared balances ({@code SharedCredit}, forced on SQLite): holds in the
 * store, the expiry written off in one store transaction, the webhook told by that transaction,
 * spend caps in front. $1.00 bonus, 15 µ$ a request, threshold $0.99996.
 */
class SharedBillingGatewayTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final long START = Instant.parse("2026-11-24T10:00:00Z").toEpochMilli();
  FakeUpstream upstream;
  TestGateway gateway;
  MutableClock clock;
  HttpServer receiver;
  final List<JsonNode> calls = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() throws Exception {
    receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    receiver.createContext("/alerts", ex -> {
      calls.add(JSON.readTree(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
      ex.sendResponseHeaders(200, -1);
      ex.close();
    });
    receiver.start();
    upstream = new FakeUpstream();
    upstream.json(200, Chunks.completion("upstream/real-model", "ok"));
    clock = new MutableClock(START);
    gateway = TestGateway.start(TestGateway.config(upstream.baseUrl(), TestGateway.RELAXED) + """
        billing:
          shared_balances: "true"
          low_balance: {threshold: "0.99996", webhook: "http://127.0.0.1:%d/alerts"}
        """.formatted(receiver.getAddress().getPort()), null, clock);
  }

  @AfterEach
  void stop() throws Exception {
    gateway.close();
    upstream.close();
    receiver.stop(0);
  }

  /** Shared balances: the release of a hold is written behind, so flush until the store holds nothing. */
  void awaitNothingHeld(String id) throws InterruptedException {
    long deadline = System.nanoTime() + 5_000_000_000L;
    do {
      Thread.sleep(5);
      gateway.server().flushBilling();
    } while (gateway.store().billing().account(id).orElseThrow().heldMicros() != 0 && System.nanoTime() < deadline);
  }

  @Test
  void capsExpiryAndTheWebhookWorkWithBalancesInTheStore() throws Exception {
    String admin = gateway.baseUrl().replace("/v1", "/admin/v1");
    String id = JSON.readTree(Http.post(admin + "/accounts", TestGateway.ADMIN_KEY, "{\"name\":\"s\"}").body())
        .get("id").asText();
    String key = JSON.readTree(Http.post(admin + "/keys", TestGateway.ADMIN_KEY,
        "{\"name\":\"k\",\"account_id\":\"" + id + "\",\"daily_spend_cap\":\"0.00005\"}").body()).get("key").asText();
    String chat = "{\"model\":\"test-model\",\"max_tokens\":10,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    assertEquals(200, Http.post(gateway.baseUrl() + "/chat/completions", key, chat).statusCode());
    awaitNothingHeld(id); // the first request settled (just after its answer) before the second holds
    assertEquals(200, Http.post(gateway.baseUrl() + "/chat/completions", key, chat).statusCode());
    awaitNothingHeld(id);
    var capped = Http.post(gateway.baseUrl() + "/chat/completions", key, chat); // 30 spent + 35 > 50
    assertEquals(402, capped.statusCode());
    assertEquals("spend_cap_reached", JSON.readTree(capped.body()).at("/error/code").asText());

    assertEquals(999_970, gateway.store().billing().account(id).orElseThrow().promoMicros(),
        "settled behind: the store split each charge promo first");
    assertEquals(List.of(), calls, "999,970 is still at or above the threshold");

    clock.advance(30 * SpendCaps.DAY_MILLIS);
    List<LedgerEntry> off = gateway.server().expirePromoNow();
    assertEquals(1, off.size());
    assertEquals(-999_970, off.getFirst().promoMicros());
    assertEquals(List.of(), gateway.server().expirePromoNow(), "once");
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (calls.isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    Thread.sleep(200);
    assertEquals(1, calls.size(), "the expiry crossed the threshold: one call");
    assertEquals("0.00", calls.getFirst().get("balance").asText());
    assertEquals(0, gateway.store().billing().account(id).orElseThrow().promoMicros());
    assertEquals(List.of(), gateway.store().billing().verify());
  }
}
