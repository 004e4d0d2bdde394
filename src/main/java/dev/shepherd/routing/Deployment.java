package dev.shepherd.routing;

import dev.shepherd.api.openai.Endpoint;
import dev.shepherd.config.DeploymentConfig;
import java.util.Set;

/**
 * One place a public model is served, as routed: a provider and the model name it knows, its
 * share of traffic, what it can serve, and its shared {@link Health}. Immutable except for the
 * health it points to.
 */
public final class Deployment {
  private final String id;
  private final String provider;
  private final String upstreamModel;
  private final int weight;
  private final int priority;
  private final boolean available;
  private final boolean simulated;
  private final int contextWindow;
  private final int endpointMask;
  private final boolean shadow;
  private final int shadowPercent;
  private final Set<String> dropParams;
  private final Health health;
  final long seed;

  Deployment(DeploymentConfig c, int modelContextWindow, boolean available, boolean simulated, Health health) {
    this.id = idOf(c.provider(), c.model());
    this.provider = c.provider();
    this.upstreamModel = c.model();
    this.weight = c.weight();
    this.priority = c.priority();
    this.available = available;
    this.simulated = simulated;
    this.contextWindow = c.contextWindow() > 0 ? c.contextWindow() : modelContextWindow;
    this.endpointMask = mask(c.endpoints());
    this.shadow = c.shadow();
    this.shadowPercent = c.shadowPercent();
    this.dropParams = c.dropParams();
    this.health = health;
    this.seed = Plan.mix(id.hashCode() * 0x9E3779B97F4A7C15L);
  }

  /** The id health is kept under: {@code provider/upstream-model}. */
  public static String idOf(String provider, String upstreamModel) {
    return provider + "/" + upstreamModel;
  }

  private static int mask(Set<String> endpoints) {
    if (endpoints.isEmpty()) {
      return -1;
    }
    int m = 0;
    for (String e : endpoints) {
      m |= 1 << Endpoint.valueOf(e.toUpperCase(java.util.Locale.ROOT)).ordinal();
    }
    return m;
  }

  public String id() {
    return id;
  }

  /** Provider name (key into {@link dev.shepherd.provider.Upstreams}). */
  public String provider() {
    return provider;
  }

  /** The {@code model} value sent upstream. */
  public String upstreamModel() {
    return upstreamModel;
  }

  /** Share within its priority tier; 0 means drained. */
  public int weight() {
    return weight;
  }

  /** Lower is tried first. */
  public int priority() {
    return priority;
  }

  /** The provider is configured (credentials and address). */
  public boolean available() {
    return available;
  }

  /** Served by the built-in simulator. */
  public boolean simulated() {
    return simulated;
  }

  /** Prompt + completion tokens it accepts. */
  public int contextWindow() {
    return contextWindow;
  }

  public boolean serves(Endpoint endpoint) {
    return (endpointMask & (1 << endpoint.ordinal())) != 0;
  }

  /** Receives copies of traffic only. */
  public boolean shadow() {
    return shadow;
  }

  /** Share of the model's requests copied to this shadow deployment, 1–100. */
  public int shadowPercent() {
    return shadowPercent;
  }

  /** Request parameters removed before translating for this deployment's upstream (often empty). */
  public Set<String> dropParams() {
    return dropParams;
  }

  public Health health() {
    return health;
  }

  @Override
  public String toString() {
    return id;
  }
}
