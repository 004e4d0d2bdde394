package dev.shepherd.config;

/**
 * One upstream endpoint.
 *
 * @param name unique name that deployments refer to
 * @param kind {@code openai} (any OpenAI-compatible server) or {@code simulator}
 * @param baseUrl base URL ending before {@code /chat/completions}, e.g. {@code http://127.0.0.1:8000/v1};
 *     empty for the simulator or when not configured
 * @param apiKey bearer token sent upstream, or empty (a secret: masked when printed)
 * @param authNone true when the upstream needs no key (self-hosted vLLM/Ollama), so an empty
 *     {@code apiKey} does not make it unavailable
 * @param timeouts upstream timeouts
 * @param simulator behaviour of a {@code simulator} provider; {@code null} for other kinds
 */
public record ProviderConfig(
    String name,
    String kind,
    String baseUrl,
    String apiKey,
    boolean authNone,
    Timeouts timeouts,
    SimulatorSettings simulator) {

  /** True when this provider has what it needs to be called: credentials (or none needed) and an address. */
  public boolean available() {
    if ("simulator".equals(kind)) {
      return true;
    }
    return !baseUrl.isEmpty() && (authNone || !apiKey.isEmpty());
  }

  /** Why {@link #available()} is false, for {@code /v1/models}; empty when available. */
  public String unavailableReason() {
    if (available()) {
      return "";
    }
    return baseUrl.isEmpty() ? "provider " + name + " has no base_url" : "provider " + name + " has no api_key";
  }
}
