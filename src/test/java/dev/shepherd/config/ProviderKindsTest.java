package dev.shepherd.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The translated provider kinds (anthropic, gemini): defaults, their own keys and drop_params. */
class ProviderKindsTest {
  private static final String MODEL = "models:\n  - {id: m, context_window: 1000, price: {input_per_mtok: 1, output_per_mtok: 1}, "
      + "deployments: [%s]}\n";

  private static String config(String providers, String deployment) {
    return "providers:\n" + providers + MODEL.formatted(deployment);
  }

  @Test
  void officialBaseUrlsAndAnthropicDefaults() {
    ShepherdConfig c = Yaml.load("""
        providers:
          - {name: claude, kind: anthropic, api_key: k1}
          - {name: google, kind: gemini, api_key: k2}
        """);
    ProviderConfig claude = c.providers().get(0);
    assertEquals("https://api.anthropic.com/v1", claude.baseUrl());
    assertEquals("2023-06-01", claude.anthropicVersion());
    assertEquals(4096, claude.defaultMaxTokens());
    assertTrue(claude.available());
    ProviderConfig google = c.providers().get(1);
    assertEquals("https://generativelanguage.googleapis.com/v1beta", google.baseUrl());
    assertEquals("", google.anthropicVersion());
    assertTrue(google.available());
    assertEquals("provider claude has no api_key",
        Yaml.load("providers: [{name: claude, kind: anthropic}]").providers().get(0).unavailableReason());
  }

  @Test
  void anthropicKeysAreCheckedAndOnlyOnAnthropic() {
    ProviderConfig p = Yaml.load("providers: [{name: c, kind: anthropic, api_key: k, anthropic_version: '2024-10-22', "
        + "default_max_tokens: 64000, base_url: 'http://127.0.0.1:9/v1/'}]").providers().get(0);
    assertEquals("2024-10-22", p.anthropicVersion());
    assertEquals(64000, p.defaultMaxTokens());
    assertEquals("http://127.0.0.1:9/v1", p.baseUrl());
    assertEquals("providers[0].anthropic_version: \"2023/06/01\" (expected: an Anthropic API version date such as 2023-06-01)",
        Yaml.error("providers: [{name: c, kind: anthropic, anthropic_version: 2023/06/01}]"));
    assertEquals("providers[0].default_max_tokens: 0 (expected: an integer >= 1)",
        Yaml.error("providers: [{name: c, kind: anthropic, default_max_tokens: 0}]"));
    assertEquals("providers[0].anthropic_version: \"2023-06-01\" (expected: only on providers of kind anthropic)",
        Yaml.error("providers: [{name: g, kind: gemini, anthropic_version: '2023-06-01'}]"));
    assertEquals("providers[0].default_max_tokens: 100 (expected: only on providers of kind anthropic)",
        Yaml.error("providers: [{name: o, kind: openai, default_max_tokens: 100}]"));
  }

  @Test
  void translatedKindsServeChatOnly() {
    ModelConfig m = Yaml.load(config("  - {name: c, kind: anthropic, api_key: k}\n", "{provider: c}")).models().get(0);
    assertEquals(Set.of("chat"), m.deployments().get(0).endpoints());
    assertEquals("models[0].deployments[0].endpoints[1]: \"embeddings\" (expected: chat: a provider of kind gemini "
        + "serves only chat completions)",
        Yaml.error(config("  - {name: g, kind: gemini, api_key: k}\n", "{provider: g, endpoints: [chat, embeddings]}")));
  }

  @Test
  void dropParams() {
    ModelConfig m = Yaml.load(config("  - {name: g, kind: gemini, api_key: k}\n",
        "{provider: g, drop_params: [logprobs, seed]}")).models().get(0);
    assertEquals(Set.of("logprobs", "seed"), m.deployments().get(0).dropParams());
    ConfigException e = org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class, () -> Yaml.load(config(
        "  - {name: c, kind: anthropic, api_key: k}\n", "{provider: c, drop_params: [seed, Top-P, stream, seed]}")));
    assertEquals(List.of(
        "models[0].deployments[0].drop_params[1]: \"Top-P\" (expected: a request parameter name such as logprobs or seed)",
        "models[0].deployments[0].drop_params[2]: \"stream\" (expected: a parameter that may be dropped; model, messages "
            + "and stream are always sent)",
        "models[0].deployments[0].drop_params[3]: \"seed\" (expected: each parameter once; "
            + "models[0].deployments[0].drop_params[0] has it already)"), e.problems());
    assertEquals("models[0].deployments[0].drop_params: a list (expected: drop_params only on deployments of anthropic "
        + "or gemini providers; an openai upstream receives the request as the client sent it)",
        Yaml.error(config("  - {name: o, kind: openai, base_url: 'http://h/v1', api_key: k}\n",
            "{provider: o, drop_params: [seed]}")));
  }

  @Test
  void effectiveConfigShowsTheNewKeys() {
    String printed = EffectiveConfigPrinter.print(Yaml.load(config("  - {name: c, kind: anthropic, api_key: secret}\n",
        "{provider: c, drop_params: [seed, logprobs]}")));
    assertTrue(printed.contains("anthropic_version: \"2023-06-01\""), printed);
    assertTrue(printed.contains("default_max_tokens: 4096"), printed);
    assertTrue(printed.contains("drop_params:\n") && printed.contains("- \"logprobs\"\n"), printed);
    assertTrue(!printed.contains("secret"), printed);
  }
}
