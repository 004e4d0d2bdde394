package dev.shepherd.store;

/**
 * What one metered request used and cost, written with its CHARGE entry in the same transaction.
 *
 * @param requestId the request ({@code x-request-id}); one record per request
 * @param accountId the account charged
 * @param keyId the key that made the request (its id, never the secret)
 * @param model the public model name the client asked for
 * @param deployment {@code provider/upstream-model} of the last attempt, or {@code null}
 * @param endpoint {@code chat}, {@code completions}, {@code embeddings}, {@code messages}
 * @param outcome how the request ended ({@code OK}, {@code ERROR}, {@code INCOMPLETE},
 *     {@code CLIENT_CLOSED})
 * @param usageSource {@code upstream} (reported usage), {@code counted} (counted here because the
 *     upstream reported none) or {@code none} (nothing answered, nothing charged)
 * @param promptTokens prompt tokens charged (cached ones included)
 * @param cachedTokens of which served from the upstream's prompt cache
 * @param completionTokens completion tokens charged
 * @param costMicros micro-USD charged (the CHARGE entry's amount)
 * @param listCostMicros the same usage at the official list price, micro-USD (0 when unknown)
 * @param priceVersion the price version used, or {@code null}
 * @param createdAt epoch millis the request started
 * @param durationMs request duration
 */
public record UsageRecord(String requestId, String accountId, String keyId, String model, String deployment,
    String endpoint, String outcome, String usageSource, long promptTokens, long cachedTokens,
    long completionTokens, long costMicros, long listCostMicros, String priceVersion, long createdAt,
    long durationMs) {}
