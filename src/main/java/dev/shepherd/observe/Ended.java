package dev.shepherd.observe;

import dev.shepherd.api.ErrorKind;
import dev.shepherd.api.openai.Endpoint;
import dev.shepherd.billing.PriceVersion;
import dev.shepherd.inbound.ClientProtocol;
import dev.shepherd.pipeline.CompletionText;
import dev.shepherd.pipeline.Exchange;
import dev.shepherd.pipeline.Usage;
import dev.shepherd.routing.Deployment;
import dev.shepherd.routing.Plan;
import io.vertx.core.buffer.Buffer;

/**
 * What the observers (metrics, the access log, the request log) read of an ended exchange, copied
 * on its event loop as it ends ({@link #of}), while the exchange's fields are still in that core's
 * cache. The observers run later on another thread ({@link ObserverQueue}) and read only this
 * small object, not the exchange's object graph (cold by then: a cache miss per object), and the
 * exchange with its bodies and buffers can be collected as soon as the gateway is done with it.
 *
 * @param status the HTTP status set on the response ({@code 200} when none was sent)
 * @param headWritten whether the response's head was sent
 * @param parsed whether the request body was parsed ({@code requestedModel} and {@code stream} are
 *     known)
 * @param requestedModel the {@code model} the client sent, or {@code null}
 * @param modelId the catalog model it resolved to, or {@code null}
 * @param deployment the last attempt's deployment, or {@code null}
 * @param plan the routing plan (attempts, skips), or {@code null} when none was made
 * @param attempts the upstream attempts made
 * @param metered whether the request held credit (its tokens and cost come with a settlement)
 * @param price the price the request was metered at, or {@code null}
 * @param promptTokens the prompt as counted by the gateway
 * @param countedCompletionTokens the completion as counted by the gateway, -1 when not (yet) counted
 * @param clientBody the client's bytes: only when payloads were asked for, else {@code null}
 * @param answer the upstream's answer: only when payloads were asked for, else {@code null}
 * @param completionText a stream's generated text: only when payloads were asked for, else {@code null}
 */
public record Ended(String requestId, Endpoint endpoint, ClientProtocol client, int status, boolean headWritten,
    Exchange.Outcome outcome, ErrorKind error, String errorDetail, String keyId, String accountId, boolean parsed,
    String requestedModel, boolean stream, String modelId, Deployment deployment, Plan plan, int attempts, Usage usage,
    boolean metered, PriceVersion price, long promptTokens, long countedCompletionTokens, long startNanos,
    long firstByteNanos, long upstreamNanos, long endNanos, byte[] clientBody, Buffer answer,
    CompletionText completionText) {

  /**
   * The ended exchange's copy. Call on the exchange's event loop once it has ended (or later, with
   * the queue's ordering).
   *
   * @param payloads whether to keep the bodies (request-log capture), which are otherwise dropped
   */
  public static Ended of(Exchange ex, boolean payloads) {
    var key = ex.key();
    var parsed = ex.parsed();
    var response = ex.request() == null ? null : ex.response(); // no request: an exchange made by a test
    return new Ended(ex.requestId(), ex.endpoint(), ex.client(),
        response == null ? 0 : response.getStatusCode(), response != null && response.headWritten(),
        ex.outcome(), ex.error(), ex.errorDetail(), key == null ? null : key.id(), key == null ? null : key.accountId(),
        parsed != null, parsed == null ? null : parsed.model(), parsed != null && parsed.stream(),
        ex.model() == null ? null : ex.model().id(), ex.deployment(), ex.plan(),
        ex.plan() == null ? 0 : ex.plan().attemptCount(), ex.usage(), ex.creditHold() != null,
        ex.price(), ex.promptTokens(), ex.countedCompletionTokens(), ex.startNanos(), ex.firstByteNanos(),
        ex.upstreamNanos(), ex.endNanos(), payloads ? ex.clientBody() : null, payloads ? ex.answer() : null,
        payloads && ex.answer() == null ? ex.completionText() : null);
  }

  /** Whether any upstream attempt was made. */
  public boolean attempted() {
    return attempts > 0;
  }
}
