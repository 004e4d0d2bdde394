package dev.shepherd.billing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
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
 * The low-balance webhook through a real gateway: threshold $0.99996 (999,960 µ$), a $1.00 signup
 * bonus, 15 µ$ a request. A local receiver counts the calls.
 */
class LowBalanceGatewayTest {
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
      ex.sendResponseHeaders(204, -1);
      ex.close();
    });
    receiver.start();
    upstream = new FakeUpstream();
    upstream.json(200, Chunks.completion("upstream/real-model", "ok"));
    clock = new MutableClock(START);
    String yaml = TestGateway.config(upstream.baseUrl(), TestGateway.RELAXED) + """
        billing:
          low_balance: {threshold: "0.99996", webhook: "http://127.0.0.1:%d/alerts?token=abc"}
        """.formatted(receiver.getAddress().getPort());
    gateway = TestGateway.start(yaml, null, clock);
  }

  @AfterEach
  void stop() throws Exception {
    gateway.close();
    upstream.close();
    receiver.stop(0);
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

  /** {@code n} requests; waits until the account's available credit is {@code expected}, then for the ledger. */
  void requests(String[] a, int n, String expected) throws Exception {
    for (int i = 0; i < n; i++) {
      assertEquals(200, Http.post(gateway.baseUrl() + "/chat/completions", a[1],
          "{\"model\":\"test-model\",\"max_tokens\":10,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")
          .statusCode());
    }
    long deadline = System.nanoTime() + 5_000_000_000L; // each settles as its exchange ends, just after the answer
    while (!available(a[0]).equals(expected) && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertEquals(expected, available(a[0]));
    gateway.server().flushBilling(); // the crossing is seen when the charges are written
  }

  String available(String id) throws Exception {
    return JSON.readTree(Http.get(admin() + "/accounts/" + id, TestGateway.ADMIN_KEY).body()).get("available").asText();
  }

  /** Waits for {@code n} calls, then a little longer to catch an extra one. */
  void expectCalls(int n) throws InterruptedException {
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (calls.size() < n && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    Thread.sleep(200);
    assertEquals(n, calls.size(), calls.toString());
  }

  @Test
  void oneCallPerCrossingNoneWhileBelowAndOneAgainAfterATopUp() throws Exception {
    String[] a = accountWithKey();
    requests(a, 2, "0.99997"); // still at or above
    expectCalls(0);
    requests(a, 1, "0.999955"); // crossed
    expectCalls(1);
    assertEquals("{\"type\":\"balance.low\",\"account_id\":\"" + a[0] + "\",\"balance\":\"0.999955\","
        + "\"threshold\":\"0.99996\",\"at\":\"2026-11-24T10:00:00Z\"}", calls.getFirst().toString());
    requests(a, 3, "0.99991"); // still below, no new call
    expectCalls(1);

    Http.post(admin() + "/accounts/" + a[0] + "/credits", TestGateway.ADMIN_KEY,
        "{\"amount\":\"0.0001\",\"reference\":\"pay_1\"}"); // 1,000,010: back above, re-armed
    requests(a, 3, "0.999965"); // above
    expectCalls(1);
    requests(a, 1, "0.99995"); // crossed again
    expectCalls(2);
    assertEquals("0.99995", calls.get(1).get("balance").asText());
  }

  @Test
  void aPromoExpiryThatCrossesTheThresholdCallsToo() throws Exception {
    String[] a = accountWithKey(); // $1.00 promo, nothing spent: at or above
    clock.advance(30 * SpendCaps.DAY_MILLIS);
    assertEquals(1, gateway.server().expirePromoNow().size());
    gateway.server().flushBilling();
    expectCalls(1);
    assertEquals(a[0], calls.getFirst().get("account_id").asText());
    assertEquals("0.00", calls.getFirst().get("balance").asText());
    assertEquals("2026-12-24T10:00:00Z", calls.getFirst().get("at").asText());
  }
}
