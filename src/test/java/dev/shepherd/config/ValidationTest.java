package dev.shepherd.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
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
    assertEquals("providers[0].kind: \"claude\" (expected: one of openai, anthropic, gemini, simulator)",
        Yaml.error("providers: [{name: a, kind: claude}]"));
    assertEquals("providers[0].kind: missing (expected: one of openai, anthropic, gemini, simulator)",
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
    assertEquals("models[0].deployments: every weight is 0 (expected: at least one non-shadow deployment with weight > 0)",
        Yaml.error(model(OK_MODEL.replace("[{provider: sim}]", "[{provider: sim, weight: 0}, {provider: sim, weight: 0}]"))));
    ModelConfig m = Yaml.load(model(OK_MODEL.replace("[{provider: sim}]",
        "[{provider: sim, weight: 0}, {provider: sim, weight: 1, priority: 3}]"))).models().get(0);
    assertEquals(new DeploymentConfig("sim", "m", 1, 3), m.deployments().get(1));
  }

  private static String deployments(String list) {
    return model(OK_MODEL.replace("[{provider: sim}]", list));
  }

  @Test
  void shadowsDoNotCountAsServingWeight() {
    String expected = " (expected: at least one non-shadow deployment with weight > 0)";
    assertEquals("models[0].deployments: every deployment is a shadow" + expected,
        Yaml.error(deployments("[{provider: sim, shadow: true}, {provider: sim, shadow: true, weight: 0}]")));
    assertEquals("models[0].deployments: every non-shadow weight is 0" + expected,
        Yaml.error(deployments("[{provider: sim, weight: 0}, {provider: sim, shadow: true, weight: 50}]")));
    ModelConfig m = Yaml.load(deployments("[{provider: sim}, {provider: sim, shadow: true, weight: 0}]")).models().get(0);
    assertEquals(0, m.deployments().get(1).weight(), "a shadow's weight is kept as written");
    assertEquals("models[0].deployments[1].weight: -1 (expected: an integer >= 0)",
        Yaml.error(deployments("[{provider: sim}, {provider: sim, shadow: true, weight: -1}]")));
  }

  @Test
  void shadowPercent() {
    assertEquals("models[0].deployments[1].shadow_percent: 0 (expected: 1..100)",
        Yaml.error(deployments("[{provider: sim}, {provider: sim, shadow: true, shadow_percent: 0}]")));
    assertEquals("models[0].deployments[1].shadow_percent: 101 (expected: 1..100)",
        Yaml.error(deployments("[{provider: sim}, {provider: sim, shadow: true, shadow_percent: 101}]")));
    assertEquals("models[0].deployments[0].shadow_percent: 10 (expected: no shadow_percent unless shadow: true)",
        Yaml.error(deployments("[{provider: sim, shadow_percent: 10}]")));
    assertEquals("models[0].deployments[0].shadow_percent: 10 (expected: no shadow_percent unless shadow: true)",
        Yaml.error(deployments("[{provider: sim, shadow: false, shadow_percent: 10}]")));
    DeploymentConfig d = Yaml.load(deployments("[{provider: sim}, {provider: sim, shadow: true, shadow_percent: 1}]"))
        .models().get(0).deployments().get(1);
    assertEquals(1, d.shadowPercent());
  }

  @Test
  void deploymentContextWindowWithinTheModels() {
    assertEquals("models[0].deployments[0].context_window: 101"
        + " (expected: a positive number of tokens up to the model's context_window, 100)",
        Yaml.error(deployments("[{provider: sim, context_window: 101}]")));
    assertEquals("models[0].deployments[0].context_window: 0"
        + " (expected: a positive number of tokens up to the model's context_window, 100)",
        Yaml.error(deployments("[{provider: sim, context_window: 0}]")));
    assertEquals(100, Yaml.load(deployments("[{provider: sim, context_window: 100}]"))
        .models().get(0).deployments().get(0).contextWindow());
    // an invalid model window is reported once; the deployment's is then only checked for sign
    String msg = Yaml.error(model(OK_MODEL.replace("context_window: 100", "context_window: 0")
        .replace("[{provider: sim}]", "[{provider: sim, context_window: 50}]")));
    assertEquals("models[0].context_window: 0 (expected: a positive number of tokens)", msg);
  }

  @Test
  void endpointsKnownAndUnique() {
    assertEquals("models[0].deployments[0].endpoints[1]: \"images\" (expected: one of chat, completions, embeddings)",
        Yaml.error(deployments("[{provider: sim, endpoints: [chat, images]}]")));
    assertEquals("models[0].deployments[0].endpoints[2]: \"chat\""
        + " (expected: each endpoint once; models[0].deployments[0].endpoints[0] has it already)",
        Yaml.error(deployments("[{provider: sim, endpoints: [chat, embeddings, chat]}]")));
    assertEquals("models[0].deployments[0].endpoints: an empty list"
        + " (expected: one or more of chat, completions, embeddings; omit the key for all)",
        Yaml.error(deployments("[{provider: sim, endpoints: []}]")));
    assertEquals("models[0].deployments[0].endpoints[0]: \"Chat\" (expected: one of chat, completions, embeddings)",
        Yaml.error(deployments("[{provider: sim, endpoints: [Chat]}]")));
  }

  @Test
  void stickyIsOneOfThreeCaseInsensitive() {
    assertEquals("models[0].sticky: \"session\" (expected: one of none, key, user)",
        Yaml.error(model(OK_MODEL.replace("id: m,", "id: m, sticky: session,"))));
    assertEquals("models[0].sticky: \"\" (expected: one of none, key, user)",
        Yaml.error(model(OK_MODEL.replace("id: m,", "id: m, sticky: '',"))));
    assertEquals(Sticky.KEY, Yaml.load(model(OK_MODEL.replace("id: m,", "id: m, sticky: KEY,"))).models().get(0).sticky());
    assertEquals(Sticky.USER, Yaml.load(model(OK_MODEL.replace("id: m,", "id: m, sticky: User,"))).models().get(0).sticky());
    assertEquals(Sticky.NONE, Yaml.load(model(OK_MODEL.replace("id: m,", "id: m, sticky: none,"))).models().get(0).sticky());
  }

  @Test
  void routingAttemptsAndBudget() {
    assertEquals("routing.max_attempts: 0 (expected: 1..10)", Yaml.error("routing: {max_attempts: 0}"));
    assertEquals("routing.max_attempts: 11 (expected: 1..10)", Yaml.error("routing: {max_attempts: 11}"));
    assertEquals(10, Yaml.load("routing: {max_attempts: 10}").routing().maxAttempts());
    assertEquals(1, Yaml.load("routing: {max_attempts: 1}").routing().maxAttempts());
    assertEquals("routing.retry_budget.ratio: 1.5 (expected: a number in [0, 1])",
        Yaml.error("routing: {retry_budget: {ratio: 1.5}}"));
    assertEquals("routing.retry_budget.ratio: -0.1 (expected: a number in [0, 1])",
        Yaml.error("routing: {retry_budget: {ratio: -0.1}}"));
    assertEquals(0.0, Yaml.load("routing: {retry_budget: {ratio: 0}}").routing().retryBudgetRatio());
    assertEquals("routing.retry_budget.min_per_second: -1 (expected: an integer >= 0)",
        Yaml.error("routing: {retry_budget: {min_per_second: -1}}"));
  }

  @Test
  void routingCooldown() {
    assertEquals("routing.cooldown.default_ms: -1 (expected: an integer >= 0)",
        Yaml.error("routing: {cooldown: {default_ms: -1}}"));
    assertEquals("routing.cooldown.max_ms: 0 (expected: an integer >= 1)",
        Yaml.error("routing: {cooldown: {max_ms: 0}}"));
    assertEquals("routing.cooldown.default_ms: 5000 (expected: at most routing.cooldown.max_ms, 4000)",
        Yaml.error("routing: {cooldown: {default_ms: 5000, max_ms: 4000}}"));
    assertEquals("routing.cooldown.default_ms: 1000 (the default) (expected: at most routing.cooldown.max_ms, 500)",
        Yaml.error("routing: {cooldown: {max_ms: 500}}"));
    assertEquals(0, Yaml.load("routing: {cooldown: {default_ms: 0}}").routing().defaultCooldownMs());
  }

  @Test
  void routingBreaker() {
    assertEquals("routing.breaker.window_seconds: 0 (expected: 1..3600)",
        Yaml.error("routing: {breaker: {window_seconds: 0}}"));
    assertEquals("routing.breaker.window_seconds: 3601 (expected: 1..3600)",
        Yaml.error("routing: {breaker: {window_seconds: 3601}}"));
    assertEquals("routing.breaker.minimum_requests: 0 (expected: an integer >= 1)",
        Yaml.error("routing: {breaker: {minimum_requests: 0}}"));
    assertEquals("routing.breaker.failure_ratio: 0 (expected: a number in (0, 1])",
        Yaml.error("routing: {breaker: {failure_ratio: 0}}"));
    assertEquals("routing.breaker.failure_ratio: 1.01 (expected: a number in (0, 1])",
        Yaml.error("routing: {breaker: {failure_ratio: 1.01}}"));
    assertEquals(1.0, Yaml.load("routing: {breaker: {failure_ratio: 1}}").routing().breaker().failureRatio());
    assertEquals("routing.breaker.open_ms: 0 (expected: an integer >= 1)",
        Yaml.error("routing: {breaker: {open_ms: 0}}"));
    assertEquals("routing.breaker.half_open_probes: 0 (expected: an integer >= 1)",
        Yaml.error("routing: {breaker: {half_open_probes: 0}}"));
  }

  @Test
  void everyRoutingProblemReportedTogether() {
    ConfigException e = assertThrows(ConfigException.class, () -> Yaml.load("""
        routing:
          max_attempts: 0
          retry_budget: {ratio: 2}
          breaker: {window_seconds: 0, failure_ratio: 0}
        """));
    assertEquals(List.of(
        "routing.max_attempts: 0 (expected: 1..10)",
        "routing.retry_budget.ratio: 2 (expected: a number in [0, 1])",
        "routing.breaker.window_seconds: 0 (expected: 1..3600)",
        "routing.breaker.failure_ratio: 0 (expected: a number in (0, 1])"), e.problems());
  }

  @Test
  void allProblemsReportedTogether() {
    ConfigException e = assertThrows(ConfigException.class, () -> Yaml.load(
        "server: {port: 70000}\nproviders: [{name: a, kind: nope}]\n"));
    assertEquals(2, e.problems().size());
    assertEquals("server.port: 70000 (expected: 0..65535)\n"
        + "providers[0].kind: \"nope\" (expected: one of openai, anthropic, gemini, simulator)", e.getMessage());
  }
}
