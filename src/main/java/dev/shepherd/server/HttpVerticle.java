package dev.shepherd.server;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServerOptions;
import java.util.concurrent.atomic.AtomicInteger;

/** One HTTP server on this verticle's event loop; deployed once per event loop. */
final class HttpVerticle extends VerticleBase {
  private final HttpServerOptions options;
  private final HttpRouter router;
  private final AtomicInteger port;

  HttpVerticle(HttpServerOptions options, HttpRouter router, AtomicInteger port) {
    this.options = options;
    this.router = router;
    this.port = port;
  }

  @Override
  public Future<?> start() {
    return vertx.createHttpServer(new HttpServerOptions(options)).requestHandler(router).listen()
        .onSuccess(s -> port.set(s.actualPort()));
  }
}
