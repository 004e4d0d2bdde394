package dev.shepherd.config;

/**
 * One place a public model is served.
 *
 * @param provider name of a configured provider
 * @param model the model name sent upstream
 * @param weight relative share of traffic within its priority tier (≥ 0)
 * @param priority lower tiers are tried first (≥ 0)
 */
public record DeploymentConfig(String provider, String model, int weight, int priority) {}
