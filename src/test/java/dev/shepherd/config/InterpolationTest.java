package dev.shepherd.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class InterpolationTest {
  private static String provider(String apiKeyYaml) {
    return """
        providers:
          - name: up
            kind: openai
            base_url: http://127.0.0.1:8000/v1
            api_key: %s
        """.formatted(apiKeyYaml);
  }

  private static String apiKey(String apiKeyYaml, Map<String, String> env) {
    return Yaml.load(provider(apiKeyYaml), env).provider("up").apiKey();
  }

  @Test
  void setVariableIsSubstituted() {
    assertEquals("sk-123", apiKey("${KEY}", Map.of("KEY", "sk-123")));
  }

  @Test
  void variableInsideLongerText() {
    assertEquals("Bearer-sk-1-x", apiKey("Bearer-${KEY}-x", Map.of("KEY", "sk-1")));
  }

  @Test
  void defaultUsedWhenUnset() {
    assertEquals("fallback", apiKey("${KEY:-fallback}", Map.of()));
  }

  @Test
  void defaultUsedWhenSetToEmpty() {
    assertEquals("fallback", apiKey("${KEY:-fallback}", Map.of("KEY", "")));
  }

  @Test
  void setValueWinsOverDefault() {
    assertEquals("real", apiKey("${KEY:-fallback}", Map.of("KEY", "real")));
  }

  @Test
  void emptyDefault() {
    assertEquals("", apiKey("${KEY:-}", Map.of()));
  }

  @Test
  void plainReferenceToEmptyVariableIsEmpty() {
    assertEquals("", apiKey("${KEY}", Map.of("KEY", "")));
  }

  @Test
  void dollarDollarIsALiteral() {
    assertEquals("a${KEY}b", apiKey("'a$${KEY}b'", Map.of("KEY", "x")));
  }

  @Test
  void missingVariableNamesPathAndVariable() {
    String msg = Yaml.error(provider("${OPENAI_KEY}"));
    assertEquals("providers[0].api_key: environment variable OPENAI_KEY is not set"
        + " (expected: set OPENAI_KEY, or write ${OPENAI_KEY:-default})", msg);
  }

  @Test
  void everyMissingVariableIsReported() {
    ConfigException e = assertThrows(ConfigException.class, () -> Yaml.load(
        """
        server: {host: "${HOST}"}
        providers:
          - name: up
            kind: openai
            base_url: ${URL}
        """));
    assertEquals(2, e.problems().size());
    assertTrue(e.problems().get(0).startsWith("server.host: environment variable HOST"));
    assertTrue(e.problems().get(1).startsWith("providers[0].base_url: environment variable URL"));
  }

  @Test
  void interpolatedNumbersBindToNumericFields() {
    ShepherdConfig c = Yaml.load("server: {port: \"${PORT}\", event_loops: \"${LOOPS:-3}\"}", Map.of("PORT", "9090"));
    assertEquals(9090, c.server().port());
    assertEquals(3, c.server().eventLoops());
  }

  @Test
  void interpolatedBooleanBindsToBooleanField() {
    String yaml = provider("x").replace("api_key: x", "no_auth: ${NO_AUTH:-false}");
    assertTrue(Yaml.load(yaml, Map.of("NO_AUTH", "true")).provider("up").authNone());
  }

  @Test
  void unterminatedReferenceIsAnError() {
    String msg = Yaml.error(provider("'${KEY'"));
    assertEquals("providers[0].api_key: unterminated \"${KEY\" (expected: ${VAR} or ${VAR:-default})", msg);
  }

  @Test
  void badVariableNameIsAnError() {
    String msg = Yaml.error(provider("'${1BAD}'"));
    assertTrue(msg.startsWith("providers[0].api_key: \"${1BAD}\" (expected: ${VAR}"), msg);
  }

  @Test
  void valuesInListsAreInterpolated() {
    ShepherdConfig c = Yaml.load(Yaml.ONE_MODEL.replace("- provider: sim", "- provider: ${P}"), Map.of("P", "sim"));
    assertEquals("sim", c.models().get(0).deployments().get(0).provider());
  }

  @Test
  void keysAreNotInterpolated() {
    String msg = Yaml.error("server: {\"${K}\": 1}", Map.of("K", "port"));
    assertTrue(msg.startsWith("server.${K}: unknown key"), msg);
  }
}
