package dev.shepherd.config;

/**
 * Behaviour of a {@code kind: simulator} provider: a simulated OpenAI-compatible upstream.
 *
 * <p>Rates are probabilities in [0, 1] drawn per request.
 *
 * @param ttftMs time to first token (and to the response of a non-stream request)
 * @param tokensPerSecond streaming speed after the first token; 0 means no pacing
 * @param outputTokens completion length when the request does not cap it lower
 * @param errorRate share of requests answered with {@code errorStatus}
 * @param errorStatus HTTP status of injected errors (e.g. 500, 503)
 * @param rateLimitRate share of requests answered 429 with {@code Retry-After: retryAfterSeconds}
 * @param retryAfterSeconds value of the injected Retry-After header
 * @param stallRate share of requests that send headers and then nothing (exercises idle timeouts)
 * @param dropRate share of streams cut mid-way without {@code [DONE]}
 * @param embeddingDimensions length of simulated embedding vectors
 */
public record SimulatorSettings(
    long ttftMs,
    double tokensPerSecond,
    int outputTokens,
    double errorRate,
    int errorStatus,
    double rateLimitRate,
    int retryAfterSeconds,
    double stallRate,
    double dropRate,
    int embeddingDimensions) {

  /** Fast and faultless: what the demo and benchmarks use unless configured otherwise. */
  public static final SimulatorSettings DEFAULT =
      new SimulatorSettings(0, 0, 16, 0, 500, 0, 1, 0, 0, 64);
}
