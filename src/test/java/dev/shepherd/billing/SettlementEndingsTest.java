package dev.shepherd.billing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shepherd.config.ConfigLoader;
import dev.shepherd.config.ModelConfig;
import dev.shepherd.store.LedgerEntry;
import dev.shepherd.testing.Chunks;
import dev.shepherd.testing.FakeUpstream;
import dev.shepherd.testing.Http;
import dev.shepherd.testing.TestGateway;
import dev.shepherd.tokens.Tokenizers;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every way a metered request can end, each settled exactly once with its expected charge.
 * Prices: $1 per million prompt tokens (1 µ$ each), $2 per million completion tokens (2 µ$ each);
 * the fake's reported usage is 9 prompt + 3 completion tokens = 15 µ$.
 */
class SettlementEndingsTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String BODY = "{\"model\":\"%s\",\"max_tokens\":50,%s\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
  static FakeUpstream upstream;
  static TestGateway gateway;

  @BeforeAll
  static void start() throws Exception {
    upstream = new FakeUpstream();
    String yaml = TestGateway.config(upstream.baseUrl(), TestGateway.RELAXED)
        + """
          - id: failover-model
            context_window: 1000000
            price: {input_per_mtok: 1.0, output_per_mtok: 2.0}
            deployments: [{provider: fake, model: upstream/broken, priority: 1}, {provider: fake, model: upstream/good, priority: 2}]
        routing: {breaker: {minimum_requests: 1000}}
        billing: {signup_bonus: {amount: 0}}
        """;
    gateway = TestGateway.start(yaml, null, Clock.systemUTC());
  }

  @AfterAll
  static void stop() throws Exception {
    gateway.close();
    upstream.close();
  }

  /** A funded account ($1.00 paid) with a key; returns {account, key}. */
  static String[] account() throws Exception {
    String admin = gateway.baseUrl().replace("/v1", "/admin/v1");
    String id = JSON.readTree(Http.post(admin + "/accounts", TestGateway.ADMIN_KEY, "{\"name\":\"e\"}").body())
        .get("id").asText();
    String key = JSON.readTree(Http.post(admin + "/keys", TestGateway.ADMIN_KEY,
        "{\"name\":\"k\",\"account_id\":\"" + id + "\"}").body()).get("key").asText();
    Http.post(admin + "/accounts/" + id + "/credits", TestGateway.ADMIN_KEY, "{\"amount\":\"1.00\",\"reference\":\"r\"}");
    return new String[] {id, key};
  }

  /** The account's charges once its hold is settled and written (µ$, positive). */
  static List<Long> charges(String account) throws Exception {
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (System.nanoTime() < deadline) {
      Thread.sleep(20);
      gateway.server().flushBilling();
      var a = gateway.store().billing().account(account).orElseThrow();
      if (a.heldMicros() == 0 && gateway.store().billing().outstandingHolds()[0] == 0) {
        break;
      }
    }
    gateway.server().flushBilling();
    return gateway.store().billing().entries(account, 100).stream().filter(e -> e.kind() == LedgerEntry.Kind.CHARGE)
        .map(e -> -(e.paidMicros() + e.promoMicros())).toList();
  }

  static long tokens(String text) throws Exception {
    ModelConfig m = ConfigLoader.load(gateway.configFile(), Map.of()).models().stream()
        .filter(x -> x.id().equals("test-model")).findFirst().orElseThrow();
    return Tokenizers.load(Map.of()).forModel(m).count(text);
  }

  static long promptTokens(String key) throws Exception {
    upstream.json(200, Chunks.completion("m", "ok"));
    var r = Http.post(gateway.baseUrl() + "/tokenize", key, "{\"model\":\"test-model\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
    return JSON.readTree(r.body()).get("prompt_tokens").asLong();
  }

  @Test
  void success() throws Exception {
    String[] a = account();
    upstream.json(200, Chunks.completion("upstream/real-model", "ok"));
    assertEquals(200, Http.post(gateway.baseUrl() + "/chat/completions", a[1], BODY.formatted("test-model", "")).statusCode());
    assertEquals(List.of(15L), charges(a[0]));
  }

  @Test
  void clientDisconnectBeforeTheFirstByteIsFree() throws Exception {
    String[] a = account();
    upstream.respond(req -> { }); // never answers
    int before = upstream.received().size();
    try (Socket s = send(a[1], BODY.formatted("test-model", "\"stream\":true,"))) {
      long deadline = System.nanoTime() + 5_000_000_000L;
      while (upstream.received().size() == before && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
    } // closed before any byte of an answer
    assertEquals(List.of(), charges(a[0]));
  }

  @Test
  void clientDisconnectMidStreamPaysPromptAndWhatWasRelayed() throws Exception {
    String[] a = account();
    upstream.respond(req -> { // five chunks, then silence (the stream stays open)
      var resp = req.response().setChunked(true).putHeader("content-type", "text/event-stream");
      for (int i = 0; i < 5; i++) {
        resp.write("data: " + Chunks.chunk("m", " tok", null) + "\n\n");
      }
    });
    try (Socket s = send(a[1], BODY.formatted("test-model", "\"stream\":true,"))) {
      BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
      int events = 0;
      for (String line; events < 5 && (line = in.readLine()) != null; ) {
        if (line.startsWith("data: {")) {
          events++;
        }
      }
      assertEquals(5, events);
    }
    long expected = promptTokens(a[1]) + 2 * tokens(" tok tok tok tok tok");
    assertEquals(List.of(expected), charges(a[0]));
  }

  @Test
  void upstreamErrorBeforeTheFirstByteIsFree() throws Exception {
    String[] a = account();
    upstream.json(500, "{\"error\":{\"message\":\"down\"}}");
    assertEquals(502, Http.post(gateway.baseUrl() + "/chat/completions", a[1], BODY.formatted("test-model", "")).statusCode());
    assertEquals(List.of(), charges(a[0]));
  }

  @Test
  void upstreamBreakAfterTheFirstBytePaysPromptAndWhatWasRelayed() throws Exception {
    String[] a = account();
    upstream.respond(req -> {
      var resp = req.response().setChunked(true).putHeader("content-type", "text/event-stream");
      for (int i = 0; i < 3; i++) {
        resp.write("data: " + Chunks.chunk("m", " tok", null) + "\n\n");
      }
      resp.write("data: {\"error\":{\"message\":\"overloaded\",\"type\":\"server_error\"}}\n\n");
      resp.end();
    });
    var r = Http.post(gateway.baseUrl() + "/chat/completions", a[1], BODY.formatted("test-model", "\"stream\":true,"));
    assertEquals(200, r.statusCode());
    long expected = promptTokens(a[1]) + 2 * tokens(" tok tok tok");
    assertEquals(List.of(expected), charges(a[0]));
  }

  @Test
  void failoverAfterAFailedAttemptPaysOnlyTheAnswer() throws Exception {
    String[] a = account();
    upstream.respond(req -> {
      String body = upstream.last().body();
      if (body.contains("upstream/broken")) {
        req.response().setStatusCode(503).end("{\"error\":{\"message\":\"busy\"}}");
      } else {
        req.response().putHeader("content-type", "application/json").end(Chunks.completion("upstream/good", "ok"));
      }
    });
    var r = Http.post(gateway.baseUrl() + "/chat/completions", a[1], BODY.formatted("failover-model", ""));
    assertEquals(200, r.statusCode(), r.body());
    assertEquals(List.of(15L), charges(a[0]), "one charge: the answering attempt's usage");
  }

  @Test
  void anAnswerWithoutUsagePaysItsCountedPromptAndCompletion() throws Exception {
    String[] a = account();
    upstream.json(200, Chunks.completion("m", "hello there world").replaceAll(",\"usage\":\\{[^}]*}", ""));
    var r = Http.post(gateway.baseUrl() + "/chat/completions", a[1], BODY.formatted("test-model", ""));
    assertEquals(200, r.statusCode());
    long prompt = Long.parseLong(r.headers().firstValue("x-shepherd-prompt-tokens").orElseThrow());
    assertEquals(List.of(prompt + 2 * tokens("hello there world")), charges(a[0]));
    assertTrue(tokens("hello there world") > 0);
  }

  /** Sends a request on a raw socket (the caller closes it to disconnect). */
  static Socket send(String key, String body) throws Exception {
    Socket s = new Socket("127.0.0.1", gateway.port());
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    OutputStream out = s.getOutputStream();
    out.write(("POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + key
        + "\r\nContent-Type: application/json\r\nContent-Length: " + b.length + "\r\n\r\n")
        .getBytes(StandardCharsets.US_ASCII));
    out.write(b);
    out.flush();
    return s;
  }
}
