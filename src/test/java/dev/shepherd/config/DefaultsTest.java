package dev.shepherd.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DefaultsTest {
  @Test
  void serverAndStoreDefaults() {
    ShepherdConfig c = Yaml.load("");
    assertEquals(new ServerConfig("127.0.0.1", 8080, 8L * 1024 * 1024, Runtime.getRuntime().availableProcessors()),
        c.server());
    assertEquals(new StoreConfig("jdbc:sqlite:./shepherd-data/shepherd.db", "", ""), c.store());
  }

  @Test
  void partialSectionsKeepOtherDefaults() {
    ShepherdConfig c = Yaml.load("server: {port: 9000}\nstore: {username: bob}");
    assertEquals("127.0.0.1", c.server().host());
    assertEquals(9000, c.server().port());
    assertEquals("jdbc:sqlite:./shepherd-data/shepherd.db", c.store().url());
    assertEquals("bob", c.store().username());
  }

  @Test
  void storeDefaultFollowsDataDir() {
    ShepherdConfig c = ConfigLoader.parse("", "t", Map.of(), Path.of("/var/lib/shepherd"));
    assertEquals("jdbc:sqlite:/var/lib/shepherd/shepherd.db", c.store().url());
  }

  @Test
  void providerDefaults() {
    ShepherdConfig c = Yaml.load("providers: [{name: up, kind: openai}, {name: sim, kind: simulator}]");
    ProviderConfig up = c.provider("up");
    assertEquals(new ProviderConfig("up", "openai", "", "", false, Timeouts.DEFAULT, null), up);
    assertSame(SimulatorSettings.DEFAULT, c.provider("sim").simulator());
    assertFalse(up.available());
  }

  @Test
  void timeoutAndSimulatorDefaultsPerField() {
    ShepherdConfig c = Yaml.load("""
        providers:
          - {name: up, kind: openai, timeouts: {idle_ms: 5}}
          - {name: sim, kind: simulator, simulator: {error_rate: 0.25, ttft_ms: 40}}
        """);
    assertEquals(new Timeouts(2_000, 30_000, 5, 600_000), c.provider("up").timeouts());
    assertEquals(new SimulatorSettings(40, 0, 16, 0.25, 500, 0, 1, 0, 0, 64), c.provider("sim").simulator());
  }

  @Test
  void modelDefaults() {
    ModelConfig m = Yaml.load(Yaml.ONE_MODEL).models().get(0);
    assertEquals("shepherd", m.ownedBy());
    assertEquals("", m.priceSource());
    assertNull(m.listPrice());
    assertEquals(new DeploymentConfig("sim", "m1", 100, 0), m.deployments().get(0));
    assertEquals(0, m.price().cachedInputPerMtok().compareTo(m.price().inputPerMtok()), "cached defaults to input");
  }

  @Test
  void deploymentAndStickyDefaults() {
    ModelConfig m = Yaml.load(Yaml.ONE_MODEL).models().get(0);
    assertSame(Sticky.NONE, m.sticky());
    DeploymentConfig d = m.deployments().get(0);
    assertEquals(0, d.contextWindow(), "0 = the model's window");
    assertEquals(Set.of(), d.endpoints(), "empty = every endpoint");
    assertFalse(d.shadow());
    assertEquals(0, d.shadowPercent());
  }

  @Test
  void shadowPercentDefaultsToAll() {
    ModelConfig m = Yaml.load(Yaml.ONE_MODEL.replace("- provider: sim", "- provider: sim\n      - {provider: sim, shadow: true}"))
        .models().get(0);
    assertEquals(new DeploymentConfig("sim", "m1", 100, 0, 0, Set.of(), true, 100), m.deployments().get(1));
  }

  @Test
  void routingDefaults() {
    assertSame(RoutingConfig.DEFAULT, Yaml.load("").routing());
    assertSame(RoutingConfig.DEFAULT, Yaml.load("routing:\n").routing(), "an empty section is all defaults");
    assertEquals(new RoutingConfig(3, 0.2, 5, 1_000, 300_000, new BreakerConfig(30, 10, 0.5, 30_000, 3), true),
        Yaml.load("routing: {}").routing());
  }

  @Test
  void partialRoutingKeepsOtherDefaults() {
    RoutingConfig r = Yaml.load("""
        routing:
          retry_budget: {ratio: 0.5}
          cooldown: {max_ms: 60000}
          breaker: {open_ms: 5000}
        """).routing();
    assertEquals(new RoutingConfig(3, 0.5, 5, 1_000, 60_000, new BreakerConfig(30, 10, 0.5, 5_000, 3), true), r);
  }

  @Test
  void pricesAreExactDecimals() {
    ShepherdConfig c = Yaml.load(Yaml.ONE_MODEL.replace("{input_per_mtok: 1, output_per_mtok: 2}",
        "{input_per_mtok: 0.10, cached_input_per_mtok: 0.028, output_per_mtok: \"0.3\"}"));
    Price p = c.models().get(0).price();
    assertEquals(new BigDecimal("0.10"), p.inputPerMtok());
    assertEquals(new BigDecimal("0.028"), p.cachedInputPerMtok());
    assertEquals(new BigDecimal("0.3"), p.outputPerMtok());
  }
}
