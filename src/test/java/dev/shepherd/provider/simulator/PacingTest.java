package dev.shepherd.provider.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

class PacingTest extends SimTestSupport {

  static final String CHAT = "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]";

  @Test
  void ttftDelaysNonStreamAndStream() throws Exception {
    sim.settings(settings(150, 0, 4));
    long t = System.nanoTime();
    assertEquals(200, post("/chat/completions", CHAT + "}").statusCode());
    assertTrue(millisSince(t) >= 150, "non-stream waits ttft");

    try (Raw raw = new Raw("/chat/completions", CHAT + ",\"stream\":true}", "x-sim-ttft-ms: 600")) {
      t = System.nanoTime();
      raw.readUntil("\r\n\r\n");
      long headers = millisSince(t);
      raw.readUntil("data: ");
      assertTrue(millisSince(t) >= 590, "first chunk waits ttft");
      assertTrue(headers < 500, "stream headers go out before the first token (took " + headers + " ms)");
      raw.readUntil("[DONE]");
    }
  }

  @Test
  void ttftHeaderOverridesSettings() throws Exception {
    sim.settings(settings(5_000, 0, 4));
    long t = System.nanoTime();
    assertEquals(200, post("/chat/completions", CHAT + "}", "x-sim-ttft-ms", "0").statusCode());
    assertTrue(millisSince(t) < 5_000);
    t = System.nanoTime();
    assertEquals(200, post("/embeddings", "{\"model\":\"e\",\"input\":\"x\"}", "x-sim-ttft-ms", "120").statusCode());
    assertTrue(millisSince(t) >= 120);
    assertEquals(400, post("/chat/completions", CHAT + "}", "x-sim-ttft-ms", "-1").statusCode());
  }

  @Test
  void tokensPerSecondPacesTokenChunks() throws Exception {
    sim.settings(settings(0, 50, 6)); // 5 gaps of 20 ms after the first token
    long t = System.nanoTime();
    HttpResponse<String> r = post("/chat/completions", CHAT + ",\"stream\":true}");
    assertTrue(millisSince(t) >= 100, "paced stream took " + millisSince(t) + " ms");
    assertEquals(6 + 3, events(r.body()).size());

    sim.settings(settings(0, 100_000, 2_000)); // faster than the timer tick: tokens batch per tick
    t = System.nanoTime();
    List<String> events = events(post("/chat/completions", CHAT + ",\"stream\":true}").body());
    assertEquals(2_000 + 3, events.size());
    assertTrue(millisSince(t) >= 19, "2000 tokens at 100k/s take at least ~20 ms");
  }

  @Test
  void unpacedLongStreamIsComplete() throws Exception {
    sim.settings(settings(0, 0, 50_000));
    List<String> events = events(post("/chat/completions", CHAT + ",\"stream\":true}").body());
    assertEquals(50_000 + 3, events.size());
    assertEquals("[DONE]", events.getLast());
    assertEquals(50_000, sim.stats().completionTokens());
  }

  @Test
  void slowReaderGetsTheWholeStreamThroughBackpressure() throws Exception {
    sim.settings(settings(0, 0, 100_000)); // ~20 MB: more than socket buffers hold
    try (Raw raw = new Raw("/chat/completions", CHAT + ",\"stream\":true}")) {
      Thread.sleep(300);
      String all = raw.readUntil("data: [DONE]\n\n");
      assertEquals(100_000 + 3, all.split("data: ", -1).length - 1);
    }
    assertEquals(1, sim.stats().completed());
  }

  @Test
  void clientCloseMidStreamIsCountedAndStopsWriting() throws Exception {
    sim.settings(settings(0, 20, 100)); // 5 s of stream
    try (Raw raw = new Raw("/chat/completions", CHAT + ",\"stream\":true}")) {
      raw.readUntil("\"content\":\" ipsum\"");
    }
    awaitTrue(() -> sim.stats().cancelled() == 1, "cancelled");
    assertEquals(0, sim.stats().completed());
    assertEquals(0, sim.stats().completionTokens());

    sim.settings(settings(5_000, 0, 4));
    try (Raw raw = new Raw("/chat/completions", CHAT + "}")) {
      awaitTrue(() -> sim.stats().requests() == 2, "second request arrived");
      Thread.sleep(50);
    }
    awaitTrue(() -> sim.stats().cancelled() == 2, "closing while waiting for the first token counts too");
  }

  static long millisSince(long t) {
    return (System.nanoTime() - t) / 1_000_000;
  }
}
