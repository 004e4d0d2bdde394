package dev.shepherd.observe.requestlog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shepherd.store.RequestRollup;
import dev.shepherd.testing.Chunks;
import dev.shepherd.testing.FakeUpstream;
import dev.shepherd.testing.Http;
import dev.shepherd.testing.MutableClock;
import dev.shepherd.testing.TestGateway;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Retention and rollups through a running gateway whose clock the test moves: rows and rollups are
 * stamped with the injected clock, SLO windows end at its "now", the sweep expires raw rows after
 * {@code retention_days} while the SLO report, read from rollups alone, still answers until
 * {@code rollup_retention_days}.
 */
class RequestLogClockGatewayTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final long DAY = 86_400_000L;
  static FakeUpstream upstream;
  static TestGateway gw;
  static MutableClock clock;

  @BeforeAll
  static void start() throws Exception {
    upstream = new FakeUpstream();
    clock = new MutableClock(System.currentTimeMillis());
    gw = TestGateway.start(TestGateway.config(upstream.baseUrl(), TestGateway.RELAXED) + """
        observe:
          request_log: {retention_days: 2, rollup_retention_days: 30}
        """, null, clock);
  }

  @AfterAll
  static void stop() throws Exception {
    gw.close();
    upstream.close();
  }

  static JsonNode admin(String pathAndQuery) throws Exception {
    HttpResponse<String> r = Http.get("http://127.0.0.1:" + gw.port() + pathAndQuery, TestGateway.ADMIN_KEY);
    assertEquals(200, r.statusCode(), r.body());
    return JSON.readTree(r.body());
  }

  static int listed() throws Exception {
    return admin("/admin/v1/requests?limit=1000").get("data").size();
  }

  static JsonNode models(String window) throws Exception {
    return admin("/admin/v1/slo?window=" + window).get("models");
  }

  @Test
  void rowsExpireAfterRetentionDaysWhileRollupsKeepAnsweringUntilTheirs() throws Exception {
    long start = clock.millis();
    upstream.json(200, Chunks.completion("upstream/real-model", "hi"));
    String body = "{\"model\":\"test-model\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    for (int i = 0; i < 5; i++) {
      assertEquals(200, Http.post(gw.baseUrl() + "/chat/completions", gw.key(), body).statusCode());
    }
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (listed() < 5 && System.nanoTime() < deadline) {
      gw.server().flushObservers();
    }
    JsonNode rows = admin("/admin/v1/requests").get("data");
    assertEquals(5, rows.size());
    for (JsonNode r : rows) { // stamped with the injected clock (minus the request's duration)
      long at = Instant.parse(r.get("created_at").asText()).toEpochMilli();
      assertTrue(at <= start && at > start - 10_000, r.toString());
    }
    List<RequestRollup> rollups = gw.store().requests().rollups(0, Long.MAX_VALUE);
    assertEquals(1, rollups.size());
    assertEquals(RequestRollup.hourOf(start), rollups.get(0).hour());
    assertEquals(5, models("1h").get(0).get("requests").asInt());

    clock.advance(3 * DAY);
    assertEquals(new RequestLogRetention.Swept(5, 0), gw.server().requestLog().sweep());
    assertEquals(0, listed());
    assertEquals(0, models("1h").size(), "an hour-long window ending three days later is empty");
    JsonNode week = models("7d");
    assertEquals(1, week.size());
    assertEquals("test-model", week.get(0).get("model").asText());
    assertEquals(5, week.get(0).get("requests").asInt(), "read from rollups: the raw rows are gone");
    assertTrue(week.get(0).get("latency_ms").get("p99").asDouble() > 0);

    clock.advance(28 * DAY);
    assertEquals(new RequestLogRetention.Swept(0, 1), gw.server().requestLog().sweep());
    assertEquals(0, gw.store().requests().rollups(0, Long.MAX_VALUE).size());
  }
}
