package dev.shepherd.observe;

import dev.shepherd.api.ApiException;
import dev.shepherd.api.ErrorBodies;
import dev.shepherd.api.ErrorKind;
import dev.shepherd.auth.AdminAuth;
import dev.shepherd.auth.Credentials;
import dev.shepherd.pipeline.Blocking;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;

/**
 * {@code GET /metrics} (the path is configurable): the Prometheus text exposition. Rendering runs
 * on a virtual thread, never on the event loop. With {@code require_admin_key} the request must
 * present the admin key ({@code Authorization: Bearer} or {@code x-api-key}); otherwise, like
 * {@code /healthz}, it is open to whoever reaches the port.
 */
public final class MetricsEndpoint implements Handler<HttpServerRequest> {
  /** Prometheus text format 0.0.4. */
  static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
  private final Metrics metrics;
  private final AdminAuth admin;

  /** @param admin the admin key to require, or {@code null} for none */
  public MetricsEndpoint(Metrics metrics, AdminAuth admin) {
    this.metrics = metrics;
    this.admin = admin;
  }

  @Override
  public void handle(HttpServerRequest req) {
    if (req.method() != HttpMethod.GET && req.method() != HttpMethod.HEAD) {
      req.response().putHeader("allow", "GET");
      ErrorBodies.send(req.response(), new ApiException(ErrorKind.METHOD_NOT_ALLOWED,
          "Method " + req.method() + " not allowed on " + req.path() + " (expected: GET)"));
      return;
    }
    if (admin != null && !admin.accepts(Credentials.presented(req.getHeader("authorization"),
        req.getHeader("x-api-key")))) {
      ErrorBodies.send(req.response(), new ApiException(ErrorKind.INVALID_API_KEY, "Admin key required."));
      return;
    }
    Blocking.call(io.vertx.core.Vertx.currentContext(), metrics::scrape).onComplete(ar -> {
      if (ar.succeeded()) {
        req.response().putHeader("content-type", CONTENT_TYPE).end(ar.result());
      } else {
        org.slf4j.LoggerFactory.getLogger(MetricsEndpoint.class).error("metrics scrape failed", ar.cause());
        ErrorBodies.send(req.response(), ApiException.of(ar.cause()));
      }
    });
  }
}
