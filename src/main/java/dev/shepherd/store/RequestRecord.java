package dev.shepherd.store;

/**
 * One row of the request log: what happened to one request, compact. Never a key (only its id);
 * bodies only when payload capture is on, truncated and redacted before they get here.
 *
 * @param requestId the request ({@code x-request-id})
 * @param createdAt epoch millis the request started
 * @param keyId the key's id, or {@code null} (not authenticated)
 * @param accountId the key's account, or {@code null}
 * @param model the catalog model the request resolved to, or {@code null} (rejected before): only
 *     such requests are rolled up
 * @param requestedModel the {@code model} the client sent (at most 200 characters), or {@code null}
 * @param deployment {@code provider/upstream-model} of the last attempt, or {@code null}
 * @param endpoint {@code chat}, {@code completions}, {@code embeddings} or {@code messages}
 * @param stream whether the client asked for a stream
 * @param status the HTTP status sent
 * @param outcome {@code OK}, {@code ERROR}, {@code INCOMPLETE} or {@code CLIENT_CLOSED}
 * @param error the error code ({@code upstream_timeout}, ...), or {@code null}
 * @param errorDetail the operator-facing detail of the error (redacted, at most 500 characters), or {@code null}
 * @param sloError whether the request counts as an error for SLOs: a failure on the gateway's side
 *     (upstream, internal, unavailable) or a broken stream, not a rejection of the caller
 * @param attempts upstream attempts made
 * @param route the route trace ({@code candidates=…; skipped=…; attempts=…}) of a failed request,
 *     else {@code null}
 * @param promptTokens prompt tokens, -1 when unknown
 * @param completionTokens completion tokens, -1 when unknown
 * @param costMicros micro-USD at the request's price, -1 when not metered or unknown
 * @param latencyMicros accept to end
 * @param ttftMicros accept to the first byte of the answer, -1 when none was sent
 * @param upstreamMicros time spent in upstream attempts (each from sending to the end of its answer
 *     or failure), -1 when no attempt was made
 * @param overheadMicros time spent in the gateway rather than upstream: latency − upstream (as the
 *     {@code shepherd_gateway_overhead_seconds} metric), -1 when no attempt was made
 * @param requestBody the captured request body, or {@code null}
 * @param responseBody the captured answer (a stream's generated text), or {@code null}
 */
public record RequestRecord(String requestId, long createdAt, String keyId, String accountId, String model,
    String requestedModel, String deployment, String endpoint, boolean stream, int status, String outcome,
    String error, String errorDetail, boolean sloError, int attempts, String route, long promptTokens,
    long completionTokens, long costMicros, long latencyMicros, long ttftMicros, long upstreamMicros,
    long overheadMicros, String requestBody, String responseBody) {

  /** Whether the request failed (an error answer or a broken stream). */
  public boolean failed() {
    return outcome.equals("ERROR") || outcome.equals("INCOMPLETE");
  }

  /** The same record with another error detail and payloads (the writer fills them in, redacted). */
  public RequestRecord withText(String errorDetail, String requestBody, String responseBody) {
    return new RequestRecord(requestId, createdAt, keyId, accountId, model, requestedModel, deployment, endpoint,
        stream, status, outcome, error, errorDetail, sloError, attempts, route, promptTokens, completionTokens,
        costMicros, latencyMicros, ttftMicros, upstreamMicros, overheadMicros, requestBody, responseBody);
  }

  /** The same record without payloads (list views). */
  public RequestRecord withoutPayloads() {
    return requestBody == null && responseBody == null ? this
        : new RequestRecord(requestId, createdAt, keyId, accountId, model, requestedModel, deployment, endpoint,
            stream, status, outcome, error, errorDetail, sloError, attempts, route, promptTokens, completionTokens,
            costMicros, latencyMicros, ttftMicros, upstreamMicros, overheadMicros, null, null);
  }
}
