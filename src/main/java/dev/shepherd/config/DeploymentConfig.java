package dev.shepherd.config;

import java.util.Set;

/**
 * One place a public model is served.
 *
 * @param provider name of a configured provider
 * @param model the model name sent upstream
 * @param weight relative share of traffic within its priority tier (≥ 0; 0 drains it)
 * @param priority lower tiers are tried first (≥ 0)
 * @param contextWindow tokens this deployment accepts, when smaller than the model's (0: the model's)
 * @param endpoints the APIs it serves: {@code chat}, {@code completions}, {@code embeddings}
 *     (empty: all)
 * @param shadow receives copies of traffic only; never answers a client
 * @param shadowPercent share of the model's requests copied to it (1–100), when {@code shadow}
 * @param dropParams request parameters removed before the request is translated for an
 *     {@code anthropic} or {@code gemini} upstream that cannot honour them (otherwise such a
 *     parameter is a 400 naming it); empty for other kinds
 */
public record DeploymentConfig(String provider, String model, int weight, int priority,
    int contextWindow, Set<String> endpoints, boolean shadow, int shadowPercent, Set<String> dropParams) {

  /** The endpoint names a deployment may list. */
  public static final Set<String> ENDPOINTS = Set.of("chat", "completions", "embeddings");

  public DeploymentConfig {
    endpoints = Set.copyOf(endpoints);
    dropParams = Set.copyOf(dropParams);
  }

  /** A deployment that drops no parameters. */
  public DeploymentConfig(String provider, String model, int weight, int priority,
      int contextWindow, Set<String> endpoints, boolean shadow, int shadowPercent) {
    this(provider, model, weight, priority, contextWindow, endpoints, shadow, shadowPercent, Set.of());
  }

  /** A serving deployment with every endpoint and the model's context window. */
  public DeploymentConfig(String provider, String model, int weight, int priority) {
    this(provider, model, weight, priority, 0, Set.of(), false, 0, Set.of());
  }
}
