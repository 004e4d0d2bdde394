package dev.shepherd.translate.anthropic;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.function.Function;

/**
 * Test helper: a JSON golden case file {@code {"description", …arguments, "input", "expected"}}.
 * Checks {@code translate(case)} against {@code expected}, or rewrites {@code expected} when
 * {@link Fixtures#updating()}.
 */
final class GoldenCase {
  private GoldenCase() {}

  static void check(String relative, Function<JsonNode, JsonNode> translate) {
    JsonNode golden = Fixtures.readJson(relative);
    JsonNode actual = translate.apply(golden);
    if (Fixtures.updating()) {
      ((ObjectNode) golden).set("expected", actual);
      Fixtures.write(relative, Fixtures.pretty(golden));
      return;
    }
    JsonNode expected = golden.get("expected");
    if (!expected.equals(actual)) {
      assertEquals(Fixtures.pretty(expected), Fixtures.pretty(actual), relative + ": " + golden.path("description").asText());
    }
  }
}
