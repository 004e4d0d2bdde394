package dev.shepherd.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

class EffectiveConfigPrinterTest {
  private static final String SECRETS = """
      store:
        url: "jdbc:postgresql://shep:urlsecret@db:5432/shepherd?ssl=true&password=querysecret"
        username: shep
        password: pgsecret
      providers:
        - name: zeta
          kind: openai
          base_url: "https://relay:basicsecret@zeta.example/v1"
          api_key: ${ZETA_KEY}
        - name: alpha
          kind: openai
          base_url: http://127.0.0.1:8000/v1
          api_key: ""
          no_auth: true
        - name: sim
          kind: simulator
          simulator: {error_rate: 0.5}
      models:
        - id: z-model
          context_window: 10
          price: {input_per_mtok: 0.60, output_per_mtok: 1.20}
          sticky: key
          deployments:
            - {provider: zeta, model: up-z}
            - {provider: alpha, weight: 5, priority: 1, context_window: 8, endpoints: [embeddings, chat]}
            - {provider: sim, shadow: true, shadow_percent: 25}
        - id: a-model
          context_window: 20
          price: {input_per_mtok: 0, output_per_mtok: 0}
          list_price: {input_per_mtok: 3, output_per_mtok: 15}
          deployments: [{provider: sim}]
      """;

  private static final Map<String, String> ENV = Map.of("ZETA_KEY", "sk-supersecret");

  private static String printed() {
    return EffectiveConfigPrinter.print(Yaml.load(SECRETS, ENV));
  }

  @Test
  void secretsNeverAppear() {
    String out = printed();
    for (String secret : List.of("sk-supersecret", "pgsecret", "urlsecret", "querysecret", "basicsecret")) {
      assertFalse(out.contains(secret), secret + " leaked:\n" + out);
    }
    assertTrue(out.contains("api_key: \"****\""), out);
    assertTrue(out.contains("api_key: \"\""), "empty key shows as empty:\n" + out);
    assertTrue(out.contains("password: \"****\""), out);
    assertTrue(out.contains("url: \"jdbc:postgresql://shep:****@db:5432/shepherd?ssl=true&password=****\""), out);
    assertTrue(out.contains("base_url: \"https://relay:****@zeta.example/v1\""), out);
  }

  @Test
  void emptyStorePasswordShowsAsEmpty() {
    assertTrue(EffectiveConfigPrinter.print(Yaml.load("")).contains("password: \"\""));
  }

  @Test
  void keysSortedAtEveryLevelAndListsInConfigOrder() {
    String out = printed();
    List<String> lines = out.lines().toList();
    // top level
    assertEquals(List.of("billing:", "limits:", "models:", "observe:", "providers:", "routing:", "server:", "slo:",
        "store:"),
        lines.stream().filter(l -> !l.startsWith(" ") && !l.startsWith("-")).toList());
    // lists keep config order: zeta before alpha, z-model before a-model
    assertTrue(out.indexOf("name: \"zeta\"") < out.indexOf("name: \"alpha\""), out);
    assertTrue(out.indexOf("id: \"z-model\"") < out.indexOf("id: \"a-model\""), out);
    // every run of sibling keys is sorted
    assertSiblingKeysSorted(lines);
  }

  /** Within each mapping (same indentation, no shallower line in between) keys are ascending. */
  private static void assertSiblingKeysSorted(List<String> lines) {
    List<List<String>> stack = new ArrayList<>();
    List<Integer> indents = new ArrayList<>();
    for (String line : lines) {
      String body = line.stripLeading();
      int indent = line.length() - body.length();
      if (body.startsWith("- \"")) { // a scalar list item (endpoints): no key
        continue;
      }
      if (body.startsWith("- ")) { // a list item starts a new mapping
        body = body.substring(2);
        indent += 2;
        while (!indents.isEmpty() && indents.getLast() >= indent) {
          indents.removeLast();
          stack.removeLast();
        }
        indents.add(indent);
        stack.add(new ArrayList<>());
      }
      while (!indents.isEmpty() && indents.getLast() > indent) {
        indents.removeLast();
        stack.removeLast();
      }
      if (indents.isEmpty() || indents.getLast() < indent) {
        indents.add(indent);
        stack.add(new ArrayList<>());
      }
      String key = body.substring(0, body.indexOf(':'));
      List<String> siblings = stack.getLast();
      if (!siblings.isEmpty()) {
        assertTrue(siblings.getLast().compareTo(key) < 0, "'" + key + "' after '" + siblings.getLast() + "'");
      }
      siblings.add(key);
    }
  }

  @Test
  void sortCheckerRejectsUnsortedKeys() {
    assertThrows(AssertionFailedError.class, () -> assertSiblingKeysSorted(List.of("b: 1", "a: 2")));
    assertThrows(AssertionFailedError.class,
        () -> assertSiblingKeysSorted(List.of("a:", "  - y: 1", "    x: 2")));
    assertSiblingKeysSorted(List.of("a:", "  - y: 1", "  - x: 2", "b: 3"));
    assertSiblingKeysSorted(List.of("a:", "  - \"z\"", "  - \"y\"", "b: 3"));
  }

  @Test
  void literalDollarBraceSurvivesARoundTrip() {
    ShepherdConfig c = Yaml.load(Yaml.ONE_MODEL.replace("context_window: 1000",
        "context_window: 1000\n    price_source: 'see $${PRICE} doc'"));
    assertEquals("see ${PRICE} doc", c.models().get(0).priceSource());
    String out = EffectiveConfigPrinter.print(c);
    assertEquals(c, ConfigLoader.parse(out, "printed", Map.of(), Yaml.DATA));
  }

  @Test
  void deterministic() {
    assertEquals(printed(), printed());
  }

  @Test
  void showsDefaultsAndExactPrices() {
    String out = printed();
    assertTrue(out.contains("input_per_mtok: 0.60"), out);
    assertTrue(out.contains("cached_input_per_mtok: 0.60"), "cached defaults to input:\n" + out);
    assertTrue(out.contains("idle_ms: 30000"), out);
    assertTrue(out.contains("error_rate: 0.5"), out);
    assertTrue(out.contains("weight: 100"), out);
  }

  @Test
  void routingIsAlwaysPrinted() {
    String out = EffectiveConfigPrinter.print(Yaml.load(""));
    assertTrue(out.contains("""
        routing:
          breaker:
            failure_ratio: 0.5
            half_open_probes: 3
            minimum_requests: 10
            open_ms: 30000
            window_seconds: 30
          cooldown:
            default_ms: 1000
            max_ms: 300000
          max_attempts: 3
          retry_budget:
            min_per_second: 5
            ratio: 0.2
        """), out);
  }

  @Test
  void deploymentExtrasOnlyWhenSetAndStickyAlways() {
    String out = printed();
    assertTrue(out.contains("sticky: \"key\""), out);
    assertTrue(out.contains("sticky: \"none\""), "the default is shown too:\n" + out);
    assertTrue(out.contains("""
              - context_window: 8
                endpoints:
                  - "chat"
                  - "embeddings"
                model: "z-model"
        """), "endpoints sorted, context_window shown when set:\n" + out);
    assertTrue(out.contains("shadow: true\n") && out.contains("shadow_percent: 25\n"), out);
    assertEquals(1, out.split("shadow:", -1).length - 1, "shadow only on the shadow deployment:\n" + out);
    assertEquals(1, out.split("endpoints:", -1).length - 1, out);
  }

  @Test
  void routingAndDeploymentExtrasLoadBack() {
    ShepherdConfig c = Yaml.load(SECRETS.replace("password: pgsecret", "password: \"\"")
        .replace("${ZETA_KEY}", "\"\"").replace("shep:urlsecret@", "").replace("&password=querysecret", "")
        .replace("relay:basicsecret@", "") + """
        routing:
          max_attempts: 2
          retry_budget: {ratio: 0.1, min_per_second: 0}
          cooldown: {default_ms: 0, max_ms: 9000}
          breaker: {window_seconds: 5, minimum_requests: 1, failure_ratio: 1, open_ms: 1, half_open_probes: 1}
        """);
    assertEquals(c, ConfigLoader.parse(EffectiveConfigPrinter.print(c), "printed", Map.of(), Yaml.DATA));
  }

  @Test
  void outputLoadsBackToTheSameConfigWhenThereAreNoSecrets() {
    ShepherdConfig original = ConfigLoader.builtIn(Path.of("./data"), Map.of("VLLM_BASE_URL", "http://h:8000/v1"));
    ShepherdConfig reloaded = ConfigLoader.parse(EffectiveConfigPrinter.print(original), "printed", Map.of(), Path.of("x"));
    assertEquals(original, reloaded);
  }
}
