package dev.shepherd.pipeline;

import dev.shepherd.api.ApiException;
import dev.shepherd.api.ErrorKind;
import dev.shepherd.routing.Deployment;
import io.vertx.core.Future;
import java.util.random.RandomGenerator;

/**
 * Chooses the deployment: the lowest priority tier with an available deployment, then a
 * weighted random pick inside it. (Failover plans, breakers and stickiness: routing issue.)
 */
final class Route implements Stage {
  private final RandomGenerator random;

  Route(RandomGenerator random) {
    this.random = random;
  }

  @Override
  public String name() {
    return "route";
  }

  @Override
  public Future<Void> apply(Exchange ex) {
    Deployment d = ex.model().pick(random);
    if (d == null) {
      throw new ApiException(ErrorKind.MODEL_UNAVAILABLE,
          "No deployment of '" + ex.model().id() + "' is available.", "model");
    }
    ex.deployment(d);
    return Future.succeededFuture();
  }
}
