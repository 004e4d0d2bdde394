package dev.shepherd.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Each validation rule, with the exact message an operator sees. */
class ValidationTest {
  private static final String SIM = "providers:\n  - {name: sim, kind: simulator}\n";

  private static String model(String fields) {
    return SIM + "models:\n  - " + fields + "\n";
  }

  private static final String OK_MODEL =
      "{id: m, context_window: 100, price: {input_per_mtok: 1, output_per_mtok: 1}, deployments: [{provider: sim}]}";

  @Test
  void portRange() {
    assertEquals("server.port: 65536 (expected: 0..65535)", Yaml.error("server: {port: 65536}"));
    assertEquals("server.port: -1 (expected: 0..65535)", Yaml.error("server: {port: -1}"));
    assertEquals(0, Yaml.load("server: {port: 0}").server().port());
    assertEquals(65535, Yaml.load("server: {port: 65535}").server().port());
  }

  @Test
  void serverLimits() {
    assertEquals("server.max_body_bytes: 0 (expected: an integer >= 1)", Yaml.error("server: {max_body_bytes: 0}"));
    assertEquals("server.event_loops: 0 (expected: 1..1024)", Yaml.error("server: {event_loops: 0}"));
    assertEquals("server.host: \"\" (expected: an address to bind, e.g. 127.0.0.1 or 0.0.0.0)",
        Yaml.error("server: {host: ''}"));
  }

  @Test
  void storeUrlScheme() {
    assertEquals("store.url: \"jdbc:mysql://db/x\" (expected: jdbc:sqlite:FILE or jdbc:postgresql://HOST[:PORT]/DATABASE)",
        Yaml.error("store: {url: 'jdbc:mysql://db/x'}"));
    assertTrue(Yaml.error("store: {url: 'jdbc:sqlite:'}").startsWith("store.url: \"jdbc:sqlite:\""));
    assertEquals("jdbc:postgresql://db:5432/shepherd",
        Yaml.load("store: {url: 'jdbc:postgresql://db:5432/shepherd'}").store().url());
  }

  @Test
  void storeUrlErrorDoesNotLeakPassword() {
    String msg = Yaml.error("store: {url: 'jdbc:mysql://u:hunter2@db/x?password=hunter3'}");
    assertTrue(!msg.contains("hunter2") && !msg.contains("hunter3"), msg);
    assertTrue(msg.contains("u:****@db/x?password=****"), msg);
  }

  @Test
  void kindMustBeKnown() {
    assertEquals("providers[0].kind: \"anthropic\" (expected: one of openai, simulator)",
        Yaml.error("providers: [{name: a, kind: anthropic}]"));
    assertEquals("providers[0].kind: missing (expected: one of openai, simulator)",
        Yaml.error("providers: [{name: a}]"));
  }

  @Test
  void baseUrlMustBeHttpForOpenai() {
    assertEquals("providers[0].base_url: \"ftp://x/v1\" (expected: an http:// or https:// URL such as"
        + " http://127.0.0.1:8000/v1, or empty if not configured)",
        Yaml.error("providers: [{name: a, kind: openai, base_url: 'ftp://x/v1'}]"));
    assertTrue(Yaml.error("providers: [{name: a, kind: openai, base_url: 'localhost:8000'}]")
        .startsWith("providers[0].base_url: \"localhost:8000\""));
    assertTrue(Yaml.error("providers: [{name: a, kind: openai, base_url: 'http://h/v1?x=1'}]")
        .startsWith("providers[0].base_url:"));
  }

  @Test
  void emptyBaseUrlMeansUnconfigured() {
    ProviderConfig p = Yaml.load("providers: [{name: a, kind: openai, api_key: k}]").provider("a");
    assertEquals("", p.baseUrl());
    assertTrue(!p.available());
    assertEquals("provider a has no base_url", p.unavailableReason());
  }

  @Test
  void trailingSlashIsDropped() {
    assertEquals("https://h/v1",
        Yaml.load("providers: [{name: a, kind: openai, base_url: 'https://h/v1/'}]").provider("a").baseUrl());
  }

  @Test
  void simulatorTakesNoBaseUrl() {
    assertEquals("providers[0].base_url: \"http://h\" (expected: empty for kind simulator)",
        Yaml.error("providers: [{name: s, kind: simulator, base_url: 'http://h'}]"));
  }

  @Test
  void simulatorBlockOnlyOnSimulatorKind() {
    assertEquals("providers[0].simulator: a simulator block (expected: only on providers of kind simulator)",
        Yaml.error("providers: [{name: a, kind: openai, simulator: {ttft_ms: 5}}]"));
  }

  @Test
  void timeoutsMustBePositive() {
    assertEquals("providers[0].timeouts.idle_ms: 0 (expected: a positive number of milliseconds)",
        Yaml.error("providers: [{name: a, kind: openai, timeouts: {idle_ms: 0}}]"));
    assertEquals("providers[0].timeouts.connect_ms: -5 (expected: a positive number of milliseconds)",
        Yaml.error("providers: [{name: a, kind: openai, timeouts: {connect_ms: -5}}]"));
  }

  @Test
  void simulatorRatesAndStatus() {
    assertEquals("providers[0].simulator.error_rate: 1.5 (expected: a probability in [0, 1])",
        Yaml.error("providers: [{name: s, kind: simulator, simulator: {error_rate: 1.5}}]"));
    assertEquals("providers[0].simulator.drop_rate: -0.1 (expected: a probability in [0, 1])",
        Yaml.error("providers: [{name: s, kind: simulator, simulator: {drop_rate: -0.1}}]"));
    assertEquals("providers[0].simulator.error_status: 302 (expected: 400..599)",
        Yaml.error("providers: [{name: s, kind: simulator, simulator: {error_status: 302}}]"));
    assertEquals("providers[0].simulator.embedding_dimensions: 0 (expected: 1..65536)",
        Yaml.error("providers: [{name: s, kind: simulator, simulator: {embedding_dimensions: 0}}]"));
    assertEquals("providers[0].simulator.tokens_per_second: -1 (expected: a number >= 0; 0 means no pacing)",
        Yaml.error("providers: [{name: s, kind: simulator, simulator: {tokens_per_second: -1}}]"));
  }

  @Test
  void providerNamesAreUniqueAndPresent() {
    assertEquals("providers[2].name: \"a\" (expected: a unique name; providers[0] has it already)",
        Yaml.error("providers: [{name: a, kind: simulator}, {name: b, kind: simulator}, {name: a, kind: simulator}]"));
    assertEquals("providers[0].name: missing (expected: a non-empty name without whitespace)",
        Yaml.error("providers: [{kind: simulator}]"));
    assertEquals("providers[0].name: \"my sim\" (expected: a non-empty name without whitespace)",
        Yaml.error("providers: [{name: my sim, kind: simulator}]"));
  }

  @Test
  void modelIdsAreUniqueWellFormed() {
    assertEquals("models[1].id: \"m\" (expected: a unique model id; models[0] has it already)",
        Yaml.error(SIM + "models:\n  - " + OK_MODEL + "\n  - " + OK_MODEL + "\n"));
    assertEquals("models[0].id: \"my model\" (expected: a non-empty model id without whitespace)",
        Yaml.error(model(OK_MODEL.replace("id: m", "id: my model"))));
    assertEquals("models[0].id: \"\" (expected: a non-empty model id without whitespace)",
        Yaml.error(model(OK_MODEL.replace("id: m", "id: ''"))));
  }

  @Test
  void contextWindowPositive() {
    assertEquals("models[0].context_window: 0 (expected: a positive number of tokens)",
        Yaml.error(model(OK_MODEL.replace("context_window: 100", "context_window: 0"))));
  }

  @Test
  void pricesNonNegativeAndRequired() {
    assertEquals("models[0].price.output_per_mtok: -0.01 (expected: a price >= 0 in USD per million tokens)",
        Yaml.error(model(OK_MODEL.replace("output_per_mtok: 1", "output_per_mtok: -0.01"))));
    assertEquals("models[0].price.input_per_mtok: missing (expected: a price >= 0 in USD per million tokens)",
        Yaml.error(model(OK_MODEL.replace("input_per_mtok: 1, ", ""))));
    assertEquals("models[0].price: missing (expected: input_per_mtok and output_per_mtok in USD per million tokens (0 for free))",
        Yaml.error(model(OK_MODEL.replace("price: {input_per_mtok: 1, output_per_mtok: 1}, ", ""))));
    assertEquals("models[0].list_price.cached_input_per_mtok: -1 (expected: a price >= 0 in USD per million tokens)",
        Yaml.error(model(OK_MODEL.replace("id: m,",
            "id: m, list_price: {input_per_mtok: 1, cached_input_per_mtok: -1, output_per_mtok: 1},"))));
  }

  @Test
  void atLeastOneDeployment() {
    assertEquals("models[0].deployments: an empty list (expected: at least one deployment: {provider: NAME, model: UPSTREAM_MODEL})",
        Yaml.error(model(OK_MODEL.replace("[{provider: sim}]", "[]"))));
  }

  @Test
  void deploymentProviderMustExist() {
    assertEquals("models[0].deployments[0].provider: \"nope\" (expected: the name of a configured provider; known: sim)",
        Yaml.error(model(OK_MODEL.replace("provider: sim", "provider: nope"))));
  }

  @Test
  void weightsAndPriorities() {
    assertEquals("models[0].deployments[0].weight: -1 (expected: an integer >= 0)",
        Yaml.error(model(OK_MODEL.replace("{provider: sim}", "{provider: sim, weight: -1}"))));
    assertEquals("models[0].deployments[0].priority: -2 (expected: an integer >= 0)",
        Yaml.error(model(OK_MODEL.replace("{provider: sim}", "{provider: sim, priority: -2}"))));
    assertEquals("models[0].deployments: every weight is 0 (expected: at least one deployment with weight > 0)",
        Yaml.error(model(OK_MODEL.replace("[{provider: sim}]", "[{provider: sim, weight: 0}, {provider: sim, weight: 0}]"))));
    ModelConfig m = Yaml.load(model(OK_MODEL.replace("[{provider: sim}]",
        "[{provider: sim, weight: 0}, {provider: sim, weight: 1, priority: 3}]"))).models().get(0);
    assertEquals(new DeploymentConfig("sim", "m", 1, 3), m.deployments().get(1));
  }

  @Test
  void allProblemsReportedTogether() {
    ConfigException e = assertThrows(ConfigException.class, () -> Yaml.load(
        "server: {port: 70000}\nproviders: [{name: a, kind: nope}]\n"));
    assertEquals(2, e.problems().size());
    assertEquals("server.port: 70000 (expected: 0..65535)\n"
        + "providers[0].kind: \"nope\" (expected: one of openai, simulator)", e.getMessage());
  }
}
