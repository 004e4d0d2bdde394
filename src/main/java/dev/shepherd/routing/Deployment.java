package dev.shepherd.routing;

/**
 * One place a public model is served: a provider and the model name it knows.
 *
 * @param provider provider name (key into {@link dev.shepherd.provider.Upstreams})
 * @param upstreamModel the {@code model} value sent upstream
 * @param weight share within its priority tier
 * @param priority lower is tried first
 * @param available the provider is configured (credentials and address)
 * @param simulated served by the built-in simulator
 */
public record Deployment(
    String provider, String upstreamModel, int weight, int priority, boolean available, boolean simulated) {}
