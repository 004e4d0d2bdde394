package dev.shepherd.billing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shepherd.testing.Chunks;
import dev.shepherd.testing.FakeUpstream;
import dev.shepherd.testing.Http;
import dev.shepherd.testing.MutableClock;
import dev.shepherd.testing.TestGateway;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Per-key spend caps through a real gateway whose clock starts at 2026-11-24T20:00:00Z. test-model
 * costs $1 / $2 per million input / output tokens; the "hi" chat counts 15 prompt tokens, so a
 * request with {@code max_tokens} n holds 15 + 2n µ$, and the fake's usage (9 prompt + 3 completion tokens)
 * charges 15 µ$.
 */
class SpendCapsGatewayTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final long START = Instant.parse("2026-11-24T20:00:00Z").toEpochMilli();
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

  /** A new account ($1.00 signup bonus) and a key on it with {@code caps} (JSON members). */
  String[] keyWith(String caps) throws Exception {
    String id = JSON.readTree(Http.post(admin() + "/accounts", TestGateway.ADMIN_KEY, "{\"name\":\"t\"}").body())
        .get("id").asText();
    HttpResponse<String> r = Http.post(admin() + "/keys", TestGateway.ADMIN_KEY,
        "{\"name\":\"k\",\"account_id\":\"" + id + "\"," + caps + "}");
    assertEquals(201, r.statusCode(), r.body());
    return new String[] {id, JSON.readTree(r.body()).get("key").asText()};
  }

  HttpResponse<String> chat(String key, int maxTokens) throws Exception {
    return Http.post(gateway.baseUrl() + "/chat/completions", key,
        "{\"model\":\"test-model\",\"max_tokens\":" + maxTokens + ",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
  }

  /**
   * {@link #chat}, then waits until nothing of the account is held: a request settles as its
   * exchange ends, just after the client has the answer, and the next request must see it settled.
   */
  HttpResponse<String> chatSettled(String[] k, int maxTokens) throws Exception {
    HttpResponse<String> r = chat(k[1], maxTokens);
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (!JSON.readTree(Http.get(admin() + "/accounts/" + k[0], TestGateway.ADMIN_KEY).body()).get("held").asText()
        .equals("0.00") && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    return r;
  }

  static JsonNode error(HttpResponse<String> r) throws Exception {
    assertEquals(402, r.statusCode(), r.body());
    assertEquals("false", r.headers().firstValue("x-should-retry").orElseThrow());
    JsonNode e = JSON.readTree(r.body()).get("error");
    assertEquals("spend_cap_reached", e.get("code").asText());
    assertEquals("insufficient_quota", e.get("type").asText());
    return e;
  }

  /** Cap 100 µ$: 5 requests (15 µ$ each) pass; the 6th (75 spent + 35 held > 100) is refused until midnight UTC. */
  @Test
  void aDailyCapRefusesWithItsResetTimeAndTheNextUtcDayIsAllowedAgain() throws Exception {
    String[] k = keyWith("\"daily_spend_cap\":\"0.0001\"");
    HttpResponse<String> first = chatSettled(k, 10);
    assertEquals(200, first.statusCode(), first.body());
    assertEquals("15", first.headers().firstValue("x-shepherd-prompt-tokens").orElseThrow());
    for (int i = 0; i < 4; i++) {
      assertEquals(200, chatSettled(k, 10).statusCode());
    }
    int upstreamCalls = upstream.received().size();
    JsonNode e = error(chatSettled(k, 10));
    assertEquals("This API key's daily spend cap of $0.0001 is reached: $0.000075 spent today and $0.00 held by"
        + " requests in flight, and this request may cost up to $0.000035. The daily cap resets at"
        + " 2026-11-25T00:00:00Z (UTC); lower max_tokens to need less.", e.get("message").asText());
    assertEquals(upstreamCalls, upstream.received().size(), "a refused request never reaches the upstream");
    assertEquals(200, chatSettled(k, 1).statusCode(), "75 + 15 + 2 = 92 µ$ still fits");
    JsonNode own = JSON.readTree(Http.get(gateway.baseUrl() + "/account", k[1]).body()).get("key");
    assertEquals("0.0001", own.get("daily_spend_cap").get("cap").asText(), own.toString());
    assertEquals("0.00009", own.get("daily_spend_cap").get("spent").asText(), "the key sees its caps and spend");

    clock.advance(Instant.parse("2026-11-25T00:00:00Z").toEpochMilli() - START);
    for (int i = 0; i < 5; i++) {
      assertEquals(200, chatSettled(k, 10).statusCode(), "a new UTC day, a new 100 µ$");
    }
    error(chatSettled(k, 10));
    gateway.server().flushBilling();
    assertEquals(List.of(), gateway.store().billing().verify());
  }

  /** Cap 50 µ$ a month: two requests pass (15 + 35 ≤ 50), the third waits for December. */
  @Test
  void aMonthlyCapHoldsAcrossDaysAndResetsOnTheFirst() throws Exception {
    String[] k = keyWith("\"monthly_spend_cap\":\"0.00005\"");
    assertEquals(200, chatSettled(k, 10).statusCode());
    assertEquals(200, chatSettled(k, 10).statusCode());
    JsonNode e = error(chatSettled(k, 10));
    assertEquals("This API key's monthly spend cap of $0.00005 is reached: $0.00003 spent this month and $0.00 held"
        + " by requests in flight, and this request may cost up to $0.000035. The monthly cap resets at"
        + " 2026-12-01T00:00:00Z (UTC); lower max_tokens to need less.", e.get("message").asText());
    clock.advance(SpendCaps.DAY_MILLIS); // Nov 25: same month
    error(chatSettled(k, 10));
    clock.advance(Instant.parse("2026-12-01T00:00:00Z").toEpochMilli() - START - SpendCaps.DAY_MILLIS);
    assertEquals(200, chatSettled(k, 10).statusCode());
  }

  /**
   * Cap $0.01 = 10,000 µ$; each request holds 15 + 2 × 1,000 = 2,015 µ$ while the upstream stalls.
   * Of 20 concurrent requests exactly 4 hold (8,060 µ$; a 5th would make 10,075), 16 are refused.
   */
  @Test
  void concurrentRequestsCannotOvershootTheCap() throws Exception {
    String[] k = keyWith("\"daily_spend_cap\":\"0.01\"");
    List<io.vertx.core.http.HttpServerRequest> stalled = new java.util.concurrent.CopyOnWriteArrayList<>();
    upstream.respond(stalled::add);
    List<Future<HttpResponse<String>>> responses = new ArrayList<>();
    try (ExecutorService pool = Executors.newFixedThreadPool(20)) {
      for (int i = 0; i < 20; i++) {
        responses.add(pool.submit(() -> chat(k[1], 1_000)));
      }
      long deadline = System.nanoTime() + 10_000_000_000L;
      while ((responses.stream().filter(Future::isDone).count() < 16 || stalled.size() < 4)
          && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      Thread.sleep(100);
      assertEquals(16, responses.stream().filter(Future::isDone).count());
      assertEquals(4, stalled.size(), "only 4 holds fit under the cap");
      for (var req : stalled) {
        upstream.vertx().runOnContext(v -> req.response().putHeader("content-type", "application/json")
            .end(Chunks.completion("m", "ok")));
      }
    }
    int ok = 0;
    for (Future<HttpResponse<String>> f : responses) {
      if (f.get().statusCode() == 200) {
        ok++;
      } else {
        error(f.get());
      }
    }
    assertEquals(4, ok);
    upstream.json(200, Chunks.completion("upstream/real-model", "ok"));
    assertEquals(200, chat(k[1], 1_000).statusCode(), "the holds were released: 60 spent + 2,015 fits");
  }

  @Test
  void capsAreShownAndValidated() throws Exception {
    String id = JSON.readTree(Http.post(admin() + "/accounts", TestGateway.ADMIN_KEY, "{\"name\":\"v\"}").body())
        .get("id").asText();
    HttpResponse<String> created = Http.post(admin() + "/keys", TestGateway.ADMIN_KEY, "{\"name\":\"k\",\"account_id\":\""
        + id + "\",\"daily_spend_cap\":\"5\",\"monthly_spend_cap\":\"100.50\"}");
    JsonNode key = JSON.readTree(created.body());
    assertEquals("5.00", key.get("daily_spend_cap").asText());
    assertEquals("100.50", key.get("monthly_spend_cap").asText());
    assertEquals(List.of(5_000_000L, 100_500_000L), gateway.keys().stream().filter(r -> r.id().equals(key.get("id")
        .asText())).map(r -> List.of(r.dailySpendCapMicros(), r.monthlySpendCapMicros())).findFirst().orElseThrow());
    String[][] bad = {
        {"\"account_id\":\"" + id + "\",\"daily_spend_cap\":\"0\"", "daily_spend_cap"},
        {"\"account_id\":\"" + id + "\",\"monthly_spend_cap\":\"1e3\"", "monthly_spend_cap"},
        {"\"account_id\":\"" + id + "\",\"daily_spend_cap\":5", "daily_spend_cap"},
        {"\"daily_spend_cap\":\"5.00\"", "daily_spend_cap"}, // no account: nothing to meter
    };
    for (String[] b : bad) {
      HttpResponse<String> r = Http.post(admin() + "/keys", TestGateway.ADMIN_KEY, "{\"name\":\"k\"," + b[0] + "}");
      assertEquals(400, r.statusCode(), b[0] + " " + r.body());
      assertEquals(b[1], JSON.readTree(r.body()).at("/error/param").asText(), r.body());
    }
  }
}
