package dev.shepherd.translate.gemini;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shepherd.api.ApiException;
import dev.shepherd.api.ErrorKind;
import dev.shepherd.translate.UpstreamStreamError;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class GeminiToChatStreamTest {
  static GeminiToChatStream stream(boolean includeUsage) {
    return new GeminiToChatStream("chatcmpl-Gm3x9Qd2", "gemini-flash", 1_764_000_000L, includeUsage);
  }

  static List<String> run(GeminiToChatStream t, List<String> events) {
    List<String> out = new ArrayList<>();
    for (String e : events) {
      t.event(null, e, out::add);
    }
    t.end(out::add);
    return out;
  }

  /** Folds chunks back into whole choices: content, reasoning, tool calls, finish reason. */
  static Map<Integer, ObjectNode> fold(List<String> chunks) {
    Map<Integer, ObjectNode> choices = new TreeMap<>();
    for (String chunk : chunks) {
      for (JsonNode c : GeminiJson.parse(chunk, "chunk").path("choices")) {
        ObjectNode m = choices.computeIfAbsent(c.get("index").asInt(), i -> Fixtures.JSON.createObjectNode());
        JsonNode d = c.get("delta");
        for (String f : new String[] {"content", "reasoning_content"}) {
          if (d.has(f)) {
            m.put(f, m.path(f).asText("") + d.get(f).asText());
          }
        }
        for (JsonNode call : d.path("tool_calls")) {
          ObjectNode copy = call.deepCopy();
          int index = copy.remove("index").asInt();
          ArrayNode calls = m.has("tool_calls") ? (ArrayNode) m.get("tool_calls") : m.putArray("tool_calls");
          assertEquals(calls.size(), index, "tool call indexes count 0, 1, 2…");
          calls.add(copy);
        }
        if (!c.get("finish_reason").isNull()) {
          m.put("finish_reason", c.get("finish_reason").asText());
        }
      }
    }
    return choices;
  }

  static List<String> responseFixtures() {
    return Fixtures.names("responses", ".json");
  }

  /** A whole response sent as a one-event stream says what the non-stream translation says. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("responseFixtures")
  void streamAgreesWithTheWholeResponse(String name) {
    JsonNode gemini = Fixtures.json("responses", name + ".json").get("gemini");
    String event = GeminiJson.write(gemini);
    ObjectNode chat;
    try {
      chat = GeminiResponses.toChat(gemini, "gemini-flash", "chatcmpl-Gm3x9Qd2", 1_764_000_000L);
    } catch (ApiException e) {
      UpstreamStreamError s = assertThrows(UpstreamStreamError.class, () -> run(stream(true), List.of(event)));
      assertEquals(e.kind(), s.kind());
      assertEquals(e.getMessage(), s.getMessage());
      return;
    }
    GeminiToChatStream t = stream(true);
    List<String> chunks = run(t, List.of(event));
    Map<Integer, ObjectNode> folded = fold(chunks);
    assertEquals(chat.get("choices").size(), folded.size());
    for (JsonNode choice : chat.get("choices")) {
      ObjectNode f = folded.get(choice.get("index").asInt());
      JsonNode m = choice.get("message");
      assertEquals(m.path("content").asText(""), f.path("content").asText(""), name);
      assertEquals(m.path("reasoning_content").asText(""), f.path("reasoning_content").asText(""), name);
      assertEquals(m.path("tool_calls"), f.path("tool_calls"), name);
      assertEquals(choice.get("finish_reason").asText(), f.get("finish_reason").asText(), name);
    }
    assertTrue(t.complete());
    assertEquals(GeminiResponses.usage(gemini), t.usage());
    JsonNode last = GeminiJson.parse(chunks.get(chunks.size() - 1), "chunk");
    assertEquals(0, last.get("choices").size());
    assertEquals(Fixtures.normalized(chat.get("usage")), last.get("usage"));
  }

  @Test
  void crlfAndLfFramedRecordingsGiveTheSameText() {
    Map<Integer, ObjectNode> crlf = fold(run(stream(false), Sse.payloads(Fixtures.text("streams", "text.sse"))));
    Map<Integer, ObjectNode> lf = fold(run(stream(false), Sse.payloads(Fixtures.text("streams", "text-lf.sse"))));
    assertTrue(Fixtures.text("streams", "text.sse").contains("\r\n\r\n"));
    assertFalse(Fixtures.text("streams", "text-lf.sse").contains("\r"));
    assertEquals(crlf, lf);
  }

  @Test
  void errorPayloadsAreMappedInBothForms() {
    UpstreamStreamError e = assertThrows(UpstreamStreamError.class, () -> stream(true).event(null,
        "{\"error\":{\"code\":429,\"message\":\"Resource has been exhausted (e.g. check quota).\","
            + "\"status\":\"RESOURCE_EXHAUSTED\"}}", s -> { }));
    assertEquals(ErrorKind.UPSTREAM_RATE_LIMITED, e.kind());
    assertEquals("RESOURCE_EXHAUSTED", e.upstreamType());
    e = assertThrows(UpstreamStreamError.class, () -> stream(true).event(null,
        "[{\"error\":{\"code\":400,\"message\":\"Invalid JSON payload received.\",\"status\":\"INVALID_ARGUMENT\"}}]",
        s -> { }));
    assertEquals(ErrorKind.UPSTREAM_REJECTED, e.kind());
    assertEquals("Invalid JSON payload received.", e.getMessage());
    e = assertThrows(UpstreamStreamError.class, () -> stream(true).event(null,
        "{\"error\":{\"code\":500,\"message\":\"internal host gfe-7 failed\",\"status\":\"INTERNAL\"}}", s -> { }));
    assertEquals(ErrorKind.UPSTREAM_ERROR, e.kind());
    assertFalse(e.getMessage().contains("gfe-7"), "upstream internals never reach the client");
  }

  @Test
  void brokenEventsAreIllegalArgumentsAndBlankOnesAreIgnored() {
    GeminiToChatStream t = stream(true);
    List<String> out = new ArrayList<>();
    t.event(null, "", out::add);
    t.event(null, "  ", out::add);
    assertTrue(out.isEmpty());
    assertFalse(t.complete());
    assertEquals(dev.shepherd.pipeline.Usage.NONE, t.usage());
    assertThrows(IllegalArgumentException.class, () -> t.event(null, "{\"candidates\":", out::add));
    assertThrows(IllegalArgumentException.class, () -> t.event(null, "42", out::add));
    assertThrows(IllegalArgumentException.class,
        () -> t.event(null, "{\"candidates\":[{\"index\":9999,\"content\":{\"parts\":[{\"text\":\"x\"}]}}]}", out::add));
  }

  @Test
  void nothingFollowsAFinishAndAnIncompleteStreamGetsNoUsageChunk() {
    GeminiToChatStream t = stream(true);
    List<String> out = run(t, List.of(
        "{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"a\"}]},\"finishReason\":\"STOP\"}]}",
        "{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"late\"}]}}],"
            + "\"usageMetadata\":{\"promptTokenCount\":3,\"candidatesTokenCount\":1,\"totalTokenCount\":4}}"));
    assertEquals(4, out.size(), out.toString()); // role, "a", finish, usage
    assertFalse(String.join("", out).contains("late"));

    GeminiToChatStream open = stream(true);
    out = run(open, List.of("{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"a\"}]}}],"
        + "\"usageMetadata\":{\"promptTokenCount\":3,\"totalTokenCount\":3}}"));
    assertEquals(2, out.size(), out.toString());
    assertFalse(open.complete());
    assertEquals(-1, open.usage().completionTokens());
    assertEquals(3, open.usage().promptTokens());
  }
}
