package dev.shepherd.observe;

import dev.shepherd.pipeline.Exchange;
import dev.shepherd.pipeline.ShadowListener;
import dev.shepherd.pipeline.Usage;
import dev.shepherd.provider.ShadowResult;
import dev.shepherd.routing.Deployment;
import dev.shepherd.routing.Plan;

/**
 * Writes one JSON line per exchange ({@link JsonLine}) into a {@link LineSink} (batched on a
 * virtual thread, so nothing waits on I/O). In the gateway it runs behind the
 * {@link ObserverQueue}, off the event loop. Never logs keys, bodies or upstream secrets: only
 * ids, the key's id, account, model, deployment, status, timings, usage and cost.
 *
 * <p>A metered request's line is written when its credit is settled ({@link #onSettled}, right
 * after the end, or a little later when its completion is counted off the event loop), so that it
 * carries the tokens and cost charged; any other request's line is written at its end.
 */
public final class AccessLog implements Observer, ShadowListener {
  private final LineSink sink;

  public AccessLog(LineSink sink) {
    this.sink = sink;
  }

  @Override
  public void onEnd(Ended ex) {
    if (!ex.metered()) {
      sink.add(AccessLog::line, ex, null);
    }
  }

  @Override
  public void onSettled(Ended ex, dev.shepherd.store.UsageRecord charged) {
    sink.add(AccessLog::line, ex, charged);
  }

  private static void line(JsonLine j, Ended ex, dev.shepherd.store.UsageRecord charged) {
    long start = ex.startNanos();
    j.beginObject()
        .string("request_id", ex.requestId())
        .string("endpoint", ex.endpoint().path())
        .number("status", ex.status())
        .string("outcome", ex.outcome().name());
    if (ex.keyId() != null) {
      j.string("key_id", ex.keyId());
      if (ex.accountId() != null) {
        j.string("account_id", ex.accountId());
      }
    }
    if (ex.parsed()) {
      j.string("model", ex.requestedModel()).bool("stream", ex.stream());
    }
    Deployment d = ex.deployment();
    if (d != null) {
      j.string("provider", d.provider()).string("upstream_model", d.upstreamModel()).string("deployment", d.id());
    }
    Plan plan = ex.plan();
    if (plan != null) {
      j.number("attempt_count", plan.attemptCount());
      attempts(j, plan);
    }
    Usage u = ex.usage();
    if (charged != null) {
      j.number("prompt_tokens", charged.promptTokens()).number("cached_tokens", charged.cachedTokens())
          .number("completion_tokens", charged.completionTokens()).string("usage_source", charged.usageSource())
          .decimal("cost_usd", charged.costMicros(), 6);
    } else if (u.reported()) {
      j.number("prompt_tokens", u.promptTokens()).number("cached_tokens", u.cachedPromptTokens())
          .number("completion_tokens", u.completionTokens()).string("usage_source", "upstream");
    }
    String errorClass = Labels.errorClass(ex);
    if (!errorClass.equals(Labels.NONE)) {
      j.string("error_class", errorClass);
    }
    if (ex.error() != null) {
      j.string("error", ex.error().code()).string("error_detail", String.valueOf(ex.errorDetail()));
    }
    if (ex.firstByteNanos() > 0) {
      long ttfb = ex.firstByteNanos() - start;
      j.millis("ttfb_ms", ttfb);
      if (ex.stream()) {
        j.millis("ttft_ms", ttfb);
      }
    }
    if (ex.attempted()) {
      j.millis("upstream_ms", ex.upstreamNanos());
    }
    j.millis("duration_ms", ex.endNanos() - start).endObject();
  }

  /** One line per shadow copy, tied to its primary by {@code shadow_of}. */
  @Override
  public void onShadow(Exchange primary, Deployment shadow, ShadowResult r) {
    sink.add((j, d, result) -> {
      j.beginObject().string("shadow_of", primary.requestId()).string("deployment", d.id())
          .number("status", result.status()).number("duration_ms", result.millis());
      if (result.usage().reported()) {
        j.number("prompt_tokens", result.usage().promptTokens())
            .number("completion_tokens", result.usage().completionTokens());
      }
      if (result.error() != null) {
        j.string("error", result.error());
      }
      j.endObject();
    }, shadow, r);
  }

  private static void attempts(JsonLine j, Plan plan) {
    j.beginArray("attempts");
    for (int i = 0; i < plan.attemptCount(); i++) {
      Plan.Attempt a = plan.attempt(i);
      j.beginObject().string("deployment", a.deployment().id()).string("result", a.result())
          .number("ms", a.millis()).endObject();
    }
    j.endArray();
    if (plan.skippedCount() > 0) {
      j.beginObject("skipped");
      plan.forEachSkip((d, reason) -> j.string(d.id(), reason.label()));
      j.endObject();
    }
  }
}
