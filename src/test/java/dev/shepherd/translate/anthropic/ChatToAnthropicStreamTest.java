package dev.shepherd.translate.anthropic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shepherd.api.ErrorKind;
import dev.shepherd.pipeline.Usage;
import dev.shepherd.translate.UpstreamStreamError;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ChatToAnthropicStreamTest {
  static List<SseText.Event> run(String fixture, ChatToAnthropicStream t) {
    StringBuilder out = new StringBuilder();
    for (SseText.Event e : SseText.parse(Fixtures.read("inbound/streams/" + fixture + ".sse"))) {
      if (e.data().equals("[DONE]")) {
        t.end(out::append);
      } else {
        t.event(e.type(), e.data(), out::append);
      }
    }
    return SseText.parse(out.toString());
  }

  @ParameterizedTest
  @ValueSource(strings = {"text", "tool-calls", "parallel-tools", "reasoning", "length", "stop-sequence-vllm",
      "content-filter", "refusal"})
  void eventsFollowTheDocumentedFlow(String fixture) {
    ChatToAnthropicStream t = new ChatToAnthropicStream("msg_1", "claude", 17);
    List<SseText.Event> events = run(fixture, t);
    AnthropicEventChecks.assertWellFormed(events);
    assertTrue(t.complete());
    assertEquals(17, AnthropicJson.parse(events.getFirst().data()).at("/message/usage/input_tokens").asLong(),
        "message_start carries the gateway's prompt count");
    JsonNode delta = AnthropicJson.parse(events.get(events.size() - 2).data());
    assertEquals(t.usage().completionTokens(), delta.at("/usage/output_tokens").asLong());
    assertEquals(t.usage().promptTokens(), delta.at("/usage/input_tokens").asLong()
        + delta.at("/usage/cache_read_input_tokens").asLong(), "message_delta carries the upstream's real usage");
  }

  @ParameterizedTest
  @ValueSource(strings = {"tool-calls", "parallel-tools"})
  void toolInputReassemblesExactlyFromTheArgumentFragments(String fixture) {
    Map<Integer, StringBuilder> upstream = new LinkedHashMap<>();
    for (SseText.Event e : SseText.parse(Fixtures.read("inbound/streams/" + fixture + ".sse"))) {
      if (!e.data().equals("[DONE]")) {
        for (JsonNode tc : AnthropicJson.parse(e.data()).at("/choices/0/delta/tool_calls")) {
          upstream.computeIfAbsent(tc.get("index").asInt(), k -> new StringBuilder())
              .append(tc.at("/function/arguments").asText(""));
        }
      }
    }
    Map<Integer, StringBuilder> blocks = new LinkedHashMap<>();
    for (SseText.Event e : run(fixture, new ChatToAnthropicStream("msg_1", "claude", 1))) {
      JsonNode d = AnthropicJson.parse(e.data());
      if (d.at("/content_block/type").asText().equals("tool_use")) {
        blocks.put(d.get("index").asInt(), new StringBuilder());
      } else if (d.at("/delta/type").asText().equals("input_json_delta")) {
        blocks.get(d.get("index").asInt()).append(d.at("/delta/partial_json").asText());
      }
    }
    assertEquals(upstream.values().stream().map(StringBuilder::toString).toList(),
        blocks.values().stream().map(StringBuilder::toString).toList());
    blocks.values().forEach(b -> assertTrue(AnthropicJson.parse(b.toString()).isObject()));
  }

  @Test
  void endWithoutChunksStillWritesACompleteMessageAndRunsOnce() {
    ChatToAnthropicStream t = new ChatToAnthropicStream("msg_1", "claude", 5);
    assertFalse(t.complete());
    StringBuilder out = new StringBuilder();
    t.end(out::append);
    t.end(out::append);
    List<SseText.Event> events = SseText.parse(out.toString());
    assertEquals(List.of("message_start", "message_delta", "message_stop"), events.stream().map(SseText.Event::type).toList());
    assertEquals("end_turn", AnthropicJson.parse(events.get(1).data()).at("/delta/stop_reason").asText());
    assertEquals(Usage.NONE, t.usage());
    assertTrue(t.complete());
  }

  @Test
  void aLateFragmentForAnEarlierToolCallGoesToThatCallsBlock() {
    ChatToAnthropicStream t = new ChatToAnthropicStream("msg_1", "claude", 5);
    StringBuilder out = new StringBuilder();
    t.event(null, call(0, "call_a", "a", "{\"x\":"), out::append);
    t.event(null, call(1, "call_b", "b", "{}"), out::append);
    t.event(null, call(0, null, null, "1}"), out::append);
    t.end(out::append);
    String late = SseText.parse(out.toString()).stream().filter(e -> e.data().contains("\"1}\"")).findFirst()
        .orElseThrow().data();
    assertEquals(0, AnthropicJson.parse(late).get("index").asInt());
  }

  @Test
  void errorPayloadsThrow() {
    ChatToAnthropicStream t = new ChatToAnthropicStream("msg_1", "claude", 5);
    UpstreamStreamError rejected = assertThrows(UpstreamStreamError.class, () -> t.event(null,
        "{\"object\":\"error\",\"message\":\"This model's maximum context length is 4096\",\"type\":\"BadRequestError\","
            + "\"param\":null,\"code\":400}", s -> { }));
    assertEquals(ErrorKind.UPSTREAM_REJECTED, rejected.kind());
    assertTrue(rejected.getMessage().contains("maximum context length"));
    UpstreamStreamError limited = assertThrows(UpstreamStreamError.class, () -> t.event(null,
        "{\"error\":{\"message\":\"internal detail\",\"type\":\"rate_limit_error\",\"code\":\"rate_limit_exceeded\"}}",
        s -> { }));
    assertEquals(ErrorKind.UPSTREAM_RATE_LIMITED, limited.kind());
    assertFalse(limited.getMessage().contains("internal detail"));
    UpstreamStreamError plain = assertThrows(UpstreamStreamError.class, () -> t.event(null,
        "{\"error\":\"boom\"}", s -> { }));
    assertEquals(ErrorKind.UPSTREAM_ERROR, plain.kind());
  }

  @Test
  void brokenJsonIsAnIllegalArgument() {
    ChatToAnthropicStream t = new ChatToAnthropicStream("msg_1", "claude", 5);
    assertThrows(IllegalArgumentException.class, () -> t.event(null, "{\"choices\":[", s -> { }));
  }

  private static String call(int index, String id, String name, String args) {
    StringBuilder sb = new StringBuilder("{\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":").append(index);
    if (id != null) {
      sb.append(",\"id\":\"").append(id).append("\",\"type\":\"function\",\"function\":{\"name\":\"").append(name)
          .append("\",");
    } else {
      sb.append(",\"function\":{");
    }
    sb.append("\"arguments\":");
    AnthropicJson.quote(sb, args);
    return sb.append("}}]},\"finish_reason\":null}]}").toString();
  }
}
