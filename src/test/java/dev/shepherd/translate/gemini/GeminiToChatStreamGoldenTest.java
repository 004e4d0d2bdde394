package dev.shepherd.translate.gemini;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shepherd.pipeline.Usage;
import dev.shepherd.translate.UpstreamStreamError;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * fixtures/gemini/streams/NAME.sse (a {@code streamGenerateContent?alt=sse} body, CRLF or LF
 * framed) in; NAME.expected.json out: the chunk payloads written (events then {@code end()}), or
 * those before the error and the error; whether the stream is complete; the usage recorded.
 */
class GeminiToChatStreamGoldenTest {
  static final String ID = "chatcmpl-Gm3x9Qd2";

  static List<String> fixtures() {
    return Fixtures.names("streams", ".sse");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fixtures")
  void translatesAsRecorded(String name) {
    ObjectNode f = Fixtures.json("streams", name + ".expected.json");
    boolean includeUsage = f.path("includeUsage").asBoolean();
    GeminiToChatStream t = new GeminiToChatStream(ID, "gemini-flash", 1_764_000_000L, includeUsage);
    List<String> out = new ArrayList<>();
    ObjectNode actual = Fixtures.JSON.createObjectNode();
    actual.put("includeUsage", includeUsage);
    try {
      for (String data : Sse.payloads(Fixtures.text("streams", name + ".sse"))) {
        t.event(null, data, out::add);
      }
      t.end(out::add);
    } catch (UpstreamStreamError e) {
      actual.putObject("error").put("kind", e.kind().name()).put("upstreamType", e.upstreamType())
          .put("message", e.getMessage());
    }
    ArrayNode chunks = Fixtures.JSON.createArrayNode();
    for (String chunk : out) {
      chunks.add(Fixtures.normalized(GeminiJson.parse(chunk, "chunk")));
    }
    actual.set("chunks", chunks);
    actual.put("complete", t.complete());
    Usage u = t.usage();
    actual.putObject("usage").put("prompt", u.promptTokens()).put("completion", u.completionTokens())
        .put("cached", u.cachedPromptTokens());
    if (Fixtures.WRITE) {
      Fixtures.write("streams", name + ".expected.json", actual);
      return;
    }
    assertNotNull(f.get("chunks"), "fixture has no expected output (run with -Dgolden.write=true)");
    assertEquals(Fixtures.pretty(f), Fixtures.pretty(actual));
  }
}
