package dev.shepherd.routing;

import dev.shepherd.config.BreakerConfig;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@link Health} of every deployment id, kept across config reloads: a deployment that
 * survives a reload keeps its breaker state and cooldown; a removed one is forgotten.
 */
public final class HealthRegistry {
  private final ConcurrentHashMap<String, Health> byId = new ConcurrentHashMap<>();
  private volatile BreakerConfig breaker;

  public HealthRegistry(BreakerConfig breaker) {
    this.breaker = breaker;
  }

  /** The health of {@code deploymentId}, created on first use. */
  public Health of(String deploymentId) {
    return byId.computeIfAbsent(deploymentId, id -> new Health(id, breaker));
  }

  /** The health of every deployment currently known (a snapshot; for metrics and admin views). */
  public java.util.List<Health> all() {
    return java.util.List.copyOf(byId.values());
  }

  /** Closes every breaker and ends every cooldown (an operator's "I fixed it"). */
  public void reset() {
    byId.values().forEach(Health::reset);
  }

  /** Applies a reloaded config: new breaker settings, and forgets deployments no longer present. */
  public void retainAndConfigure(Set<String> ids, BreakerConfig next) {
    breaker = next;
    byId.keySet().retainAll(ids);
    byId.values().forEach(h -> h.breaker().configure(next));
  }
}
