package dev.shepherd.provider.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Event framing for translated streams: every line ending, any split, multi-line data, comments. */
class SseEventsTest {
  static final String EVENTS = ": keep-alive\nevent: message_start\ndata: {\"a\":1}\n\nevent: ping\ndata: {}\n\n"
      + "data: line one\ndata: line two\n\nid: 7\ndata:no-space é\n\n";
  static final List<String> EXPECTED = List.of("message_start|{\"a\":1}", "ping|{}", "null|line one\nline two",
      "null|no-space é");

  static List<String> frame(String text, int piece) {
    List<String> out = new ArrayList<>();
    SseEvents events = new SseEvents();
    byte[] all = text.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < all.length; i += piece) {
      byte[] part = java.util.Arrays.copyOfRange(all, i, Math.min(all.length, i + piece));
      events.feed(part, (type, data) -> out.add(type + "|" + data));
    }
    events.finish((type, data) -> out.add(type + "|" + data));
    return out;
  }

  @Test
  void everyLineEndingAndEverySplitGiveTheSameEvents() {
    for (String eol : List.of("\n", "\r\n", "\r")) {
      String text = EVENTS.replace("\n", eol);
      for (int piece = 1; piece <= text.length(); piece++) {
        assertEquals(EXPECTED, frame(text, piece), "eol " + eol.replace("\r", "CR").replace("\n", "LF") + ", piece " + piece);
      }
    }
  }

  @Test
  void anUnterminatedLastEventStillCounts() {
    assertEquals(List.of("null|{\"x\":2}"), frame("data: {\"x\":2}", 3));
    assertEquals(List.of(), frame(": only a comment\n", 4));
  }
}
