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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class AnthropicToChatStreamTest {
  static List<String> run(String fixture, boolean includeUsage) {
    AnthropicToChatStream t = new AnthropicToChatStream("chatcmpl-1", "m", 1, includeUsage);
    List<String> out = new ArrayList<>();
    for (SseText.Event e : SseText.parse(Fixtures.read("outbound/streams/" + fixture + ".sse"))) {
      t.event(e.type(), e.data(), out::add);
    }
    t.end(out::add);
    assertTrue(t.complete());
    return out;
  }

  @ParameterizedTest
  @ValueSource(strings = {"tool-use", "parallel-tools", "no-argument-tool"})
  void toolArgumentsReassembleExactlyIntoTheUpstreamJson(String fixture) {
    Map<Integer, StringBuilder> upstream = new LinkedHashMap<>();
    List<String> upstreamIds = new ArrayList<>();
    for (SseText.Event e : SseText.parse(Fixtures.read("outbound/streams/" + fixture + ".sse"))) {
      JsonNode d = AnthropicJson.parse(e.data());
      if (d.at("/content_block/type").asText().equals("tool_use")) {
        upstream.put(d.get("index").asInt(), new StringBuilder());
        upstreamIds.add(d.at("/content_block/id").asText());
      }
      if (d.at("/delta/type").asText().equals("input_json_delta")) {
        upstream.get(d.get("index").asInt()).append(d.at("/delta/partial_json").asText());
      }
    }
    List<StringBuilder> args = new ArrayList<>();
    List<String> ids = new ArrayList<>();
    for (String chunk : run(fixture, false)) {
      for (JsonNode tc : AnthropicJson.parse(chunk).at("/choices/0/delta/tool_calls")) {
        int k = tc.get("index").asInt();
        if (tc.has("id")) {
          assertEquals(args.size(), k, "tool call indexes count 0, 1, 2… in order");
          args.add(new StringBuilder());
          ids.add(tc.get("id").asText());
        }
        args.get(k).append(tc.at("/function/arguments").asText());
      }
    }
    assertEquals(upstreamIds, ids);
    List<StringBuilder> expected = new ArrayList<>(upstream.values());
    for (int k = 0; k < args.size(); k++) {
      String want = expected.get(k).isEmpty() ? "{}" : expected.get(k).toString();
      assertEquals(want, args.get(k).toString(), "arguments text of call " + k);
      assertEquals(AnthropicJson.parse(want), AnthropicJson.parse(args.get(k).toString()));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"text", "tool-use", "parallel-tools", "thinking", "stop-sequence", "max-tokens", "refusal",
      "no-argument-tool"})
  void roleFirstOneFinishReasonAndUsageOnlyWhenAsked(String fixture) {
    for (boolean includeUsage : new boolean[] {true, false}) {
      List<String> out = run(fixture, includeUsage);
      assertEquals("assistant", AnthropicJson.parse(out.getFirst()).at("/choices/0/delta/role").asText());
      long finishes = out.stream().filter(c -> !AnthropicJson.parse(c).at("/choices/0/finish_reason").isNull()
          && !AnthropicJson.parse(c).at("/choices/0/finish_reason").isMissingNode()).count();
      assertEquals(1, finishes);
      JsonNode last = AnthropicJson.parse(out.getLast());
      assertEquals(includeUsage, last.get("choices").isEmpty(), "usage-only chunk last iff asked");
      if (includeUsage) {
        assertEquals(last.at("/usage/prompt_tokens").asLong() + last.at("/usage/completion_tokens").asLong(),
            last.at("/usage/total_tokens").asLong());
      }
      out.forEach(c -> assertEquals("chat.completion.chunk", AnthropicJson.parse(c).get("object").asText()));
    }
  }

  @Test
  void usagePromptCountsCacheReadsAndWrites() {
    AnthropicToChatStream t = new AnthropicToChatStream("c", "m", 1, false);
    assertEquals(Usage.NONE, t.usage());
    t.event("message_start", "{\"type\":\"message_start\",\"message\":{\"usage\":{\"input_tokens\":10,"
        + "\"cache_creation_input_tokens\":5,\"cache_read_input_tokens\":100,\"output_tokens\":1}}}", c -> { });
    assertEquals(new Usage(115, -1, 100), t.usage(), "message_start's output_tokens is a placeholder: unknown");
    t.event("message_delta", "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\"},"
        + "\"usage\":{\"output_tokens\":42}}", c -> { });
    assertEquals(new Usage(115, 42, 100), t.usage());
    assertFalse(t.complete(), "complete only at message_stop");
  }

  @ParameterizedTest
  @CsvSource({"overloaded_error,UPSTREAM_UNAVAILABLE", "rate_limit_error,UPSTREAM_RATE_LIMITED",
      "api_error,UPSTREAM_ERROR", "invalid_request_error,UPSTREAM_REJECTED", "timeout_error,UPSTREAM_TIMEOUT",
      "brand_new_error,UPSTREAM_ERROR"})
  void errorEventThrowsTheMappedKind(String type, ErrorKind kind) {
    AnthropicToChatStream t = new AnthropicToChatStream("c", "m", 1, true);
    UpstreamStreamError e = assertThrows(UpstreamStreamError.class, () -> t.event("error",
        "{\"type\":\"error\",\"error\":{\"type\":\"" + type + "\",\"message\":\"secret host x.internal\"}}", c -> { }));
    assertEquals(kind, e.kind());
    assertEquals(type, e.upstreamType());
    assertEquals(kind == ErrorKind.UPSTREAM_REJECTED, e.getMessage().contains("x.internal"),
        "only the caller's own faults keep the upstream message");
  }

  @Test
  void brokenEventsAreIllegalArguments() {
    AnthropicToChatStream t = new AnthropicToChatStream("c", "m", 1, true);
    assertThrows(IllegalArgumentException.class, () -> t.event("message_start", "{not json", c -> { }));
    t.event("content_block_start", "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":"
        + "{\"type\":\"text\",\"text\":\"\"}}", c -> { });
    assertThrows(IllegalArgumentException.class, () -> t.event("content_block_delta", "{\"type\":\"content_block_delta\","
        + "\"index\":0,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"{\"}}", c -> { }));
    assertThrows(IllegalArgumentException.class, () -> t.event("content_block_stop", "{\"type\":\"content_block_stop\"}",
        c -> { }));
  }

  @Test
  void pingAndUnknownEventsWriteNothing() {
    AnthropicToChatStream t = new AnthropicToChatStream("c", "m", 1, true);
    List<String> out = new ArrayList<>();
    t.event("ping", "{\"type\": \"ping\"}", out::add);
    t.event("content_block_magic", "{\"type\":\"content_block_magic\",\"index\":7}", out::add);
    assertEquals(List.of(), out);
  }

  @Test
  void eventTypeIsReadFromTheDataWhenTheNameIsMissing() {
    AnthropicToChatStream t = new AnthropicToChatStream("c", "m", 1, false);
    List<String> out = new ArrayList<>();
    t.event(null, "{\"type\":\"message_stop\"}", out::add);
    assertTrue(t.complete());
    assertEquals(2, out.size(), "role chunk and a finish chunk even for a bare message_stop");
  }
}
