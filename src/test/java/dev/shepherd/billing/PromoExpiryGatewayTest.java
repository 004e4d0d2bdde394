package dev.shepherd.billing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shepherd.store.LedgerEntry;
import dev.shepherd.testing.Chunks;
import dev.shepherd.testing.FakeUpstream;
import dev.shepherd.testing.Http;
import dev.shepherd.testing.MutableClock;
import dev.shepherd.testing.TestGateway;
import io.vertx.core.http.HttpServerRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The signup bonus ($1.00 promo, 30 days by default) expires by the gateway's injected clock,
 * which starts at 2026-11-24T10:00:00Z: the sweep writes off what is left, once, and the ledger
 * verifies. A request costs 15 µ$ (see {@link BillingGatewayTest}).
 */
class PromoExpiryGatewayTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final long START = Instant.parse("2026-11-24T10:00:00Z").toEpochMilli();
  static final long EXPIRES = Instant.parse("2026-12-24T10:00:00Z").toEpochMilli();
  FakeUpstream upstream;
  TestGateway gateway;
  MutableClock clock;

  @BeforeEach
  void start() throws Exception {
    upstream = new FakeUpstream();
    upstream.json(200, Chunks.completion("upstream/real-model", "ok"));
    clock = new MutableClock(START);
    gateway = TestGateway.start(TestGateway.config(upstream.baseUrl(), TestGateway.RELAXED), null, clock);
  }

  @AfterEach
  void stop() throws Exception {
    gateway.close();
    upstream.close();
  }

  String admin() {
    return gateway.baseUrl().replace("/v1", "/admin/v1");
  }

  String[] accountWithKey() throws Exception {
    String id = JSON.readTree(Http.post(admin() + "/accounts", TestGateway.ADMIN_KEY, "{\"name\":\"t\"}").body())
        .get("id").asText();
    String key = JSON.readTree(Http.post(admin() + "/keys", TestGateway.ADMIN_KEY,
        "{\"name\":\"k\",\"account_id\":\"" + id + "\"}").body()).get("key").asText();
    return new String[] {id, key};
  }

  JsonNode account(String id) throws Exception {
    return JSON.readTree(Http.get(admin() + "/accounts/" + id, TestGateway.ADMIN_KEY).body());
  }

  HttpResponse<String> chat(String key) throws Exception {
    return Http.post(gateway.baseUrl() + "/chat/completions", key,
        "{\"model\":\"test-model\",\"max_tokens\":10,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
  }

  /** Waits for the settlement: it runs as the exchange ends, just after the client has its answer. */
  void awaitSettled(String id, String field, String value) throws Exception {
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (!account(id).get(field).asText().equals(value) && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertEquals(value, account(id).get(field).asText());
  }

  List<LedgerEntry> expiries(String account) {
    return gateway.store().billing().entries(account, 100).stream()
        .filter(e -> e.kind() == LedgerEntry.Kind.EXPIRY).toList();
  }

  @Test
  void theBonusLeftIsWrittenOffOnceWhenTheClockPassesItsExpiry() throws Exception {
    String[] a = accountWithKey();
    assertEquals(EXPIRES / 1000, account(a[0]).get("promo_expires_at").asLong(), "created + 30 days");
    assertEquals(200, chat(a[1]).statusCode());
    awaitSettled(a[0], "promo_balance", "0.999985");

    clock.advance(EXPIRES - 1 - START);
    assertEquals(List.of(), gateway.server().expirePromoNow(), "one millisecond early");
    clock.advance(1);
    List<LedgerEntry> off = gateway.server().expirePromoNow();
    assertEquals(1, off.size());
    assertEquals(-999_985, off.get(0).promoMicros(), "$1.00 − 15 µ$ spent");
    assertEquals(0, off.get(0).paidMicros());
    assertEquals("expiry:2026-12-24T10:00:00Z", off.get(0).reference());
    assertEquals(List.of(), gateway.server().expirePromoNow(), "a re-run sweep writes nothing");
    gateway.server().flushBilling();

    JsonNode acct = account(a[0]);
    assertEquals("0.00", acct.get("promo_balance").asText());
    assertEquals("0.00", acct.get("available").asText());
    assertTrue(acct.get("promo_expires_at").isNull(), acct.toString());
    assertEquals(off, expiries(a[0]));
    assertEquals(0, gateway.store().billing().account(a[0]).orElseThrow().promoMicros());
    assertEquals(List.of(), gateway.store().billing().verify(), "shepherd ledger verify passes");
    HttpResponse<String> refused = chat(a[1]);
    assertEquals(402, refused.statusCode());
    assertEquals("insufficient_quota", JSON.readTree(refused.body()).at("/error/code").asText());
  }

  /**
   * A request holding credit while its promo expires: the write-off takes the whole $1.00 bonus,
   * then the request settles its 15 µ$ from the $1.00 paid top-up; both reach the ledger in order.
   */
  @Test
  void aRequestInFlightAcrossTheExpiryIsChargedToPaidCredit() throws Exception {
    String[] a = accountWithKey();
    Http.post(admin() + "/accounts/" + a[0] + "/credits", TestGateway.ADMIN_KEY,
        "{\"amount\":\"1.00\",\"reference\":\"pay_1\"}");
    List<HttpServerRequest> stalled = new CopyOnWriteArrayList<>();
    upstream.respond(stalled::add);
    CompletableFuture<HttpResponse<String>> inFlight = CompletableFuture.supplyAsync(() -> {
      try {
        return chat(a[1]);
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (stalled.isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    clock.advance(EXPIRES - START);
    assertEquals(-1_000_000, gateway.server().expirePromoNow().getFirst().promoMicros());
    upstream.vertx().runOnContext(v -> stalled.getFirst().response().putHeader("content-type", "application/json")
        .end(Chunks.completion("m", "ok")));
    assertEquals(200, inFlight.get().statusCode());
    awaitSettled(a[0], "balance", "0.999985");
    gateway.server().flushBilling();

    JsonNode acct = account(a[0]);
    assertEquals("0.00", acct.get("promo_balance").asText());
    LedgerEntry charge = gateway.store().billing().entries(a[0], 10).stream()
        .filter(e -> e.kind() == LedgerEntry.Kind.CHARGE).findFirst().orElseThrow();
    assertEquals(List.of(-15L, 0L), List.of(charge.paidMicros(), charge.promoMicros()));
    assertEquals(1, expiries(a[0]).size());
    assertEquals(List.of(), gateway.store().billing().verify());
  }
}
