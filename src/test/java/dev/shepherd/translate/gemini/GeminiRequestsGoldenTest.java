package dev.shepherd.translate.gemini;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** fixtures/gemini/requests/*.json: {@code chat} in, {@code gemini} (the generateContent body) out. */
class GeminiRequestsGoldenTest {
  static List<String> fixtures() {
    return Fixtures.names("requests", ".json");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fixtures")
  void translatesAsRecorded(String name) {
    ObjectNode f = Fixtures.json("requests", name + ".json");
    JsonNode chat = f.get("chat");
    JsonNode before = chat.deepCopy();
    Set<String> drop = new HashSet<>();
    f.path("drop").forEach(d -> drop.add(d.asText()));
    String model = f.path("upstreamModel").isTextual() ? f.get("upstreamModel").asText() : null;
    JsonNode actual = Fixtures.normalized(GeminiRequests.fromChat(chat, drop, model));
    assertEquals(before, chat, "the input must not be modified");
    if (Fixtures.WRITE) {
      f.set("gemini", actual);
      Fixtures.write("requests", name + ".json", f);
      return;
    }
    assertNotNull(f.get("gemini"), "fixture has no expected 'gemini' body (run with -Dgolden.write=true)");
    assertEquals(Fixtures.pretty(f.get("gemini")), Fixtures.pretty(actual));
  }
}
