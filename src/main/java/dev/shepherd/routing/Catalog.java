package dev.shepherd.routing;

import dev.shepherd.config.DeploymentConfig;
import dev.shepherd.config.ModelConfig;
import dev.shepherd.config.ProviderConfig;
import dev.shepherd.config.ShepherdConfig;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The public models of one configuration, by id, in config order. Immutable and thread-safe. */
public final class Catalog {
  private final Map<String, ModelEntry> models;

  private Catalog(Map<String, ModelEntry> models) {
    this.models = Collections.unmodifiableMap(models);
  }

  /** Builds the catalog of a validated config. */
  public static Catalog of(ShepherdConfig config) {
    Map<String, ModelEntry> models = new LinkedHashMap<>();
    for (ModelConfig m : config.models()) {
      List<Deployment> deployments = new ArrayList<>();
      for (DeploymentConfig d : m.deployments()) {
        ProviderConfig p = config.provider(d.provider());
        deployments.add(new Deployment(d.provider(), d.model(), d.weight(), d.priority(),
            p.available(), "simulator".equals(p.kind())));
      }
      models.put(m.id(), new ModelEntry(m, deployments));
    }
    return new Catalog(models);
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
