package dev.shepherd.translate.anthropic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Property: for random valid OpenAI chat requests, {@code MessagesRequests.toChat(AnthropicRequests
 * .fromChat(r))} means the same as {@code r} under the documented normalisation ({@link
 * ChatMeaning}), and the Anthropic request in between follows the Messages API's structural rules.
 */
class RoundTripPropertyTest {
  static final long DEFAULT_MAX = 4096;
  private static final int CASES = 3000;

  @Test
  void chatToMessagesAndBackKeepsTheMeaning() {
    for (int seed = 0; seed < CASES; seed++) {
      ObjectNode original = new RandomChat(seed).request();
      String before = original.toString();
      ObjectNode anthropic;
      ObjectNode back;
      try {
        anthropic = AnthropicRequests.fromChat(original, "claude-sonnet-4-5", DEFAULT_MAX, Set.of());
        assertAnthropicShape(anthropic);
        back = MessagesRequests.toChat(anthropic);
      } catch (RuntimeException | AssertionError e) {
        throw new AssertionError("seed " + seed + ": " + e.getMessage() + "\nrequest: " + original, e);
      }
      assertEquals(before, original.toString(), "seed " + seed + ": the input was modified");
      ObjectNode expected = ChatMeaning.of(original, DEFAULT_MAX);
      ObjectNode actual = ChatMeaning.of(back, DEFAULT_MAX);
      if (!expected.equals(actual)) {
        fail("seed " + seed + "\nrequest:   " + original + "\nanthropic: " + anthropic + "\nback:      " + back
            + "\nexpected meaning: " + expected + "\nactual meaning:   " + actual);
      }
    }
  }

  /** Roles alternate starting with user; tool results come first and answer the previous turn's calls. */
  static void assertAnthropicShape(JsonNode req) {
    String previous = "assistant";
    Set<String> openCalls = new HashSet<>();
    for (JsonNode turn : req.get("messages")) {
      String role = turn.get("role").asText();
      assertTrue(!role.equals(previous), "roles must alternate: " + req.get("messages"));
      previous = role;
      JsonNode content = turn.get("content");
      if (content.isTextual()) {
        openCalls.clear();
        continue;
      }
      boolean otherSeen = false;
      Set<String> calls = new HashSet<>();
      for (JsonNode block : content) {
        String type = block.get("type").asText();
        if (type.equals("tool_result")) {
          assertTrue(!otherSeen, "tool_result blocks must come first: " + content);
          assertTrue(openCalls.remove(block.get("tool_use_id").asText()), "tool_result without a call: " + block);
        } else {
          otherSeen = true;
          assertTrue(!type.equals("text") || !block.get("text").asText().isEmpty(), "empty text block");
        }
        if (type.equals("tool_use")) {
          assertTrue(block.get("input").isObject(), "tool_use input must be an object");
          calls.add(block.get("id").asText());
        }
      }
      if (role.equals("user")) {
        assertTrue(openCalls.isEmpty(), "tool calls left unanswered: " + openCalls);
      }
      openCalls = calls;
    }
  }
}
