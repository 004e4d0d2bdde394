package dev.shepherd.routing;

import dev.shepherd.config.DeploymentConfig;
import dev.shepherd.config.ModelConfig;
import dev.shepherd.config.Price;
import dev.shepherd.config.ProviderConfig;
import dev.shepherd.config.RoutingConfig;
import dev.shepherd.config.ServerConfig;
import dev.shepherd.config.ShepherdConfig;
import dev.shepherd.config.Sticky;
import dev.shepherd.config.StoreConfig;
import dev.shepherd.config.Timeouts;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Builds one-model catalogs in code for routing unit tests. */
final class Models {
  private Models() {}

  /** A model {@code m} (context 32768) served by {@code deployments}; providers named after them, all available. */
  static ModelEntry model(Sticky sticky, HealthRegistry health, DeploymentConfig... deployments) {
    Set<String> names = new LinkedHashSet<>();
    for (DeploymentConfig d : deployments) {
      names.add(d.provider());
    }
    List<ProviderConfig> providers = new ArrayList<>();
    for (String n : names) {
      boolean offline = n.startsWith("offline");
      providers.add(new ProviderConfig(n, "openai", offline ? "" : "http://127.0.0.1:9/v1", "k", false,
          Timeouts.DEFAULT, null));
    }
    Price free = new Price(BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO);
    ModelConfig m = new ModelConfig("m", "test", 32_768, free, null, "", List.of(deployments), sticky,
        dev.shepherd.config.LimitValues.NONE, "", java.time.Instant.EPOCH, List.of());
    ShepherdConfig config = new ShepherdConfig(new ServerConfig("127.0.0.1", 0, 1 << 20, 1),
        new StoreConfig("jdbc:sqlite:x", "", ""), providers, List.of(m), RoutingConfig.DEFAULT,
        dev.shepherd.config.LimitsConfig.DEFAULT, java.util.Map.of(),
        dev.shepherd.config.BillingConfig.DEFAULT);
    return Catalog.of(config, health).model("m");
  }

  static ModelEntry model(DeploymentConfig... deployments) {
    return model(Sticky.NONE, new HealthRegistry(RoutingConfig.DEFAULT.breaker()), deployments);
  }

  static DeploymentConfig d(String provider, int weight, int priority) {
    return new DeploymentConfig(provider, "m", weight, priority);
  }
}
