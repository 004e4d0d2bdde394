package dev.shepherd.server;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shepherd.api.ApiException;
import dev.shepherd.api.ErrorBodies;
import dev.shepherd.api.ErrorKind;
import dev.shepherd.billing.Micros;
import dev.shepherd.config.SloConfig;
import dev.shepherd.config.SloWindow;
import dev.shepherd.observe.slo.SloEvaluator;
import dev.shepherd.observe.slo.WindowStats;
import dev.shepherd.pipeline.Blocking;
import dev.shepherd.store.LatencyHistogram;
import dev.shepherd.store.RequestLogStore;
import io.vertx.core.http.HttpServerRequest;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * {@code GET /admin/v1/slo?window=1h|24h|7d} (default {@code 1h}): per model over the window —
 * requests, errors and error rate, p50/p95/p99 of latency, TTFT and gateway overhead, tokens and
 * cost — computed from the hourly rollups only ({@link WindowStats}), and every configured
 * objective with its current verdict per model. Percentiles are within
 * {@link LatencyHistogram#RELATIVE_ERROR} (given as {@code percentile_error}).
 */
final class SloApi {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  private final RequestLogStore store;
  private final SloEvaluator evaluator;
  private final Clock clock;

  SloApi(RequestLogStore store, SloEvaluator evaluator, Clock clock) {
    this.store = store;
    this.evaluator = evaluator;
    this.clock = clock;
  }

  void report(HttpServerRequest req) {
    for (String name : req.params().names()) {
      if (!name.equals("window")) {
        ErrorBodies.send(req.response(), new ApiException(ErrorKind.INVALID_VALUE,
            name + ": unknown parameter (expected: window)", name));
        return;
      }
    }
    String w = req.params().get("window");
    SloWindow window = w == null ? SloWindow.H1 : SloWindow.parse(w);
    if (window == null || req.params().getAll("window").size() > 1) {
      ErrorBodies.send(req.response(), new ApiException(ErrorKind.INVALID_VALUE,
          "window: " + w + " (expected: " + SloWindow.names() + ")", "window"));
      return;
    }
    long now = clock.millis();
    Blocking.call(io.vertx.core.Vertx.currentContext(), () -> WindowStats.of(store, window, now))
        .onSuccess(stats -> RequestsApi.json(req, render(window, now, stats)))
        .onFailure(e -> RequestsApi.internal(req, e));
  }

  private ObjectNode render(SloWindow window, long now, List<WindowStats> stats) {
    ObjectNode out = JSON.objectNode().put("object", "slo_report").put("window", window.id())
        .put("from", Instant.ofEpochMilli(now - window.millis()).toString()).put("to", Instant.ofEpochMilli(now).toString())
        .put("percentile_error", LatencyHistogram.RELATIVE_ERROR);
    ArrayNode models = out.putArray("models");
    for (WindowStats s : stats) {
      ObjectNode m = models.addObject().put("model", s.model()).put("requests", Math.round(s.requests()))
          .put("errors", Math.round(s.errors())).put("error_rate", round(s.errorRate()));
      m.set("latency_ms", percentiles(s.series("latency")));
      m.set("ttft_ms", percentiles(s.series("ttft")));
      m.set("overhead_ms", percentiles(s.series("overhead")));
      m.put("prompt_tokens", Math.round(s.promptTokens())).put("completion_tokens", Math.round(s.completionTokens()))
          .put("cost", Micros.format(Math.round(s.costMicros())));
    }
    ArrayNode objectives = out.putArray("objectives");
    SloConfig config = evaluator.config();
    List<SloEvaluator.Status> status = evaluator.status();
    for (int i = 0; i < config.objectives().size(); i++) {
      SloConfig.Objective o = config.objectives().get(i);
      ObjectNode on = objectives.addObject().put("index", i).put("model", o.model()).put("metric", o.metric().id())
          .put("threshold", o.threshold()).put("window", o.window().id()).put("min_requests", o.minRequests());
      ArrayNode verdicts = on.putArray("verdicts");
      for (SloEvaluator.Status st : status) {
        if (st.objective() == i) {
          verdicts.addObject().put("model", st.model()).put("value", round(st.value())).put("breached", st.breached())
              .put("since", st.since().toString()).put("checked_at", st.checkedAt().toString());
        }
      }
    }
    return out;
  }

  /** {@code {"p50","p95","p99"}} in milliseconds, or null when nothing was measured. */
  private static ObjectNode percentiles(LatencyHistogram h) {
    if (h.isEmpty()) {
      return null;
    }
    return JSON.objectNode().put("p50", round(h.quantileMillis(0.50))).put("p95", round(h.quantileMillis(0.95)))
        .put("p99", round(h.quantileMillis(0.99)));
  }

  private static double round(double v) {
    return Double.isFinite(v) ? Math.round(v * 1_000_000) / 1_000_000.0 : v;
  }
}
