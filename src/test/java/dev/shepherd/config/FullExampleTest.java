package dev.shepherd.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Every documented key, set explicitly, binds to the field it names. */
class FullExampleTest {
  private static final String FULL = """
      server: {host: 0.0.0.0, port: 8081, max_body_bytes: 1048576, event_loops: 3}
      store: {url: "jdbc:postgresql://db:5432/shepherd", username: shep, password: "${PG_PASSWORD}"}
      providers:
        - name: local-vllm
          kind: openai
          base_url: http://127.0.0.1:8000/v1
          api_key: ${VLLM_API_KEY:-}
          no_auth: true
          timeouts: {connect_ms: 1000, first_byte_ms: 20000, idle_ms: 15000, total_ms: 300000}
        - name: sim
          kind: simulator
          simulator: {ttft_ms: 5, tokens_per_second: 50.5, output_tokens: 8, error_rate: 0.1, error_status: 503,
                      rate_limit_rate: 0.2, retry_after_s: 2, stall_rate: 0.3, drop_rate: 0.4, embedding_dimensions: 32}
      models:
        - id: qwen3-72b-instruct
          owned_by: qwen
          context_window: 32768
          price: {input_per_mtok: 0.60, cached_input_per_mtok: 0.30, output_per_mtok: 1.20}
          list_price: {input_per_mtok: 1.20, output_per_mtok: 1.20}
          price_source: "https://example.test/pricing (2026-11)"
          sticky: user
          deployments:
            - {provider: local-vllm, model: Qwen/Qwen3-72B-Instruct, weight: 90, priority: 0}
            - {provider: sim, weight: 10, priority: 1}
            - provider: sim
              model: sim-small
              weight: 0
              priority: 2
              context_window: 16384
              endpoints: [chat, completions]
              shadow: true
              shadow_percent: 10
      include_builtin_catalog: false
      routing:
        max_attempts: 4
        retry_budget: {ratio: 0.25, min_per_second: 7}
        cooldown: {default_ms: 2000, max_ms: 120000}
        breaker: {window_seconds: 60, minimum_requests: 20, failure_ratio: 0.75, open_ms: 10000, half_open_probes: 2}
      """;

  @Test
  void everyKeyBinds() {
    ShepherdConfig c = Yaml.load(FULL, Map.of("PG_PASSWORD", "pw"));
    assertEquals(new ServerConfig("0.0.0.0", 8081, 1_048_576, 3), c.server());
    assertEquals(new StoreConfig("jdbc:postgresql://db:5432/shepherd", "shep", "pw"), c.store());
    assertEquals(new ProviderConfig("local-vllm", "openai", "http://127.0.0.1:8000/v1", "", true,
        new Timeouts(1000, 20000, 15000, 300000), null), c.provider("local-vllm"));
    assertTrue(c.provider("local-vllm").available(), "no_auth with a base_url needs no key");
    assertEquals(new SimulatorSettings(5, 50.5, 8, 0.1, 503, 0.2, 2, 0.3, 0.4, 32), c.provider("sim").simulator());
    ModelConfig m = c.models().get(0);
    assertEquals("qwen", m.ownedBy());
    assertEquals(32768, m.contextWindow());
    assertEquals(new Price(new BigDecimal("0.60"), new BigDecimal("0.30"), new BigDecimal("1.20")), m.price());
    assertEquals(new Price(new BigDecimal("1.20"), new BigDecimal("1.20"), new BigDecimal("1.20")), m.listPrice());
    assertEquals("https://example.test/pricing (2026-11)", m.priceSource());
    assertEquals(new DeploymentConfig("local-vllm", "Qwen/Qwen3-72B-Instruct", 90, 0), m.deployments().get(0));
    assertEquals(new DeploymentConfig("sim", "qwen3-72b-instruct", 10, 1), m.deployments().get(1));
    assertEquals(new DeploymentConfig("sim", "sim-small", 0, 2, 16384, Set.of("chat", "completions"), true, 10),
        m.deployments().get(2));
    assertEquals(Sticky.USER, m.sticky());
    assertEquals(new RoutingConfig(4, 0.25, 7, 2_000, 120_000, new BreakerConfig(60, 20, 0.75, 10_000, 2), true),
        c.routing());
  }

  @Test
  void recordsAreImmutable() {
    ShepherdConfig c = Yaml.load(FULL, Map.of("PG_PASSWORD", "pw"));
    assertThrowsUnsupported(() -> c.models().clear());
    assertThrowsUnsupported(() -> c.providers().clear());
    assertThrowsUnsupported(() -> c.models().get(0).deployments().clear());
    assertThrowsUnsupported(() -> c.models().get(0).deployments().get(2).endpoints().clear());
    assertFalse(c.models().isEmpty());
  }

  private static void assertThrowsUnsupported(Runnable r) {
    org.junit.jupiter.api.Assertions.assertThrows(UnsupportedOperationException.class, r::run);
  }
}
