package dev.shepherd.provider.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shepherd.config.SimulatorSettings;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.net.SocketTimeoutException;
import java.net.http.HttpResponse.BodyHandlers;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class FaultsTest extends SimTestSupport {

  static final String CHAT = "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]";
  static final String STREAM = CHAT + ",\"stream\":true}";

  @Test
  void errorHeaderAnswersErrorStatus() throws Exception {
    HttpResponse<String> r = post("/chat/completions", CHAT + "}", "x-sim-fault", "error");
    assertEquals(500, r.statusCode());
    JsonNode error = json(r.body()).get("error");
    assertTrue(error.get("message").textValue().contains("simulated"));
    assertEquals("server_error", error.get("type").textValue());
    assertTrue(error.has("param") && error.has("code"));
    assertEquals(1, sim.stats().errorsInjected());

    sim.settings(new SimulatorSettings(0, 0, 16, 0, 503, 0, 1, 0, 0, 64));
    assertEquals(503, post("/embeddings", "{\"model\":\"e\",\"input\":\"x\"}", "x-sim-fault", "error").statusCode());
  }

  @Test
  void rateLimitHeaderAnswers429WithRetryHeaders() throws Exception {
    sim.settings(new SimulatorSettings(0, 0, 16, 0, 500, 0, 7, 0, 0, 64));
    HttpResponse<String> r = post("/chat/completions", STREAM, "x-sim-fault", "rate_limit");
    assertEquals(429, r.statusCode());
    assertEquals("7", r.headers().firstValue("retry-after").orElseThrow());
    assertEquals("7000", r.headers().firstValue("retry-after-ms").orElseThrow());
    JsonNode error = json(r.body()).get("error");
    assertEquals("rate_limit_exceeded", error.get("code").textValue());
    assertEquals(1, sim.stats().rateLimited());
  }

  @Test
  void stallSendsHeadersThenNothing() throws Exception {
    try (Raw raw = new Raw("/chat/completions", STREAM, "x-sim-fault: stall")) {
      String head = raw.readUntil("\r\n\r\n");
      assertTrue(head.startsWith("HTTP/1.1 200"));
      assertTrue(head.contains("content-type: text/event-stream"));
      raw.socket.setSoTimeout(300);
      assertThrows(SocketTimeoutException.class, () -> raw.in.read(), "no body byte ever arrives");
    }
    awaitTrue(() -> sim.stats().cancelled() == 1, "the client's close counts as cancelled");

    // the JDK client's timeout only covers the headers: the caller has to time out the body itself
    CompletableFuture<HttpResponse<String>> pending =
        http.sendAsync(request("/chat/completions", CHAT + "}", "x-sim-fault", "stall").build(), BodyHandlers.ofString());
    assertThrows(TimeoutException.class, () -> pending.get(300, TimeUnit.MILLISECONDS), "never answered");
    pending.cancel(true);
    assertEquals(2, sim.stats().stalled());
    assertEquals(0, sim.stats().completed());
  }

  @Test
  void dropCutsStreamWithoutDone() throws Exception {
    sim.settings(settings(0, 0, 10));
    try (Raw raw = new Raw("/chat/completions", STREAM, "x-sim-fault: drop")) {
      String all = raw.readToEof();
      assertTrue(all.startsWith("HTTP/1.1 200"));
      assertTrue(all.contains("\"role\":\"assistant\""), "head chunk sent");
      assertTrue(all.contains("\"content\":\" amet\""), "about half the tokens sent");
      assertFalse(all.contains("\"content\":\" adipiscing\""), "not the second half");
      assertFalse(all.contains("finish_reason\":\"stop"));
      assertFalse(all.contains("[DONE]"));
      assertFalse(all.endsWith("0\r\n\r\n"), "no terminating chunk: the connection was cut");
    }
    assertThrows(IOException.class, () -> post("/chat/completions", STREAM, "x-sim-fault", "drop"));
    assertThrows(IOException.class, () -> post("/chat/completions", CHAT + "}", "x-sim-fault", "drop"),
        "non-stream: closed before any response");
    assertEquals(3, sim.stats().dropped());
    assertEquals(0, sim.stats().cancelled());
  }

  @Test
  void ratesDrawFaultsFromTheSeededGenerator() throws Exception {
    SimulatorSettings s = new SimulatorSettings(0, 0, 4, 0.25, 502, 0.25, 1, 0, 0, 64);
    sim.settings(s);
    sim.random(new SplittableRandom(42));
    SplittableRandom expected = new SplittableRandom(42);
    List<Integer> statuses = new ArrayList<>();
    List<Integer> predicted = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      statuses.add(post("/chat/completions", CHAT + "}").statusCode());
      predicted.add(switch (Fault.draw(s, expected)) {
        case ERROR -> 502;
        case RATE_LIMIT -> 429;
        default -> 200;
      });
    }
    assertEquals(predicted, statuses);
    assertTrue(statuses.contains(502) && statuses.contains(429) && statuses.contains(200));

    sim.settings(new SimulatorSettings(0, 0, 4, 1, 500, 0, 1, 0, 0, 64));
    assertEquals(500, post("/chat/completions", CHAT + "}").statusCode());
    assertEquals(200, post("/chat/completions", CHAT + "}", "x-sim-fault", "none").statusCode(), "header overrides rates");
  }

  @Test
  void unknownFaultHeaderIsABadRequest() throws Exception {
    HttpResponse<String> r = post("/chat/completions", CHAT + "}", "x-sim-fault", "explode");
    assertEquals(400, r.statusCode());
    assertTrue(json(r.body()).at("/error/message").textValue().contains("expected: none|error|rate_limit|stall|drop"));
  }
}
