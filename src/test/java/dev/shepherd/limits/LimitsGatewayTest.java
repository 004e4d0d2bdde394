package dev.shepherd.limits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shepherd.testing.Chunks;
import dev.shepherd.testing.FakeUpstream;
import dev.shepherd.testing.Http;
import dev.shepherd.testing.MutableClock;
import dev.shepherd.testing.TestGateway;
import java.io.InputStream;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Limits through a real gateway on one instance, with a hand-moved clock: the 429 contract and
 * its headers, RPM recovery after the reset time, TPM reservations, max_parallel with open
 * streams, an account limit shared by two keys, and the settle at the end of each exchange.
 */
class LimitsGatewayTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final MutableClock CLOCK = new MutableClock(2_000_000_000L);
  static FakeUpstream upstream;
  static TestGateway gateway;

  @BeforeAll
  static void start() throws Exception {
    upstream = new FakeUpstream();
    gateway = TestGateway.start("""
        server: {port: 0, event_loops: 2}
        store: {url: "STORE_URL"}
        limits:
          account_defaults: {rpm: 3}
          default_completion_reserve: 100
        providers:
          - {name: fake, kind: openai, base_url: "%s", api_key: k}
        models:
          - id: m
            context_window: 32768
            tokenizer: o200k
            price: {input_per_mtok: 1, output_per_mtok: 2}
            deployments: [{provider: fake}]
        """.formatted(upstream.baseUrl()), null, CLOCK);
  }

  @AfterAll
  static void stop() throws Exception {
    gateway.close();
    upstream.close();
  }

  @BeforeEach
  void healthy() {
    upstream.json(200, Chunks.completion("m", "ok"));
    upstream.received().clear();
  }

  static String key(String json) throws Exception {
    HttpResponse<String> r = Http.post(gateway.baseUrl().replace("/v1", "/admin/v1/keys"), TestGateway.ADMIN_KEY, json);
    assertEquals(201, r.statusCode(), r.body());
    return JSON.readTree(r.body()).get("key").asText();
  }

  /** A billing account (with its signup bonus, enough for these small requests). */
  static String account() throws Exception {
    HttpResponse<String> r = Http.post(gateway.baseUrl().replace("/v1", "/admin/v1/accounts"), TestGateway.ADMIN_KEY,
        "{\"name\":\"shared\"}");
    assertEquals(201, r.statusCode(), r.body());
    return JSON.readTree(r.body()).get("id").asText();
  }

  static HttpResponse<String> chat(String key, String body) throws Exception {
    return Http.post(gateway.baseUrl() + "/chat/completions", key, body);
  }

  static String hi() {
    return "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
  }

  static String header(HttpResponse<?> r, String name) {
    return r.headers().firstValue(name).orElse(null);
  }

  @Test
  void rpmFiveRefusesTheSixthWithEveryHeaderThenRecoversAfterTheWait() throws Exception {
    String key = key("{\"name\":\"rpm5\",\"rpm\":5}");
    for (int i = 0; i < 5; i++) {
      HttpResponse<String> ok = chat(key, hi());
      assertEquals(200, ok.statusCode());
      assertEquals("5", header(ok, "x-ratelimit-limit-requests"));
      assertEquals(Integer.toString(4 - i), header(ok, "x-ratelimit-remaining-requests"));
      assertTrue(header(ok, "x-ratelimit-reset-requests") != null);
    }
    HttpResponse<String> refused = chat(key, hi());
    assertEquals(429, refused.statusCode());
    JsonNode error = JSON.readTree(refused.body()).get("error");
    assertEquals("rate_limit_exceeded", error.get("code").asText());
    assertEquals("12", header(refused, "retry-after"));
    assertEquals("12000", header(refused, "retry-after-ms"));
    assertEquals("5", header(refused, "x-ratelimit-limit-requests"));
    assertEquals("0", header(refused, "x-ratelimit-remaining-requests"));
    assertEquals("1m0s", header(refused, "x-ratelimit-reset-requests"));
    assertEquals("true", header(refused, "x-should-retry"));
    assertEquals(5, upstream.received().size(), "the refused request never reached the upstream");
    CLOCK.advance(11_999);
    assertEquals(429, chat(key, hi()).statusCode());
    CLOCK.advance(1);
    assertEquals(200, chat(key, hi()).statusCode(), "one request is back after 12 s");
  }

  @Test
  void tpmReservesPromptPlusMaxTokensAndRefusesWhatCanNeverFit() throws Exception {
    String key = key("{\"name\":\"tpm\",\"tpm\":1000}");
    HttpResponse<String> ok = chat(key, "{\"model\":\"m\",\"max_tokens\":50,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
    assertEquals(200, ok.statusCode());
    assertEquals("1000", header(ok, "x-ratelimit-limit-tokens"));
    long prompt = Long.parseLong(header(ok, "x-shepherd-prompt-tokens"));
    assertEquals(Long.toString(1000 - prompt - 50), header(ok, "x-ratelimit-remaining-tokens"),
        "the reservation (prompt + max_tokens) is what the headers show");
    HttpResponse<String> tooBig = chat(key, "{\"model\":\"m\",\"max_tokens\":5000,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
    assertEquals(429, tooBig.statusCode());
    assertEquals("false", header(tooBig, "x-should-retry"), "retrying can never help");
    assertTrue(JSON.readTree(tooBig.body()).at("/error/message").asText().contains("tokens-per-minute limit (1000)"));
    String longPrompt = "the quick brown fox jumps over the lazy dog ".repeat(150); // ~1,350 o200k tokens
    HttpResponse<String> tooLong = chat(key, "{\"model\":\"m\",\"max_tokens\":1,\"messages\":[{\"role\":\"user\",\"content\":\""
        + longPrompt + "\"}]}");
    assertEquals(429, tooLong.statusCode(), "a prompt longer than the whole TPM limit");
    assertTrue(Long.parseLong(header(tooLong, "x-shepherd-prompt-tokens")) > 1000);
    assertEquals(1, upstream.received().size(), "only the first request reached the upstream");
  }

  @Test
  void tpmIsCorrectedToActualUsageAtTheEnd() throws Exception {
    String key = key("{\"name\":\"tpm2\",\"tpm\":1000}");
    String body = "{\"model\":\"m\",\"max_tokens\":900,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    assertEquals(200, chat(key, body).statusCode()); // reserves ~910, settles to 12 (the fake's usage)
    HttpResponse<String> second = chat(key, body);
    assertEquals(200, second.statusCode(), "the unused reservation was given back");
  }

  @Test
  void maxParallelCountsOpenStreams() throws Exception {
    String key = key("{\"name\":\"par\",\"max_parallel\":2}");
    upstream.trickle(50);
    String stream = "{\"model\":\"m\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    HttpResponse<InputStream> s1 = Http.postStream(gateway.baseUrl() + "/chat/completions", key, stream);
    HttpResponse<InputStream> s2 = Http.postStream(gateway.baseUrl() + "/chat/completions", key, stream);
    assertEquals(200, s1.statusCode());
    assertEquals(200, s2.statusCode());
    HttpResponse<String> third = chat(key, stream);
    assertEquals(429, third.statusCode(), third.body());
    s1.body().close(); // the client goes away: its slot is released when the exchange ends
    long deadline = System.nanoTime() + 5_000_000_000L;
    int status = 429;
    while (status == 429 && System.nanoTime() < deadline) {
      Thread.sleep(20);
      upstream.json(200, Chunks.completion("m", "ok"));
      status = chat(key, hi()).statusCode();
    }
    assertEquals(200, status);
    s2.body().close();
  }

  @Test
  void anAccountLimitIsSharedByItsKeys() throws Exception {
    String shared = account();
    String a = key("{\"name\":\"a1\",\"account_id\":\"" + shared + "\"}");
    String b = key("{\"name\":\"a2\",\"account_id\":\"" + shared + "\"}");
    assertEquals(200, chat(a, hi()).statusCode());
    assertEquals(200, chat(b, hi()).statusCode());
    assertEquals(200, chat(a, hi()).statusCode());
    assertEquals(429, chat(b, hi()).statusCode(), "3 per minute for the account, whichever key");
    assertEquals(429, chat(a, hi()).statusCode());
    assertEquals(200, chat(key("{\"name\":\"other\",\"account_id\":\"" + account() + "\"}"), hi()).statusCode());
  }

  @Test
  void unlimitedKeysGetNoRateLimitHeaders() throws Exception {
    HttpResponse<String> r = chat(gateway.key(), hi());
    assertEquals(200, r.statusCode());
    assertEquals(null, header(r, "x-ratelimit-limit-requests"));
    assertTrue(header(r, "x-shepherd-prompt-tokens") != null);
  }
}
