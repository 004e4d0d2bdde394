package dev.shepherd.pipeline;

import dev.shepherd.api.ApiException;
import dev.shepherd.api.ErrorKind;
import dev.shepherd.api.openai.Endpoint;
import dev.shepherd.config.LimitValues;
import dev.shepherd.config.LimitsConfig;
import dev.shepherd.limits.Admission;
import dev.shepherd.limits.LimitScope;
import dev.shepherd.limits.Limiter;
import dev.shepherd.limits.RateLimitHeaders;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;

/**
 * Admits the request against every limit that applies — the key's own (or {@code
 * limits.key_defaults}), the model's per-key limits, and the key's account — reserving prompt
 * tokens + {@code max_tokens} (or the rest of the window, capped at {@code
 * limits.default_completion_reserve}) of TPM. The
 * {@code x-ratelimit-*} headers are set here, before any byte, so every later response (streams
 * too) carries them. A refusal is a 429 with {@code Retry-After} and {@code retry-after-ms}; the
 * upstream is never called. {@link LimitSettler} settles the admission when the exchange ends.
 */
final class RateLimit implements Stage {
  private final Limiter limiter;
  private final java.time.InstantSource clock;

  RateLimit(Limiter limiter, java.time.InstantSource clock) {
    this.limiter = limiter;
    this.clock = clock;
  }

  @Override
  public String name() {
    return "rate-limit";
  }

  @Override
  public Future<Void> apply(Exchange ex) {
    List<LimitScope> scopes = scopes(ex);
    if (scopes.isEmpty()) {
      return Future.succeededFuture();
    }
    long reserve = reserve(ex);
    var stage = limiter.admit(scopes, reserve, clock.millis());
    var cf = stage.toCompletableFuture();
    if (cf.isDone() && !cf.isCompletedExceptionally()) { // local limits: no scheduling
      decide(ex, cf.join(), reserve);
      return Future.succeededFuture();
    }
    return Future.fromCompletionStage(stage, Vertx.currentContext()).map(a -> {
      decide(ex, a, reserve);
      return null;
    });
  }

  private static void decide(Exchange ex, Admission a, long reserve) {
    RateLimitHeaders.apply(ex.response(), a);
    if (a.admitted()) {
      ex.admission(a, reserve);
      return;
    }
    throw refusal(a, reserve);
  }

  static ApiException refusal(Admission a, long reserve) {
    long wait = Math.max(1, a.retryAfterMillis());
    return switch (a.reason()) {
      case RPM -> new ApiException(ErrorKind.RATE_LIMITED, "Rate limit reached for requests per minute ("
          + a.limitRequests() + "); retry in " + seconds(wait) + ".", null, wait);
      case TPM -> new ApiException(ErrorKind.RATE_LIMITED, "Rate limit reached for tokens per minute ("
          + a.limitTokens() + "; this request reserves " + reserve + "); retry in " + seconds(wait) + ".", null, wait);
      case TPM_TOO_LARGE -> new ApiException(ErrorKind.TOKENS_OVER_LIMIT, "This request reserves " + reserve
          + " tokens, more than the tokens-per-minute limit (" + a.limitTokens()
          + "); lower max_tokens or shorten the prompt.", "max_tokens");
      case PARALLEL -> new ApiException(ErrorKind.RATE_LIMITED,
          "Too many requests in flight for this key or account; retry when one finishes.", null, wait);
      case UNAVAILABLE -> new ApiException(ErrorKind.LIMITS_UNAVAILABLE,
          "Rate limits cannot be checked right now; retry shortly.", null, wait);
    };
  }

  private static String seconds(long ms) {
    return ms < 1000 ? ms + " ms" : (ms + 999) / 1000 + " s";
  }

  /**
   * Prompt tokens + the completion's reserve: {@code max_tokens} when given, else the rest of the
   * context window capped at {@code limits.default_completion_reserve} (embeddings have none).
   */
  static long reserve(Exchange ex) {
    if (ex.endpoint() == Endpoint.EMBEDDINGS) {
      return ex.promptTokens();
    }
    long max = ex.maxTokens();
    if (max > 0) {
      return ex.promptTokens() + max;
    }
    long rest = Math.max(0, ex.model().config().contextWindow() - ex.promptTokens());
    return ex.promptTokens() + Math.min(rest, ex.generation().config().limits().defaultCompletionReserve());
  }

  private static List<LimitScope> scopes(Exchange ex) {
    LimitsConfig config = ex.generation().config().limits();
    List<LimitScope> scopes = new ArrayList<>(3);
    var key = ex.key();
    LimitValues own = merge(key.limits(), config.keyDefaults());
    if (!own.isNone()) {
      scopes.add(new LimitScope("k:" + key.id(), own));
    }
    LimitValues perModel = ex.model().config().limits();
    if (!perModel.isNone()) {
      scopes.add(new LimitScope("km:" + key.id() + ":" + ex.model().id(), perModel));
    }
    if (key.accountId() != null && !config.accountDefaults().isNone()) {
      scopes.add(new LimitScope("a:" + key.accountId(), config.accountDefaults()));
    }
    return scopes;
  }

  /** The key's own values where set, else the defaults. */
  private static LimitValues merge(LimitValues own, LimitValues defaults) {
    if (defaults.isNone()) {
      return own;
    }
    return new LimitValues(own.rpm() != null ? own.rpm() : defaults.rpm(),
        own.tpm() != null ? own.tpm() : defaults.tpm(),
        own.maxParallel() != null ? own.maxParallel() : defaults.maxParallel());
  }
}
