package dev.shepherd.translate.anthropic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * Test helper: checks an Anthropic event sequence follows the documented stream flow — {@code
 * message_start} first; content blocks indexed 0, 1, 2… each started once, then its deltas, then
 * stopped once, before the next one starts; one {@code message_delta}; {@code message_stop} last;
 * every event's {@code type} equals its SSE event name.
 */
final class AnthropicEventChecks {
  private AnthropicEventChecks() {}

  static void assertWellFormed(List<SseText.Event> events) {
    assertTrue(!events.isEmpty(), "no events");
    assertEquals("message_start", events.getFirst().type(), "first event");
    assertEquals("message_stop", events.getLast().type(), "last event");
    int next = 0;
    int open = -1;
    int messageDeltas = 0;
    for (SseText.Event e : events) {
      JsonNode d = AnthropicJson.parse(e.data());
      assertEquals(e.type(), d.get("type").asText(), "event name and data type");
      switch (e.type()) {
        case "content_block_start" -> {
          assertEquals(-1, open, "block started while another is open");
          assertEquals(next, d.get("index").asInt(), "block index");
          open = next++;
        }
        case "content_block_delta" -> assertEquals(open, d.get("index").asInt(), "delta for the open block");
        case "content_block_stop" -> {
          assertEquals(open, d.get("index").asInt(), "stop for the open block");
          open = -1;
        }
        case "message_delta" -> {
          assertEquals(-1, open, "message_delta with a block open");
          messageDeltas++;
        }
        default -> { }
      }
    }
    assertEquals(1, messageDeltas, "message_delta count");
  }
}
