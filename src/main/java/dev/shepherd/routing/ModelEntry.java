package dev.shepherd.routing;

import dev.shepherd.api.openai.Endpoint;
import dev.shepherd.config.ModelConfig;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * A public model as served: its config and its deployments sorted by priority. Immutable.
 */
public final class ModelEntry {
  private final ModelConfig config;
  private final List<Deployment> deployments;
  private final boolean available;
  private final boolean simulated;

  public ModelEntry(ModelConfig config, List<Deployment> deployments) {
    this.config = config;
    this.deployments = deployments.stream()
        .sorted((a, b) -> Integer.compare(a.priority(), b.priority())).toList();
    this.available = deployments.stream().anyMatch(d -> d.available() && d.weight() > 0);
    this.simulated = !deployments.isEmpty() && deployments.stream().allMatch(Deployment::simulated);
  }

  public String id() {
    return config.id();
  }

  public ModelConfig config() {
    return config;
  }

  public List<Deployment> deployments() {
    return deployments;
  }

  /** At least one deployment can be called. */
  public boolean available() {
    return available;
  }

  /** Every deployment is the built-in simulator. */
  public boolean simulated() {
    return simulated;
  }

  /** Every model accepts every endpoint for now; capability flags come with the routing issue. */
  public boolean supports(Endpoint endpoint) {
    return true;
  }

  /**
   * A weighted random choice among available deployments of the lowest priority tier that has
   * any; {@code null} if none is available.
   */
  public Deployment pick(RandomGenerator random) {
    int i = 0;
    int n = deployments.size();
    while (i < n) {
      int tier = deployments.get(i).priority();
      int total = 0;
      int j = i;
      for (; j < n && deployments.get(j).priority() == tier; j++) {
        Deployment d = deployments.get(j);
        if (d.available()) {
          total += d.weight();
        }
      }
      if (total > 0) {
        int r = random.nextInt(total);
        for (int k = i; k < j; k++) {
          Deployment d = deployments.get(k);
          if (d.available() && (r -= d.weight()) < 0) {
            return d;
          }
        }
      }
      i = j;
    }
    return null;
  }
}
