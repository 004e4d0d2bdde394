package dev.shepherd.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IncludeBuiltinCatalogTest {
  private static final String RELAY = """
      providers:
        - name: openai
          kind: openai
          base_url: https://relay.example/v1
          api_key: relay-key
        - name: mine
          kind: simulator
      models:
        - id: gpt-4.1
          context_window: 1047576
          price: {input_per_mtok: 1.00, output_per_mtok: 4.00}
          deployments: [{provider: openai}]
        - id: my-model
          context_window: 100
          price: {input_per_mtok: 0, output_per_mtok: 0}
          deployments: [{provider: mine}]
      """;

  @Test
  void fileIsCompleteOnItsOwnByDefault() {
    ShepherdConfig c = Yaml.load(RELAY);
    assertEquals(List.of("gpt-4.1", "my-model"), c.models().stream().map(ModelConfig::id).toList());
    assertEquals(2, c.providers().size());
  }

  @Test
  void explicitFalseAlsoMeansNoMerge() {
    assertEquals(2, Yaml.load(RELAY + "include_builtin_catalog: false\n").models().size());
  }

  @Test
  void includeAddsWhatTheFileDoesNotDefineAndFileWins() {
    ShepherdConfig c = Yaml.load(RELAY + "include_builtin_catalog: true\n");
    List<String> ids = c.models().stream().map(ModelConfig::id).toList();
    assertEquals(8, ids.size(), ids.toString());
    assertEquals(List.of("gpt-4.1", "my-model"), ids.subList(0, 2));
    assertTrue(ids.containsAll(List.of("claude-sonnet-4.5", "shepherd-sim", "qwen3-72b-instruct")));

    ModelConfig gpt = c.models().get(0);
    assertEquals(new BigDecimal("1.00"), gpt.price().inputPerMtok(), "file's model wins");
    assertEquals(null, gpt.listPrice());

    List<String> names = c.providers().stream().map(ProviderConfig::name).toList();
    assertEquals(List.of("openai", "mine", "anthropic", "gemini", "deepseek", "local-vllm", "simulator"), names);
    assertEquals("https://relay.example/v1", c.provider("openai").baseUrl(), "file's provider wins");
    assertTrue(c.provider("openai").available());
  }

  @Test
  void includeKeepsTheFilesRoutingSection() {
    ShepherdConfig c = Yaml.load(RELAY + "include_builtin_catalog: true\nrouting: {max_attempts: 5, breaker: {open_ms: 7}}\n");
    assertEquals(5, c.routing().maxAttempts());
    assertEquals(7, c.routing().breaker().openMs());
    assertEquals(8, c.models().size());
  }

  @Test
  void builtinEntriesAreInterpolatedWithTheSameEnv() {
    ShepherdConfig c = Yaml.load(RELAY + "include_builtin_catalog: true\n", Map.of("ANTHROPIC_API_KEY", "ak"));
    assertEquals("ak", c.provider("anthropic").apiKey());
  }

  @Test
  void fileModelsMayUseBuiltinProviders() {
    ShepherdConfig c = Yaml.load("""
        include_builtin_catalog: true
        models:
          - id: house-claude
            context_window: 200000
            price: {input_per_mtok: 2, output_per_mtok: 10}
            deployments: [{provider: anthropic, model: claude-sonnet-4-5}]
        """);
    assertEquals("anthropic", c.models().get(0).deployments().get(0).provider());
  }

  @Test
  void unknownProviderStillRejectedAndListsMergedProviders() {
    String msg = Yaml.error("""
        include_builtin_catalog: true
        models:
          - {id: x, context_window: 1, price: {input_per_mtok: 0, output_per_mtok: 0}, deployments: [{provider: nope}]}
        """);
    assertEquals("models[0].deployments[0].provider: \"nope\" (expected: the name of a configured provider;"
        + " known: openai, anthropic, gemini, deepseek, local-vllm, simulator)", msg);
  }
}
