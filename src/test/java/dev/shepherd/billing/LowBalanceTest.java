package dev.shepherd.billing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.shepherd.config.BillingConfig;
import dev.shepherd.store.BalanceDrop;
import dev.shepherd.testing.MutableClock;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Low-balance alerts against a local receiver: one POST per crossing below $1.00, none while
 * below, retries on failure, and no secret of the webhook URL in the logs.
 */
class LowBalanceTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final long NOW = Instant.parse("2026-11-24T10:00:00Z").toEpochMilli();
  HttpServer receiver;
  final List<String> bodies = new CopyOnWriteArrayList<>();
  final AtomicInteger attempts = new AtomicInteger();
  volatile IntSupplier status = () -> 200;
  volatile long delayMillis;

  @BeforeEach
  void startReceiver() throws Exception {
    receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    receiver.createContext("/hooks/balance", ex -> {
      attempts.incrementAndGet();
      String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      try {
        Thread.sleep(delayMillis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      int s = status.getAsInt();
      if (s == 200) {
        bodies.add(body);
      }
      ex.sendResponseHeaders(s, -1);
      ex.close();
    });
    receiver.start();
  }

  @AfterEach
  void stopReceiver() {
    receiver.stop(0);
  }

  String webhook() {
    return "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hooks/balance?token=s3cret-t0ken";
  }

  LowBalance alerts(String webhook) {
    BillingConfig c = new BillingConfig(BillingConfig.DEFAULT.planRates(), BillingConfig.DEFAULT.marketRates(),
        1_000_000, 30, true, 1_000_000, webhook, "auto");
    return new LowBalance(() -> c, new MutableClock(NOW), Duration.ofMillis(500), 3, 20);
  }

  static void await(java.util.function.BooleanSupplier done) throws InterruptedException {
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (!done.getAsBoolean() && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
  }

  @Test
  void onePostPerCrossingNoneWhileBelowAndAgainAfterATopUp() throws Exception {
    try (LowBalance alerts = alerts(webhook())) {
      alerts.accept(List.of(new BalanceDrop("acct_1", 1_500_000, 1_200_000))); // above: nothing
      alerts.accept(List.of(new BalanceDrop("acct_1", 1_200_000, 900_000))); // crosses
      alerts.accept(List.of(new BalanceDrop("acct_1", 900_000, 500_000))); // stays below
      alerts.accept(List.of(new BalanceDrop("acct_2", 1_000_000, 999_999))); // another account crosses
      await(() -> bodies.size() >= 2);
      Thread.sleep(100);
      assertEquals(2, bodies.size(), bodies.toString());
      // a top-up took acct_1 back to $1.10; the next fall crosses again
      alerts.accept(List.of(new BalanceDrop("acct_1", 1_100_000, 800_000)));
      await(() -> bodies.size() >= 3 && alerts.delivered() >= 3); // counted once the sender has the answer
      assertEquals(3, alerts.delivered());
      assertEquals(3, bodies.size());
    }
    JsonNode first = bodies.stream().map(LowBalanceTest::json).filter(n -> n.get("account_id").asText().equals("acct_1"))
        .findFirst().orElseThrow();
    assertEquals("{\"type\":\"balance.low\",\"account_id\":\"acct_1\",\"balance\":\"0.90\",\"threshold\":\"1.00\","
        + "\"at\":\"2026-11-24T10:00:00Z\"}", first.toString());
  }

  @Test
  void aFailingReceiverIsRetriedAndTheLogsNeverShowTheWebhooksPathOrQuery() throws Exception {
    Logger logger = (Logger) LoggerFactory.getLogger(LowBalance.class);
    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    logs.start();
    logger.addAppender(logs);
    try (LowBalance alerts = alerts(webhook())) {
      AtomicInteger calls = new AtomicInteger();
      status = () -> calls.incrementAndGet() == 1 ? 503 : 200; // fails once, then answers
      alerts.accept(List.of(new BalanceDrop("acct_r", 1_000_000, 0)));
      await(() -> alerts.delivered() == 1);
      assertEquals(2, attempts.get(), "503, then a retry that succeeded");

      attempts.set(0);
      status = () -> 500; // fails every time: 3 attempts, then given up
      alerts.accept(List.of(new BalanceDrop("acct_f", 1_000_000, 0)));
      await(() -> alerts.failed() == 1);
      assertEquals(3, attempts.get());

      attempts.set(0);
      status = () -> 400; // refused: not retried
      alerts.accept(List.of(new BalanceDrop("acct_x", 1_000_000, 0)));
      await(() -> alerts.failed() == 2);
      assertEquals(1, attempts.get());

      attempts.set(0);
      status = () -> 200;
      delayMillis = 1_000; // longer than the 500 ms timeout, every attempt
      alerts.accept(List.of(new BalanceDrop("acct_t", 1_000_000, 0)));
      await(() -> alerts.failed() == 3);
      assertEquals(3, alerts.failed());
    } finally {
      logger.detachAppender(logs);
    }
    String logged = String.join("\n", logs.list.stream().map(ILoggingEvent::getFormattedMessage).toList());
    assertTrue(logged.contains("failed: HTTP 500"), logged);
    assertTrue(logged.contains("failed: HTTP 400"), logged);
    assertTrue(logged.contains("HttpTimeoutException"), logged);
    assertTrue(logged.contains("http://127.0.0.1:" + receiver.getAddress().getPort()), logged);
    assertFalse(logged.contains("s3cret"), logged);
    assertFalse(logged.contains("/hooks/balance"), logged);
  }

  @Test
  void noThresholdNoAlerts() throws Exception {
    BillingConfig off = BillingConfig.DEFAULT; // low_balance absent: threshold 0
    try (LowBalance alerts = new LowBalance(() -> off, new MutableClock(NOW))) {
      alerts.accept(List.of(new BalanceDrop("acct_1", 1, 0)));
    }
    assertEquals(0, attempts.get());
    assertEquals("https://hooks.example.com:8443", LowBalance.origin("https://u:p@hooks.example.com:8443/x/y?token=t"));
  }

  static JsonNode json(String s) {
    try {
      return JSON.readTree(s);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
