package dev.shepherd.observe;

import dev.shepherd.pipeline.Exchange;
import dev.shepherd.pipeline.ExchangeListener;
import dev.shepherd.pipeline.ShadowListener;
import dev.shepherd.pipeline.Usage;
import dev.shepherd.provider.ShadowResult;
import dev.shepherd.routing.Deployment;
import dev.shepherd.routing.Plan;

/**
 * Writes one JSON line per exchange ({@link JsonLine}) to a {@link LineSink} (batched on a virtual
 * thread, so nothing waits on I/O). In the gateway it runs behind the {@link ObserverQueue}, off
 * the event loop. Never logs keys, bodies or upstream secrets: only ids, the key's id, account,
 * model, deployment, status, timings, usage and cost.
 *
 * <p>A metered request's line is written when its credit is settled ({@link #onSettled}, right
 * after the end, or a little later when its completion is counted off the event loop), so that it
 * carries the tokens and cost charged; any other request's line is written at its end.
 */
public final class AccessLog implements ExchangeListener, ShadowListener {
  private final LineSink sink;

  public AccessLog(LineSink sink) {
    this.sink = sink;
  }

  @Override
  public void onEnd(Exchange ex) {
    if (ex.creditHold() == null) {
      sink.add(line(ex, null));
    }
  }

  @Override
  public void onSettled(Exchange ex, dev.shepherd.store.UsageRecord charged) {
    sink.add(line(ex, charged));
  }

  private static String line(Exchange ex, dev.shepherd.store.UsageRecord charged) {
    long start = ex.startNanos();
    JsonLine j = new JsonLine(768)
        .string("request_id", ex.requestId())
        .string("endpoint", ex.endpoint().path())
        .number("status", ex.response().getStatusCode())
        .string("outcome", ex.outcome().name());
    if (ex.key() != null) {
      j.string("key_id", ex.key().id());
      if (ex.key().accountId() != null) {
        j.string("account_id", ex.key().accountId());
      }
    }
    if (ex.parsed() != null) {
      j.string("model", ex.parsed().model()).bool("stream", ex.parsed().stream());
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
      if (ex.parsed() != null && ex.parsed().stream()) {
        j.millis("ttft_ms", ttfb);
      }
    }
    if (plan != null && plan.attemptCount() > 0) {
      j.millis("upstream_ms", ex.upstreamNanos());
    }
    return j.millis("duration_ms", ex.endNanos() - start).close();
  }

  /** One line per shadow copy, tied to its primary by {@code shadow_of}. */
  @Override
  public void onShadow(Exchange primary, Deployment shadow, ShadowResult r) {
    JsonLine j = new JsonLine(200).string("shadow_of", primary.requestId()).string("deployment", shadow.id())
        .number("status", r.status()).number("duration_ms", r.millis());
    if (r.usage().reported()) {
      j.number("prompt_tokens", r.usage().promptTokens()).number("completion_tokens", r.usage().completionTokens());
    }
    if (r.error() != null) {
      j.string("error", r.error());
    }
    sink.add(j.close());
  }

  private static void attempts(JsonLine j, Plan plan) {
    StringBuilder sb = j.nested("attempts").append('[');
    for (int i = 0; i < plan.attemptCount(); i++) {
      Plan.Attempt a = plan.attempt(i);
      sb.append(i == 0 ? "{\"deployment\":" : ",{\"deployment\":");
      JsonLine.quote(sb, a.deployment().id());
      sb.append(",\"result\":");
      JsonLine.quote(sb, a.result());
      sb.append(",\"ms\":").append(a.millis()).append('}');
    }
    sb.append(']');
    if (plan.skippedCount() > 0) {
      StringBuilder skipped = j.nested("skipped").append('{');
      int open = skipped.length();
      plan.forEachSkip((d, reason) -> {
        skipped.append(skipped.length() == open ? "" : ",");
        JsonLine.quote(skipped, d.id());
        skipped.append(":\"").append(reason.label()).append('"');
      });
      skipped.append('}');
    }
  }
}
