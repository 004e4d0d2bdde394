package dev.shepherd.routing;

import dev.shepherd.config.BreakerConfig;
import dev.shepherd.config.DeploymentConfig;
import dev.shepherd.config.ModelConfig;
import dev.shepherd.config.ProviderConfig;
import dev.shepherd.config.ShepherdConfig;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The public models of one configuration, by id, in config order. Immutable and thread-safe. */
public final class Catalog {
  private final Map<String, ModelEntry> models;

  private Catalog(Map<String, ModelEntry> models) {
    this.models = Collections.unmodifiableMap(models);
  }

  /** The catalog of a validated config, with fresh health state (tests, tools). */
  public static Catalog of(ShepherdConfig config) {
    return of(config, new HealthRegistry(BreakerConfig.DEFAULT));
  }

  /**
   * The catalog of a validated config whose deployments share {@code health}; deployments no
   * longer in the config are dropped from the registry and its breaker settings updated.
   */
  public static Catalog of(ShepherdConfig config, HealthRegistry health) {
    Map<String, ModelEntry> models = new LinkedHashMap<>();
    health.retainAndConfigure(allIds(config), config.routing().breaker());
    for (ModelConfig m : config.models()) {
      List<Deployment> deployments = new ArrayList<>();
      for (DeploymentConfig d : m.deployments()) {
        ProviderConfig p = config.provider(d.provider());
        String id = Deployment.idOf(d.provider(), d.model());
        deployments.add(new Deployment(d, m.contextWindow(), p.available(), "simulator".equals(p.kind()),
            health.of(id)));
      }
      models.put(m.id(), new ModelEntry(m, deployments));
    }
    return new Catalog(models);
  }

  private static Set<String> allIds(ShepherdConfig config) {
    Set<String> ids = new HashSet<>();
    for (ModelConfig m : config.models()) {
      for (DeploymentConfig d : m.deployments()) {
        ids.add(Deployment.idOf(d.provider(), d.model()));
      }
    }
    return ids;
  }

  /** The model with this public id, or {@code null}. */
  public ModelEntry model(String id) {
    return models.get(id);
  }

  /** All models in config order. */
  public List<ModelEntry> all() {
    return List.copyOf(models.values());
  }
}
