package dev.shepherd.pipeline;

import dev.shepherd.routing.Deployment;
import dev.shepherd.routing.RoutingState;
import io.vertx.core.Future;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Sends the request along its plan (failing over before the first byte), copies it to shadow
 * deployments, and relays the answer; the exchange ends when the answer does.
 */
final class CallUpstream implements Stage {
  /** Request header asking for the routing decision in the response. */
  static final String TRACE_REQUEST_HEADER = "x-shepherd-route-trace";

  private final RoutingState routing;
  private final RandomGenerator random;
  private final List<ShadowListener> shadowListeners;

  CallUpstream(RoutingState routing, RandomGenerator random, List<ShadowListener> shadowListeners) {
    this.routing = routing;
    this.random = random;
    this.shadowListeners = List.copyOf(shadowListeners);
  }

  @Override
  public String name() {
    return "call-upstream";
  }

  @Override
  public Future<Void> apply(Exchange ex) {
    if (ex.generation().config().routing().traceHeader() && "1".equals(ex.request().getHeader(TRACE_REQUEST_HEADER))) {
      ex.response().headersEndHandler(v -> ex.response().putHeader(TRACE_REQUEST_HEADER, ex.plan().trace()));
    }
    for (Deployment shadow : ex.model().shadows()) {
      if (random.nextInt(100) < shadow.shadowPercent()) {
        copyToShadow(ex, shadow);
      }
    }
    new Failover(ex, routing).start();
    return Future.succeededFuture();
  }

  private void copyToShadow(Exchange ex, Deployment shadow) {
    if (!shadow.health().startShadow()) {
      return; // MAX_SHADOWS_IN_FLIGHT copies already wait on this deployment: a slow shadow must not pile up
    }
    ex.generation().upstreams().get(shadow.provider()).shadow(ex, shadow, result -> {
      shadow.health().endShadow();
      shadow.health().count(!result.ok(), result.millis(), result.usage().promptTokens(),
          result.usage().completionTokens());
      for (ShadowListener l : shadowListeners) {
        try {
          l.onShadow(ex, shadow, result);
        } catch (RuntimeException e) {
          org.slf4j.LoggerFactory.getLogger(CallUpstream.class).error("shadow listener {} failed", l, e);
        }
      }
    });
  }
}
