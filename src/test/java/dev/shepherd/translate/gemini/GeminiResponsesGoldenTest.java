package dev.shepherd.translate.gemini;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shepherd.api.ApiException;
import dev.shepherd.pipeline.Usage;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * fixtures/gemini/responses/*.json: a {@code GenerateContentResponse} ({@code gemini}) in; the
 * {@code chat.completion} ({@code chat}) or the error ({@code error}: kind and message) out, and the
 * {@link Usage} the gateway records ({@code usage}).
 */
class GeminiResponsesGoldenTest {
  static final String ID = "chatcmpl-Gm3x9Qd2";
  static final String MODEL = "gemini-flash";
  static final long CREATED = 1_764_000_000L;

  static List<String> fixtures() {
    return Fixtures.names("responses", ".json");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fixtures")
  void translatesAsRecorded(String name) {
    ObjectNode f = Fixtures.json("responses", name + ".json");
    JsonNode gemini = f.get("gemini");
    ObjectNode actual = Fixtures.JSON.createObjectNode();
    try {
      actual.set("chat", Fixtures.normalized(GeminiResponses.toChat(gemini, MODEL, ID, CREATED)));
    } catch (ApiException e) {
      actual.putObject("error").put("kind", e.kind().name()).put("message", e.getMessage());
    }
    Usage u = GeminiResponses.usage(gemini);
    actual.putObject("usage").put("prompt", u.promptTokens()).put("completion", u.completionTokens())
        .put("cached", u.cachedPromptTokens());
    if (Fixtures.WRITE) {
      f.remove(List.of("chat", "error", "usage"));
      f.setAll(actual);
      Fixtures.write("responses", name + ".json", f);
      return;
    }
    ObjectNode expected = Fixtures.JSON.createObjectNode();
    for (String k : List.of("chat", "error", "usage")) {
      if (f.has(k)) {
        expected.set(k, f.get(k));
      }
    }
    assertNotNull(f.get("usage"), "fixture has no expected output (run with -Dgolden.write=true)");
    assertEquals(Fixtures.pretty(expected), Fixtures.pretty(actual));
  }
}
