package dev.shepherd.translate.anthropic;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shepherd.translate.UpstreamStreamError;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Golden tests, OpenAI client → Anthropic upstream: chat requests → Messages requests, Messages
 * responses → chat completions, Anthropic SSE streams → chat chunks (under LF, CRLF and CR framing).
 */
class OutboundGoldenTest {
  static Stream<String> requests() {
    return Fixtures.names("outbound/requests", ".json").stream();
  }

  static Stream<String> responses() {
    return Fixtures.names("outbound/responses", ".json").stream();
  }

  static Stream<String> streams() {
    return Fixtures.names("outbound/streams", ".sse").stream();
  }

  @ParameterizedTest
  @MethodSource("requests")
  void request(String name) {
    GoldenCase.check("outbound/requests/" + name + ".json", c -> {
      Set<String> drop = new HashSet<>();
      c.path("drop").forEach(d -> drop.add(d.asText()));
      return AnthropicRequests.fromChat(c.get("input"), c.get("upstreamModel").asText(),
          c.get("defaultMaxTokens").asLong(), drop);
    });
  }

  @ParameterizedTest
  @MethodSource("responses")
  void response(String name) {
    GoldenCase.check("outbound/responses/" + name + ".json", c -> AnthropicResponses.toChat(c.get("input"),
        c.get("model").asText(), c.get("id").asText(), c.get("created").asLong()));
  }

  @ParameterizedTest
  @MethodSource("streams")
  void stream(String name) {
    String sse = Fixtures.read("outbound/streams/" + name + ".sse");
    String actual = translate(sse);
    String expectedFile = "outbound/streams/" + name + ".chunks.jsonl";
    if (Fixtures.updating()) {
      Fixtures.write(expectedFile, actual);
      return;
    }
    assertEquals(Fixtures.read(expectedFile), actual, name);
    assertEquals(actual, translate(SseText.withLineEndings(sse, "\r\n")), name + " with CRLF");
    assertEquals(actual, translate(SseText.withLineEndings(sse, "\r")), name + " with CR");
  }

  /** The chunks, one JSON per line; a thrown stream error as a last {@code {"thrown":…}} line. */
  static String translate(String sse) {
    AnthropicToChatStream t = new AnthropicToChatStream("chatcmpl-shp-0001", "claude-sonnet-4-5", 1764000000, true);
    List<String> out = new ArrayList<>();
    try {
      for (SseText.Event e : SseText.parse(sse)) {
        t.event(e.type(), e.data(), out::add);
      }
      t.end(out::add);
      out.add("{\"complete\":" + t.complete() + ",\"usage\":\"" + t.usage() + "\"}");
    } catch (UpstreamStreamError e) {
      ObjectNode thrown = AnthropicJson.object();
      thrown.putObject("thrown").put("kind", e.kind().name()).put("upstreamType", e.upstreamType())
          .put("message", e.getMessage());
      out.add(AnthropicJson.write(thrown));
    }
    return String.join("\n", out) + "\n";
  }
}
