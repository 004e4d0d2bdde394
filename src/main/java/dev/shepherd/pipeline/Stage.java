package dev.shepherd.pipeline;

import io.vertx.core.Future;

/**
 * One step of the request pipeline (see {@link Pipeline#standard}).
 *
 * <p>Stages run in list order on the exchange's event loop. A stage must never block: in-memory
 * work returns {@code Future.succeededFuture()} (the pipeline then continues without
 * rescheduling); slow work (store, big tokenizations) runs on a virtual thread and returns a
 * future completed back on the event loop. To reject the request, throw or fail with an
 * {@link dev.shepherd.api.ApiException}; the pipeline sends the error and ends the exchange.
 * The last stage owns the response and must end the exchange itself.
 */
public interface Stage {

  /** Short name for traces and logs. */
  String name();

  Future<Void> apply(Exchange exchange);
}
