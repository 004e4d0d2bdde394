package dev.shepherd.observe;

import dev.shepherd.pipeline.Exchange;
import dev.shepherd.pipeline.ExchangeListener;
import dev.shepherd.pipeline.Usage;

/**
 * Writes one JSON line per exchange to a {@link LineSink} (batched on a virtual thread, so the
 * event loop never waits on I/O). Never logs keys, bodies or upstream secrets: only ids, the
 * key's id, model, deployment, status, timings and usage.
 */
public final class AccessLog implements ExchangeListener {
  private final LineSink sink;

  public AccessLog(LineSink sink) {
    this.sink = sink;
  }

  @Override
  public void onEnd(Exchange ex) {
    long now = System.nanoTime();
    StringBuilder sb = new StringBuilder(320);
    sb.append("{\"request_id\":\"").append(ex.requestId())
        .append("\",\"endpoint\":\"").append(ex.endpoint().path())
        .append("\",\"status\":").append(ex.response().getStatusCode())
        .append(",\"outcome\":\"").append(ex.outcome()).append('"');
    if (ex.key() != null) {
      sb.append(",\"key_id\":\"").append(ex.key().id()).append('"');
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
    }
    Usage u = ex.usage();
    if (u.reported()) {
      sb.append(",\"prompt_tokens\":").append(u.promptTokens())
          .append(",\"completion_tokens\":").append(u.completionTokens());
    }
    if (ex.error() != null) {
      sb.append(",\"error\":\"").append(ex.error().code()).append("\",\"error_detail\":");
      quote(sb, String.valueOf(ex.errorDetail()));
    }
    if (ex.firstByteNanos() > 0) {
      sb.append(",\"ttfb_ms\":").append((ex.firstByteNanos() - ex.startNanos()) / 1_000_000.0);
    }
    sb.append(",\"duration_ms\":").append((now - ex.startNanos()) / 1_000_000.0).append('}');
    sink.add(sb.toString());
  }

  private static void quote(StringBuilder sb, String s) {
    sb.append('"');
    com.fasterxml.jackson.core.io.JsonStringEncoder.getInstance().quoteAsString(s, sb);
    sb.append('"');
  }
}
