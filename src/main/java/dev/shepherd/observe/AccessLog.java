package dev.shepherd.observe;

import dev.shepherd.pipeline.Exchange;
import dev.shepherd.pipeline.ExchangeListener;
import dev.shepherd.pipeline.ShadowListener;
import dev.shepherd.pipeline.Usage;
import dev.shepherd.provider.ShadowResult;
import dev.shepherd.routing.Deployment;
import dev.shepherd.routing.Plan;

/**
 * Writes one JSON line per exchange to a {@link LineSink} (batched on a virtual thread, so the
 * event loop never waits on I/O). Never logs keys, bodies or upstream secrets: only ids, the
 * key's id, account, model, deployment, status, timings, usage and cost.
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
    long end = ex.endNanos();
    StringBuilder sb = new StringBuilder(400);
    sb.append("{\"request_id\":\"").append(ex.requestId())
        .append("\",\"endpoint\":\"").append(ex.endpoint().path())
        .append("\",\"status\":").append(ex.response().getStatusCode())
        .append(",\"outcome\":\"").append(ex.outcome()).append('"');
    if (ex.key() != null) {
      sb.append(",\"key_id\":\"").append(ex.key().id()).append('"');
      if (ex.key().accountId() != null) {
        sb.append(",\"account_id\":");
        quote(sb, ex.key().accountId());
      }
    }
    if (ex.parsed() != null) {
      sb.append(",\"model\":");
      quote(sb, ex.parsed().model());
      sb.append(",\"stream\":").append(ex.parsed().stream());
    }
    if (ex.deployment() != null) {
      sb.append(",\"provider\":");
      quote(sb, ex.deployment().provider());
      sb.append(",\"upstream_model\":");
      quote(sb, ex.deployment().upstreamModel());
      sb.append(",\"deployment\":");
      quote(sb, ex.deployment().id());
    }
    Plan plan = ex.plan();
    if (plan != null) {
      sb.append(",\"attempt_count\":").append(plan.attemptCount());
      attempts(sb, plan);
    }
    Usage u = ex.usage();
    if (charged != null) {
      sb.append(",\"prompt_tokens\":").append(charged.promptTokens())
          .append(",\"cached_tokens\":").append(charged.cachedTokens())
          .append(",\"completion_tokens\":").append(charged.completionTokens())
          .append(",\"usage_source\":\"").append(charged.usageSource())
          .append("\",\"cost_usd\":").append(java.math.BigDecimal.valueOf(charged.costMicros(), 6).toPlainString());
    } else if (u.reported()) {
      sb.append(",\"prompt_tokens\":").append(u.promptTokens())
          .append(",\"cached_tokens\":").append(u.cachedPromptTokens())
          .append(",\"completion_tokens\":").append(u.completionTokens())
          .append(",\"usage_source\":\"upstream\"");
    }
    String errorClass = Labels.errorClass(ex);
    if (!errorClass.equals(Labels.NONE)) {
      sb.append(",\"error_class\":\"").append(errorClass).append('"');
    }
    if (ex.error() != null) {
      sb.append(",\"error\":\"").append(ex.error().code()).append("\",\"error_detail\":");
      quote(sb, String.valueOf(ex.errorDetail()));
    }
    if (ex.firstByteNanos() > 0) {
      double ttfb = (ex.firstByteNanos() - ex.startNanos()) / 1_000_000.0;
      sb.append(",\"ttfb_ms\":").append(ttfb);
      if (ex.parsed() != null && ex.parsed().stream()) {
        sb.append(",\"ttft_ms\":").append(ttfb);
      }
    }
    if (ex.plan() != null && ex.plan().attemptCount() > 0) {
      sb.append(",\"upstream_ms\":").append(ex.upstreamNanos() / 1_000_000.0);
    }
    sb.append(",\"duration_ms\":").append((end - ex.startNanos()) / 1_000_000.0).append('}');
    return sb.toString();
  }

  /** One line per shadow copy, tied to its primary by {@code shadow_of}. */
  @Override
  public void onShadow(Exchange primary, Deployment shadow, ShadowResult r) {
    StringBuilder sb = new StringBuilder(200);
    sb.append("{\"shadow_of\":\"").append(primary.requestId()).append("\",\"deployment\":");
    quote(sb, shadow.id());
    sb.append(",\"status\":").append(r.status()).append(",\"duration_ms\":").append(r.millis());
    if (r.usage().reported()) {
      sb.append(",\"prompt_tokens\":").append(r.usage().promptTokens())
          .append(",\"completion_tokens\":").append(r.usage().completionTokens());
    }
    if (r.error() != null) {
      sb.append(",\"error\":\"").append(r.error()).append('"');
    }
    sink.add(sb.append('}').toString());
  }

  private static void attempts(StringBuilder sb, Plan plan) {
    sb.append(",\"attempts\":[");
    for (int i = 0; i < plan.attemptCount(); i++) {
      Plan.Attempt a = plan.attempt(i);
      sb.append(i == 0 ? "{" : ",{").append("\"deployment\":");
      quote(sb, a.deployment().id());
      sb.append(",\"result\":\"").append(a.result()).append("\",\"ms\":").append(a.millis()).append('}');
    }
    sb.append(']');
    StringBuilder skipped = new StringBuilder();
    plan.forEachSkip((d, reason) -> {
      skipped.append(skipped.isEmpty() ? "" : ",");
      quote(skipped, d.id());
      skipped.append(":\"").append(reason.label()).append('"');
    });
    if (!skipped.isEmpty()) {
      sb.append(",\"skipped\":{").append(skipped).append('}');
    }
  }

  private static void quote(StringBuilder sb, String s) {
    sb.append('"');
    com.fasterxml.jackson.core.io.JsonStringEncoder.getInstance().quoteAsString(s, sb);
    sb.append('"');
  }
}
