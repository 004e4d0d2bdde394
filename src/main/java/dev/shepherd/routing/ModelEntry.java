package dev.shepherd.routing;

import dev.shepherd.api.openai.Endpoint;
import dev.shepherd.config.ModelConfig;
import dev.shepherd.config.Sticky;
import java.util.List;

/**
 * A public model as served: its config, its serving deployments sorted by priority (config order
 * within a tier), and its shadow deployments. Immutable.
 */
public final class ModelEntry {
  private final ModelConfig config;
  private final List<Deployment> serving;
  private final List<Deployment> shadows;
  final Deployment[] servingArray;
  private final boolean available;
  private final boolean simulated;

  ModelEntry(ModelConfig config, List<Deployment> deployments) {
    this.config = config;
    this.serving = deployments.stream().filter(d -> !d.shadow())
        .sorted((a, b) -> Integer.compare(a.priority(), b.priority())).toList();
    this.shadows = deployments.stream().filter(d -> d.shadow() && d.available()).toList();
    this.servingArray = serving.toArray(new Deployment[0]);
    this.available = serving.stream().anyMatch(d -> d.available() && d.weight() > 0);
    this.simulated = !serving.isEmpty() && serving.stream().allMatch(Deployment::simulated);
  }

  public String id() {
    return config.id();
  }

  public ModelConfig config() {
    return config;
  }

  public Sticky sticky() {
    return config.sticky();
  }

  /** Deployments that answer clients, by priority. */
  public List<Deployment> deployments() {
    return serving;
  }

  /** Available shadow deployments (copies only). */
  public List<Deployment> shadows() {
    return shadows;
  }

  /** At least one serving deployment can be called. */
  public boolean available() {
    return available;
  }

  /** Every serving deployment is the built-in simulator. */
  public boolean simulated() {
    return simulated;
  }

  /** Some serving deployment serves {@code endpoint}. */
  public boolean supports(Endpoint endpoint) {
    for (Deployment d : servingArray) {
      if (d.serves(endpoint)) {
        return true;
      }
    }
    return false;
  }
}
