package dev.shepherd.pipeline;

import dev.shepherd.config.Sticky;
import dev.shepherd.routing.ModelEntry;
import dev.shepherd.routing.Plan;
import dev.shepherd.routing.RoutingState;
import io.vertx.core.Future;
import java.util.random.RandomGenerator;

/**
 * Plans the request: which deployments may serve it, in what order (priority tiers, then weight,
 * or sticky by caller), and why the others are skipped. In memory; no I/O.
 */
final class Route implements Stage {
  private final RoutingState routing;
  private final RandomGenerator random;

  Route(RoutingState routing, RandomGenerator random) {
    this.routing = routing;
    this.random = random;
  }

  @Override
  public String name() {
    return "route";
  }

  @Override
  public Future<Void> apply(Exchange ex) {
    ModelEntry model = ex.model();
    long required = ex.promptTokens() + Math.max(0, ex.maxTokens());
    ex.plan(Plan.build(model, ex.endpoint(), required, stickyKey(model.sticky(), ex), routing.now(), random));
    return Future.succeededFuture();
  }

  private static String stickyKey(Sticky sticky, Exchange ex) {
    return switch (sticky) {
      case NONE -> null;
      case KEY -> ex.key().id();
      case USER -> ex.parsed().user() != null ? "user:" + ex.parsed().user() : ex.key().id();
    };
  }
}
