package dev.shepherd.translate.anthropic;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.shepherd.translate.UpstreamStreamError;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Golden tests, Anthropic client ({@code /v1/messages}) → OpenAI-compatible upstream: Messages
 * requests → chat requests, chat completions → Messages responses, chat chunk streams → Anthropic
 * SSE events (under LF, CRLF and CR framing of the input).
 */
class InboundGoldenTest {
  static Stream<String> requests() {
    return Fixtures.names("inbound/requests", ".json").stream();
  }

  static Stream<String> responses() {
    return Fixtures.names("inbound/responses", ".json").stream();
  }

  static Stream<String> streams() {
    return Fixtures.names("inbound/streams", ".sse").stream().filter(n -> !n.endsWith(".expected"));
  }

  @ParameterizedTest
  @MethodSource("requests")
  void request(String name) {
    GoldenCase.check("inbound/requests/" + name + ".json", c -> MessagesRequests.toChat(c.get("input")));
  }

  @ParameterizedTest
  @MethodSource("responses")
  void response(String name) {
    GoldenCase.check("inbound/responses/" + name + ".json",
        c -> MessagesResponses.fromChat(c.get("input"), c.get("model").asText()));
  }

  @ParameterizedTest
  @MethodSource("streams")
  void stream(String name) {
    String sse = Fixtures.read("inbound/streams/" + name + ".sse");
    String actual = translate(sse);
    String expectedFile = "inbound/streams/" + name + ".expected.sse";
    if (Fixtures.updating()) {
      Fixtures.write(expectedFile, actual);
      return;
    }
    assertEquals(Fixtures.read(expectedFile), actual, name);
    assertEquals(actual, translate(SseText.withLineEndings(sse, "\r\n")), name + " with CRLF");
    assertEquals(actual, translate(SseText.withLineEndings(sse, "\r")), name + " with CR");
  }

  /** The Anthropic SSE text; a thrown stream error as a final SSE comment line. */
  static String translate(String sse) {
    ChatToAnthropicStream t = new ChatToAnthropicStream("msg_shp_0001", "claude-sonnet-4-5", 17);
    StringBuilder out = new StringBuilder();
    try {
      for (SseText.Event e : SseText.parse(sse)) {
        if (e.data().equals("[DONE]")) {
          t.end(out::append);
        } else {
          t.event(e.type(), e.data(), out::append);
        }
      }
      out.append(": complete=").append(t.complete()).append(" usage=").append(t.usage()).append('\n');
    } catch (UpstreamStreamError e) {
      out.append(": thrown ").append(e.kind()).append(' ').append(e.upstreamType()).append(' ')
          .append(e.getMessage()).append('\n');
    }
    return out.toString();
  }
}
