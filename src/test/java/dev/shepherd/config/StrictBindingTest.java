package dev.shepherd.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Unknown keys, wrong types and malformed YAML are rejected with the full key path. */
class StrictBindingTest {
  @Test
  void unknownTopLevelKey() {
    assertEquals("servers: unknown key (expected: one of: billing, include_builtin_catalog, limits, models, observe, providers, routing, server, slo, store, tokenizers)",
        Yaml.error("servers: {port: 1}"));
  }

  @Test
  void unknownKeyInSection() {
    assertEquals("server.prot: unknown key (expected: one of: event_loops, host, max_body_bytes, port)",
        Yaml.error("server: {prot: 1}"));
  }

  @Test
  void unknownKeyDeepInList() {
    String yaml = """
        providers:
          - name: a
            kind: simulator
          - name: b
            kind: openai
            timeouts: {connect_ms: 5, idle_mss: 10}
        """;
    assertEquals("providers[1].timeouts.idle_mss: unknown key"
        + " (expected: one of: connect_ms, first_byte_ms, idle_ms, total_ms)", Yaml.error(yaml));
  }

  @Test
  void unknownKeyInDeployment() {
    String msg = Yaml.error(Yaml.ONE_MODEL.replace("- provider: sim", "- {provider: sim, wieght: 3}"));
    assertEquals("models[0].deployments[0].wieght: unknown key (expected: one of: context_window, drop_params, endpoints,"
        + " model, priority, provider, shadow, shadow_percent, weight)", msg);
  }

  @Test
  void unknownKeyInModelListsSticky() {
    assertTrue(Yaml.error(Yaml.ONE_MODEL.replace("id: m1", "id: m1\n    stiky: key"))
        .startsWith("models[0].stiky: unknown key (expected: one of: context_window, deployments, id, limits, list_price,"
            + " owned_by, price, price_history, price_source, sticky, tokenizer)"));
  }

  @Test
  void unknownKeysInRouting() {
    assertEquals("routing.max_attempt: unknown key (expected: one of: breaker, cooldown, max_attempts, retry_budget, trace_header)",
        Yaml.error("routing: {max_attempt: 2}"));
    assertEquals("routing.retry_budget.min_per_sec: unknown key (expected: one of: min_per_second, ratio)",
        Yaml.error("routing: {retry_budget: {min_per_sec: 1}}"));
    assertEquals("routing.cooldown.default: unknown key (expected: one of: default_ms, max_ms)",
        Yaml.error("routing: {cooldown: {default: 1}}"));
    assertEquals("routing.breaker.open_seconds: unknown key (expected: one of: failure_ratio, half_open_probes,"
        + " minimum_requests, open_ms, window_seconds)", Yaml.error("routing:\n  breaker:\n    open_seconds: 30\n"));
  }

  @Test
  void routingTypesAreStrict() {
    assertEquals("routing.max_attempts: \"three\" (expected: an integer)", Yaml.error("routing: {max_attempts: three}"));
    assertEquals("routing.max_attempts: 2.5 (expected: an integer)", Yaml.error("routing: {max_attempts: 2.5}"));
    assertEquals("routing.breaker.failure_ratio: \"half\" (expected: a number)",
        Yaml.error("routing: {breaker: {failure_ratio: half}}"));
    assertEquals("routing: a list (expected: a mapping)", Yaml.error("routing: [1]"));
  }

  @Test
  void deploymentExtrasTypesAreStrict() {
    assertEquals("models[0].deployments[0].endpoints: \"chat\" (expected: a list)",
        Yaml.error(Yaml.ONE_MODEL.replace("- provider: sim", "- {provider: sim, endpoints: chat}")));
    assertEquals("models[0].deployments[0].shadow: \"maybe\" (expected: true or false)",
        Yaml.error(Yaml.ONE_MODEL.replace("- provider: sim", "- {provider: sim, shadow: maybe}")));
    assertEquals("models[0].deployments[0].shadow_percent: 12.5 (expected: an integer)",
        Yaml.error(Yaml.ONE_MODEL.replace("- provider: sim", "- {provider: sim, shadow: true, shadow_percent: 12.5}")));
    assertEquals("models[0].sticky: a list (expected: a string)",
        Yaml.error(Yaml.ONE_MODEL.replace("id: m1", "id: m1\n    sticky: [key]")));
  }

  @Test
  void unknownKeyInSimulatorAndPrice() {
    assertTrue(Yaml.error("""
        providers:
          - {name: s, kind: simulator, simulator: {ttft: 5}}
        """).startsWith("providers[0].simulator.ttft: unknown key (expected: one of: drop_rate, embedding_dimensions, "));
    assertEquals("models[0].price.cached_per_mtok: unknown key"
        + " (expected: one of: cached_input_per_mtok, effective_from, input_per_mtok, output_per_mtok)",
        Yaml.error(Yaml.ONE_MODEL.replace("output_per_mtok: 2", "output_per_mtok: 2, cached_per_mtok: 1")));
    assertEquals("models[0].list_price.effective_from: unknown key"
        + " (expected: one of: cached_input_per_mtok, input_per_mtok, output_per_mtok)",
        Yaml.error(Yaml.ONE_MODEL.replace("deployments:",
            "list_price: {input_per_mtok: 1, output_per_mtok: 2, effective_from: \"2026-01-01T00:00:00Z\"}\n    deployments:")));
    assertTrue(Yaml.error("billing: {plan_rate: {CNY: 1}}").startsWith(
        "billing.plan_rate: unknown key (expected: one of: low_balance, market_rates, plan_rates, refuse_unpriced,"));
  }

  @Test
  void camelCaseIsNotAccepted() {
    assertTrue(Yaml.error("server: {maxBodyBytes: 10}").startsWith("server.maxBodyBytes: unknown key"));
  }

  @Test
  void textWhereIntegerExpected() {
    assertEquals("server.port: \"eighty\" (expected: an integer)", Yaml.error("server: {port: eighty}"));
  }

  @Test
  void fractionWhereIntegerExpected() {
    assertEquals("server.port: 80.5 (expected: an integer)", Yaml.error("server: {port: 80.5}"));
  }

  @Test
  void mappingWhereListExpected() {
    assertEquals("providers: a mapping (expected: a list)", Yaml.error("providers: {name: a}"));
  }

  @Test
  void listWhereStringExpected() {
    assertEquals("providers[0].name: a list (expected: a string)",
        Yaml.error("providers: [{name: [a, b], kind: simulator}]"));
  }

  @Test
  void notABoolean() {
    assertEquals("providers[0].no_auth: \"sometimes\" (expected: true or false)",
        Yaml.error("providers: [{name: a, kind: openai, no_auth: sometimes}]"));
  }

  @Test
  void notANumber() {
    assertEquals("models[0].price.input_per_mtok: \"cheap\" (expected: a number)",
        Yaml.error(Yaml.ONE_MODEL.replace("input_per_mtok: 1", "input_per_mtok: cheap")));
  }

  @Test
  void integerOverflowIsAnError() {
    assertEquals("server.port: 99999999999 (expected: an integer up to 2147483647)",
        Yaml.error("server: {port: 99999999999}"));
  }

  @Test
  void duplicateKeyIsAnError() {
    assertEquals("test.yaml: invalid YAML at line 3, column 9: duplicate key \"port\""
        + " (expected: each key at most once per mapping)", Yaml.error("server:\n  port: 1\n  port: 2\n"));
  }

  @Test
  void syntaxErrorNamesLine() {
    String msg = Yaml.error("server:\n  port: [1, 2\nstore: {}\n");
    assertTrue(msg.startsWith("test.yaml: invalid YAML at line "), msg);
  }

  @Test
  void topLevelMustBeAMapping() {
    assertTrue(Yaml.error("- a\n- b\n").startsWith("test.yaml: a list at the top level (expected: a mapping"));
  }

  @Test
  void emptyFileIsAllDefaults() {
    ShepherdConfig c = Yaml.load("");
    assertEquals(8080, c.server().port());
    assertTrue(c.models().isEmpty());
  }

  @Test
  void loadReadsAFile(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("shepherd.yaml");
    Files.writeString(file, Yaml.ONE_MODEL + "server: {port: 9001}\n");
    ShepherdConfig c = ConfigLoader.load(file, Map.of());
    assertEquals(9001, c.server().port());
    assertEquals("jdbc:sqlite:./shepherd-data/shepherd.db", c.store().url());
  }

  @Test
  void missingFileIsAConfigException(@TempDir Path dir) {
    Path file = dir.resolve("nope.yaml");
    ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(file, Map.of()));
    assertEquals(file + ": no such file (expected: a readable YAML config file)", e.getMessage());
  }
}
