package dev.shepherd.config;

/**
 * One upstream endpoint.
 *
 * @param name unique name that deployments refer to
 * @param kind {@code openai} (any OpenAI-compatible server), {@code anthropic} (the Messages API),
 *     {@code gemini} (the Gemini API) or {@code simulator}
 * @param baseUrl base URL ending before {@code /chat/completions} (or {@code /messages}, {@code /models}),
 *     e.g. {@code http://127.0.0.1:8000/v1}; for anthropic and gemini the official one when not
 *     given; empty for the simulator or when not configured
 * @param apiKey the key sent upstream (as {@code Authorization: Bearer}, {@code x-api-key} or
 *     {@code x-goog-api-key} by kind), or empty (a secret: masked when printed)
 * @param authNone true when the upstream needs no key (self-hosted vLLM/Ollama), so an empty
 *     {@code apiKey} does not make it unavailable
 * @param timeouts upstream timeouts
 * @param simulator behaviour of a {@code simulator} provider; {@code null} for other kinds
 * @param anthropicVersion the {@code anthropic-version} header of an {@code anthropic} provider; empty
 *     for other kinds
 * @param defaultMaxTokens {@code max_tokens} sent to an {@code anthropic} provider when the request
 *     has none (the Messages API requires it); 0 for other kinds
 */
public record ProviderConfig(
    String name,
    String kind,
    String baseUrl,
    String apiKey,
    boolean authNone,
    Timeouts timeouts,
    SimulatorSettings simulator,
    String anthropicVersion,
    long defaultMaxTokens) {

  /** The {@code anthropic-version} sent when the config names none. */
  public static final String DEFAULT_ANTHROPIC_VERSION = "2023-06-01";

  /** The {@code max_tokens} sent to Anthropic when neither the request nor the config gives one. */
  public static final long DEFAULT_MAX_TOKENS = 4096;

  /** A provider of a kind without Anthropic settings. */
  public ProviderConfig(String name, String kind, String baseUrl, String apiKey, boolean authNone,
      Timeouts timeouts, SimulatorSettings simulator) {
    this(name, kind, baseUrl, apiKey, authNone, timeouts, simulator, "", 0);
  }

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
