package dev.shepherd.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BuiltInCatalogTest {
  private static final Path DATA = Path.of("/tmp/shepherd-test-data");

  private static final List<String> REAL_MODELS = List.of(
      "gpt-4.1", "claude-sonnet-4.5", "gemini-2.5-flash", "deepseek-v3.2",
      "llama-4-scout-17b-16e-instruct", "qwen3-72b-instruct");

  private static boolean available(ShepherdConfig c, String modelId) {
    ModelConfig m = c.models().stream().filter(x -> x.id().equals(modelId)).findFirst().orElseThrow();
    return m.deployments().stream().anyMatch(d -> c.provider(d.provider()).available());
  }

  private static ModelConfig model(ShepherdConfig c, String id) {
    return c.models().stream().filter(m -> m.id().equals(id)).findFirst().orElseThrow();
  }

  @Test
  void sevenModelsAndSqliteUnderDataDir() {
    ShepherdConfig c = ConfigLoader.builtIn(DATA, Map.of());
    assertEquals(7, c.models().size());
    List<String> ids = c.models().stream().map(ModelConfig::id).toList();
    assertTrue(ids.containsAll(REAL_MODELS), ids.toString());
    assertTrue(ids.contains("shepherd-sim"));
    assertEquals("jdbc:sqlite:/tmp/shepherd-test-data/shepherd.db", c.store().url());
    assertEquals(List.of("openai", "anthropic", "gemini", "deepseek", "local-vllm", "simulator"),
        c.providers().stream().map(ProviderConfig::name).toList());
  }

  @Test
  void withoutEnvOnlyTheSimulatorIsAvailable() {
    ShepherdConfig c = ConfigLoader.builtIn(DATA, Map.of());
    for (String id : REAL_MODELS) {
      assertFalse(available(c, id), id);
    }
    assertTrue(available(c, "shepherd-sim"));
    assertEquals("provider openai has no api_key", c.provider("openai").unavailableReason());
    assertEquals("provider local-vllm has no base_url", c.provider("local-vllm").unavailableReason());
  }

  @Test
  void openaiKeyMakesGpt41Available() {
    ShepherdConfig c = ConfigLoader.builtIn(DATA, Map.of("OPENAI_API_KEY", "sk-test"));
    assertTrue(available(c, "gpt-4.1"));
    assertEquals("sk-test", c.provider("openai").apiKey());
    assertFalse(available(c, "claude-sonnet-4.5"));
  }

  @Test
  void vllmBaseUrlMakesSelfHostedModelsAvailableWithoutKey() {
    ShepherdConfig c = ConfigLoader.builtIn(DATA, Map.of("VLLM_BASE_URL", "http://10.0.0.5:8000/v1"));
    assertTrue(available(c, "llama-4-scout-17b-16e-instruct"));
    assertTrue(available(c, "qwen3-72b-instruct"));
    assertEquals("Qwen/Qwen3-72B-Instruct", model(c, "qwen3-72b-instruct").deployments().get(0).model());
    assertEquals("meta-llama/Llama-4-Scout-17B-16E-Instruct",
        model(c, "llama-4-scout-17b-16e-instruct").deployments().get(0).model());
  }

  @Test
  void badVllmBaseUrlFailsValidation() {
    String msg = org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class,
        () -> ConfigLoader.builtIn(DATA, Map.of("VLLM_BASE_URL", "10.0.0.5:8000"))).getMessage();
    assertTrue(msg.startsWith("providers[4].base_url: \"10.0.0.5:8000\""), msg);
  }

  @Test
  void officialPricesAndContextWindows() {
    ShepherdConfig c = ConfigLoader.builtIn(DATA, Map.of());
    assertPrice(model(c, "gpt-4.1"), "2.00", "0.50", "8.00", 1_047_576);
    assertPrice(model(c, "claude-sonnet-4.5"), "3.00", "0.30", "15.00", 200_000);
    assertPrice(model(c, "gemini-2.5-flash"), "0.30", "0.03", "2.50", 1_048_576);
    assertPrice(model(c, "deepseek-v3.2"), "0.28", "0.028", "0.42", 128_000);
    assertEquals(32_768, model(c, "qwen3-72b-instruct").contextWindow());
    assertEquals(131_072, model(c, "llama-4-scout-17b-16e-instruct").contextWindow());
  }

  private static void assertPrice(ModelConfig m, String in, String cached, String out, int context) {
    Price expected = new Price(new BigDecimal(in), new BigDecimal(cached), new BigDecimal(out));
    assertEquals(expected, m.price(), m.id());
    assertEquals(expected, m.listPrice(), m.id());
    assertEquals(context, m.contextWindow(), m.id());
  }

  @Test
  void everyPricedModelNamesItsSource() {
    for (ModelConfig m : ConfigLoader.builtIn(DATA, Map.of()).models()) {
      assertTrue(m.priceSource().contains("https://") || m.id().equals("shepherd-sim"), m.id());
      if (!m.id().equals("shepherd-sim")) {
        assertNotNull(m.listPrice(), m.id());
      }
    }
  }

  @Test
  void simulatedModelIsFree() {
    ShepherdConfig c = ConfigLoader.builtIn(DATA, Map.of());
    ModelConfig sim = model(c, "shepherd-sim");
    assertEquals("shepherd-simulator", sim.ownedBy());
    assertEquals(32_768, sim.contextWindow());
    assertEquals(0, sim.price().inputPerMtok().signum());
    assertEquals(0, sim.price().outputPerMtok().signum());
    assertNull(sim.listPrice());
    assertEquals(SimulatorSettings.DEFAULT, c.provider("simulator").simulator());
  }
}
