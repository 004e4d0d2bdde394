package dev.shepherd.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shepherd.api.ApiException;
import dev.shepherd.api.ErrorBodies;
import dev.shepherd.api.ErrorKind;
import dev.shepherd.config.ConfigException;
import dev.shepherd.pipeline.Blocking;
import dev.shepherd.pipeline.Generation;
import dev.shepherd.routing.Breaker;
import dev.shepherd.routing.Deployment;
import dev.shepherd.routing.Health;
import dev.shepherd.routing.ModelEntry;
import dev.shepherd.routing.RoutingState;
import io.vertx.core.Context;
import io.vertx.core.http.HttpServerRequest;
import java.util.List;

/**
 * {@code GET /admin/v1/routing}: every model's deployments with weights, share of their tier,
 * breaker state, cooldown and running totals, plus the retry budget. {@code POST
 * /admin/v1/reload}: re-reads the config file and swaps it in, or answers 400 with every problem
 * and keeps serving the old one.
 */
final class RoutingApi {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final LiveConfig live;
  private final RoutingState routing;

  RoutingApi(LiveConfig live, RoutingState routing) {
    this.live = live;
    this.routing = routing;
  }

  LiveConfig live() {
    return live;
  }

  void view(HttpServerRequest req) {
    long now = routing.now();
    Generation g = live.current();
    ObjectNode root = JSON.createObjectNode().put("object", "routing")
        .put("config_version", g.version())
        .put("loaded_at", g.loadedAtMillis() / 1000);
    long[] budget = routing.retryBudget().windowCounts(now);
    root.putObject("retry_budget")
        .put("requests_10s", budget[0])
        .put("retries_10s", budget[1])
        .put("retries_left", routing.retryBudget().remaining(now))
        .put("ratio", g.config().routing().retryBudgetRatio())
        .put("max_attempts", g.config().routing().maxAttempts());
    ArrayNode models = root.putArray("models");
    for (ModelEntry m : g.catalog().all()) {
      ObjectNode mo = models.addObject().put("id", m.id()).put("sticky", m.sticky().name().toLowerCase());
      ArrayNode ds = mo.putArray("deployments");
      for (Deployment d : m.deployments()) {
        ds.add(deployment(d, tierShare(d, m.deployments()), now));
      }
      for (Deployment d : m.shadows()) {
        ds.add(deployment(d, 0, now).put("shadow_percent", d.shadowPercent())
            .put("shadows_skipped", d.health().shadowsSkipped()));
      }
    }
    req.response().putHeader("content-type", "application/json").end(root.toString());
  }

  void reset(HttpServerRequest req) {
    routing.health().reset();
    view(req);
  }

  void reload(HttpServerRequest req) {
    Context ctx = io.vertx.core.Vertx.currentContext();
    Blocking.call(ctx, live::reload).onSuccess(r -> {
      ObjectNode out = JSON.createObjectNode().put("object", "config.reload").put("status", "reloaded")
          .put("config_version", r.version()).put("routing_changed", r.routingChanged());
      changes(out.putObject("providers"), r.providers());
      changes(out.putObject("models"), r.models());
      ArrayNode restart = out.putArray("needs_restart");
      r.needRestart().forEach(restart::add);
      req.response().putHeader("content-type", "application/json").end(out.toString());
    }).onFailure(e -> {
      if (e instanceof ConfigException ce) {
        ErrorBodies.send(req.response(), new ApiException(ErrorKind.CONFIG_INVALID,
            "The config was rejected; still serving version " + live.current().version() + ". "
                + String.join("; ", ce.problems()), "config"));
      } else {
        org.slf4j.LoggerFactory.getLogger(RoutingApi.class).error("reload failed", e);
        ErrorBodies.send(req.response(), new ApiException(ErrorKind.INTERNAL, "Reload failed; see the server log."));
      }
    });
  }

  private static void changes(ObjectNode n, LiveConfig.Changes c) {
    c.added().forEach(n.putArray("added")::add);
    c.changed().forEach(n.putArray("changed")::add);
    c.removed().forEach(n.putArray("removed")::add);
  }

  private static double tierShare(Deployment d, List<Deployment> all) {
    long total = all.stream().filter(o -> o.priority() == d.priority() && o.available()).mapToLong(Deployment::weight).sum();
    return total == 0 || !d.available() ? 0 : (double) d.weight() / total;
  }

  private static ObjectNode deployment(Deployment d, double share, long now) {
    Health h = d.health();
    Breaker b = h.breaker();
    long[] window = b.windowCounts(now);
    long[] totals = h.totals();
    ObjectNode n = JSON.createObjectNode()
        .put("id", d.id()).put("provider", d.provider()).put("model", d.upstreamModel())
        .put("priority", d.priority()).put("weight", d.weight()).put("tier_share", Math.round(share * 10_000) / 10_000.0)
        .put("shadow", d.shadow()).put("available", d.available()).put("context_window", d.contextWindow())
        .put("cooldown_ms", h.coolingFor(now));
    ObjectNode br = n.putObject("breaker").put("state", b.state().name().toLowerCase())
        .put("window_attempts", window[0]).put("window_failures", window[1]);
    if (b.state() == Breaker.State.OPEN) {
      br.put("probe_in_ms", Math.max(0, b.openUntil() - now));
    }
    n.putObject("totals").put("attempts", totals[0]).put("failures", totals[1])
        .put("avg_latency_ms", totals[0] == 0 ? 0 : totals[2] / totals[0])
        .put("prompt_tokens", totals[3]).put("completion_tokens", totals[4]);
    return n;
  }
}
