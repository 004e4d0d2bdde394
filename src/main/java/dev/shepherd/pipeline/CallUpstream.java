package dev.shepherd.pipeline;

import dev.shepherd.provider.Upstreams;
import io.vertx.core.Future;

/** Sends the request to the chosen deployment and relays the answer; ends the exchange. */
final class CallUpstream implements Stage {
  private final Upstreams upstreams;

  CallUpstream(Upstreams upstreams) {
    this.upstreams = upstreams;
  }

  @Override
  public String name() {
    return "call-upstream";
  }

  @Override
  public Future<Void> apply(Exchange ex) {
    upstreams.get(ex.deployment().provider()).call(ex);
    return Future.succeededFuture();
  }
}
