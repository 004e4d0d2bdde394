package dev.shepherd.pipeline;

import dev.shepherd.api.ApiException;
import io.vertx.core.Future;
import java.util.List;

/**
 * The ordered stages every inference request passes through. {@link #run} walks them in order,
 * synchronously while stages complete immediately, so the common path costs no scheduling.
 */
public final class Pipeline {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Pipeline.class);
  private final List<Stage> stages;

  public Pipeline(List<Stage> stages) {
    this.stages = List.copyOf(stages);
  }

  /**
   * The whole product in one list. Later capabilities slot in where the comments say.
   */
  public static Pipeline standard(Services s) {
    return new Pipeline(List.of(
        new Authenticate(s.keys()),         // bearer key → principal (in-memory, hashed)
        new ParseRequest(),                 // one streaming pass: model, stream, max_tokens; 400s
        new ResolveModel(),                 // public model → catalog entry; 404 / 403 / 503
        new CountTokens(),                  // exact prompt tokens; context window → 400 or clamp
        new RateLimit(s.limiter(), s.clock()), // RPM / TPM / in-flight per key, model, account; 429
        new HoldCredit(s.credit(), s.caps(), s.clock()), // key spend caps, then max cost held; 402 when short
        new Route(s.routing(), s.random()), // plan: tiers, weights / sticky; skip open breakers, cooldowns
        new CallUpstream(s.routing(), s.random(), s.shadowListeners()))); // failover before the first byte; shadows
  }

  public List<Stage> stages() {
    return stages;
  }

  /** Runs the stages for {@code ex}; any rejection is sent to the client and ends the exchange. */
  public void run(Exchange ex) {
    ex.started();
    advance(ex, 0);
  }

  private void advance(Exchange ex, int from) {
    for (int i = from; i < stages.size(); i++) {
      Future<Void> f;
      try {
        f = stages.get(i).apply(ex);
      } catch (RuntimeException e) {
        fail(ex, e);
        return;
      }
      if (!f.isComplete()) {
        int next = i + 1;
        f.onComplete(ar -> {
          if (ar.failed()) {
            fail(ex, ar.cause());
          } else {
            advance(ex, next);
          }
        });
        return;
      }
      if (f.failed()) {
        fail(ex, f.cause());
        return;
      }
    }
  }

  /** Rejections are expected and cheap; anything else is a bug, logged with its stack trace. */
  private static void fail(Exchange ex, Throwable cause) {
    if (cause instanceof ApiException e) {
      ex.fail(e, e.getMessage());
      return;
    }
    LOG.error("request {} failed in the pipeline", ex.requestId(), cause);
    ex.fail(ApiException.of(cause), String.valueOf(cause));
  }
}
