package dev.shepherd.observe.slo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.shepherd.config.SloConfig;
import dev.shepherd.config.SloMetric;
import dev.shepherd.config.SloWindow;
import dev.shepherd.store.RequestRecord;
import dev.shepherd.store.Store;
import dev.shepherd.store.jdbc.JdbcStore;
import dev.shepherd.testing.MutableClock;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** Objectives against stored rollups: one webhook per breach, one per recovery, none in between. */
class SloEvaluatorTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final long MIN = 60_000;
  static final long T = Instant.parse("2026-11-24T10:00:00Z").toEpochMilli();
  @TempDir Path dir;
  Store store;
  MutableClock clock;
  HttpServer receiver;
  final List<JsonNode> received = new CopyOnWriteArrayList<>();
  final List<String> queries = new CopyOnWriteArrayList<>();
  int next;

  @BeforeEach
  void setUp() throws Exception {
    store = JdbcStore.open("jdbc:sqlite:" + dir.resolve("slo.db"), null, null);
    clock = new MutableClock(T + 30 * MIN);
    receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    receiver.createContext("/hooks/slo", ex -> {
      queries.add(ex.getRequestURI().getRawQuery());
      received.add(JSON.readTree(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
      ex.sendResponseHeaders(204, -1);
      ex.close();
    });
    receiver.start();
  }

  @AfterEach
  void tearDown() {
    receiver.stop(0);
    store.close();
  }

  String webhook() {
    return "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hooks/slo?token=hook-secret-123";
  }

  void write(String model, int n, long latencyMicros, int errors) {
    List<RequestRecord> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      boolean error = i < errors;
      rows.add(new RequestRecord("req_" + next++, clock.millis() - 1_000 - i, "key_1", null, model, model, "p/" + model,
          "chat", false, error ? 502 : 200, error ? "ERROR" : "OK", error ? "upstream_error" : null, null, error, 1,
          null, 5, 5, -1, latencyMicros, -1, 1, 100, null, null));
    }
    store.requests().write(rows);
  }

  SloEvaluator evaluator(SloConfig.Objective... objectives) {
    return new SloEvaluator(new SloConfig(List.of(objectives), webhook(), 60), store.requests(), clock,
        new SloWebhook(webhook(), Duration.ofSeconds(5), 3, 50), false);
  }

  void awaitReceived(int n) throws InterruptedException {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (received.size() < n && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    Thread.sleep(100); // and nothing more arrives
    assertEquals(n, received.size(), String.valueOf(received));
  }

  @Test
  void breachSendsOneWebhookAndRecoverySendsOne() throws Exception {
    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    logs.start();
    Logger root = (Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
    root.addAppender(logs);
    try (SloEvaluator slo = evaluator(new SloConfig.Objective("*", SloMetric.P95_LATENCY_MS, 100, SloWindow.H1, 5))) {
      write("m-a", 40, 50_000, 0); // 50 ms
      assertEquals(List.of(), slo.evaluate());
      write("m-a", 10, 800_000, 0); // now p95 is 800 ms
      List<SloEvent> breach = slo.evaluate();
      assertEquals(1, breach.size());
      assertTrue(breach.get(0).breach());
      assertEquals(List.of(), slo.evaluate(), "still breached: nothing new");
      clock.advance(5 * MIN);
      assertEquals(List.of(), slo.evaluate());
      awaitReceived(1);
      JsonNode b = received.get(0);
      assertEquals("slo.breach", b.get("type").asText());
      assertEquals("m-a", b.get("model").asText());
      assertEquals("p95_latency_ms", b.get("metric").asText());
      assertEquals(800, b.get("value").asDouble(), 800 * 0.02);
      assertEquals(100, b.get("threshold").asDouble());
      assertEquals("1h", b.get("window").asText());
      assertEquals(Instant.ofEpochMilli(T + 30 * MIN).toString(), b.get("at").asText());
      assertTrue(slo.status().get(0).breached());

      clock.advance(2 * 60 * MIN); // the slow requests leave the window
      write("m-a", 30, 40_000, 0);
      List<SloEvent> recovered = slo.evaluate();
      assertEquals(1, recovered.size());
      assertFalse(recovered.get(0).breach());
      assertEquals(List.of(), slo.evaluate());
      awaitReceived(2);
      assertEquals("slo.recovered", received.get(1).get("type").asText());
      assertEquals(40, received.get(1).get("value").asDouble(), 40 * 0.02);
      assertEquals(List.of("token=hook-secret-123", "token=hook-secret-123"), queries);
      assertEquals(2, slo.webhook().delivered());
    } finally {
      root.detachAppender(logs);
    }
    assertTrue(logs.list.stream().anyMatch(e -> e.getFormattedMessage().startsWith("SLO breached: p95_latency_ms of m-a")));
    logs.list.forEach(e -> assertFalse(e.getFormattedMessage().contains("hook-secret-123"), e.getFormattedMessage()));
  }

  @Test
  void errorRatePerModelAndNoVerdictBelowMinRequests() throws Exception {
    try (SloEvaluator slo = evaluator(
        new SloConfig.Objective("*", SloMetric.ERROR_RATE, 0.01, SloWindow.H24, 20),
        new SloConfig.Objective("m-b", SloMetric.ERROR_RATE, 0.5, SloWindow.H1, 1))) {
      write("m-a", 10, 1_000, 5); // 50% errors, but only 10 requests: no verdict for the first objective
      write("m-b", 100, 1_000, 2); // 2%
      List<SloEvent> events = slo.evaluate();
      assertEquals(1, events.size(), String.valueOf(events));
      assertEquals("m-b", events.get(0).model());
      assertEquals("24h", events.get(0).window());
      assertEquals(0.02, events.get(0).value(), 1e-9);
      write("m-a", 10, 1_000, 0); // 20 requests, 25%
      events = slo.evaluate();
      assertEquals(List.of("m-a"), events.stream().map(SloEvent::model).toList());
      awaitReceived(2);
      assertEquals(3, slo.status().size()); // (0, m-a), (0, m-b), (1, m-b)
      assertFalse(slo.status().get(2).breached());
    }
  }

  @Test
  void aFailingWebhookIsRetriedThenCounted() throws Exception {
    receiver.removeContext("/hooks/slo");
    receiver.createContext("/hooks/slo", ex -> {
      received.add(JSON.createObjectNode());
      ex.sendResponseHeaders(503, -1);
      ex.close();
    });
    try (SloEvaluator slo = evaluator(new SloConfig.Objective("m", SloMetric.ERROR_RATE, 0.1, SloWindow.H1, 1))) {
      write("m", 5, 1_000, 5);
      assertEquals(1, slo.evaluate().size());
      awaitReceived(3);
      long deadline = System.nanoTime() + 5_000_000_000L;
      while (slo.webhook().failed() == 0 && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      assertEquals(1, slo.webhook().failed());
    }
  }
}
