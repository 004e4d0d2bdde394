package dev.shepherd.server;

import dev.shepherd.api.ApiException;
import dev.shepherd.api.ErrorBodies;
import dev.shepherd.api.ErrorFormat;
import dev.shepherd.api.ErrorKind;
import dev.shepherd.api.openai.Endpoint;
import dev.shepherd.inbound.ClientProtocol;
import dev.shepherd.auth.KeyCache;
import dev.shepherd.pipeline.Exchange;
import dev.shepherd.pipeline.ExchangeListener;
import dev.shepherd.pipeline.Pipeline;
import dev.shepherd.store.KeyRecord;
import dev.shepherd.store.RequestIds;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import java.util.List;

/**
 * Maps paths to handlers. Inference endpoints go through the {@link Pipeline} — the OpenAI ones
 * and the Anthropic Messages API ({@code /v1/messages}, run as a chat request); everything else is
 * a thin handler. Every response carries {@code x-request-id}; any failure becomes an error in the
 * protocol of the path (Anthropic-shaped under {@code /v1/messages}, OpenAI-shaped elsewhere) and
 * the server keeps serving.
 */
final class HttpRouter implements Handler<HttpServerRequest> {
  private final Pipeline pipeline;
  private final LiveConfig live;
  private final List<ExchangeListener> listeners;
  private final KeyCache keys;
  private final ModelsApi models;
  private final AdminApi admin;
  private final AccountSelfApi account;
  private final RedeemApi redeem;
  private final long maxBody;
  private final RequestIds ids;
  private final ConsoleAssets console = ConsoleAssets.load();
  private volatile boolean ready;
  private volatile String metricsPath;
  private volatile Handler<HttpServerRequest> metrics;

  HttpRouter(Pipeline pipeline, LiveConfig live, List<ExchangeListener> listeners, KeyCache keys, ModelsApi models,
      AdminApi admin, AccountSelfApi account, RedeemApi redeem, long maxBody, RequestIds ids) {
    this.account = account;
    this.ids = ids;
    this.redeem = redeem;
    this.pipeline = pipeline;
    this.live = live;
    this.listeners = List.copyOf(listeners);
    this.keys = keys;
    this.models = models;
    this.admin = admin;
    this.maxBody = maxBody;
  }

  void ready(boolean ready) {
    this.ready = ready;
  }

  /** Serves {@code handler} at {@code path} (Prometheus metrics); {@code null} path: not served. */
  void metrics(String path, Handler<HttpServerRequest> handler) {
    this.metrics = handler;
    this.metricsPath = path;
  }

  @Override
  public void handle(HttpServerRequest req) {
    long start = System.nanoTime();
    String requestId = ids.next();
    req.response().putHeader("x-request-id", requestId);
    try {
      route(req, req.path(), requestId, start);
    } catch (RuntimeException e) {
      ApiException api = ApiException.of(e);
      if (api.kind() == ErrorKind.INTERNAL) {
        org.slf4j.LoggerFactory.getLogger(HttpRouter.class).error("request {} failed", requestId, e);
      }
      ErrorBodies.send(req.response(), api, errorsOf(req.path()));
    }
  }

  /** Anthropic Messages paths answer errors in Anthropic's shape; all others in OpenAI's. */
  private static ErrorFormat errorsOf(String path) {
    return path.startsWith("/v1/messages") || path.startsWith("/messages")
        ? ClientProtocol.ANTHROPIC.errors() : ErrorFormat.OPENAI;
  }

  private void route(HttpServerRequest req, String path, String requestId, long start) {
    switch (path) {
      case "/v1/chat/completions", "/chat/completions" -> inference(req, Endpoint.CHAT, requestId, start);
      case "/v1/completions", "/completions" -> inference(req, Endpoint.COMPLETIONS, requestId, start);
      case "/v1/embeddings", "/embeddings" -> inference(req, Endpoint.EMBEDDINGS, requestId, start);
      case "/v1/messages", "/messages" -> inference(req, Endpoint.CHAT, ClientProtocol.ANTHROPIC, requestId, start);
      case "/v1/messages/count_tokens", "/messages/count_tokens" -> {
        requireMethod(req, HttpMethod.POST);
        KeyRecord key = authenticate(req);
        dev.shepherd.pipeline.Generation g = live.current();
        ErrorFormat errors = ClientProtocol.ANTHROPIC.errors();
        BodyReader.read(req, maxBody, body -> CountTokensApi.handle(req, key, g, body),
            e -> ErrorBodies.send(req.response(), e, errors));
      }
      case "/v1/tokenize", "/tokenize" -> {
        requireMethod(req, HttpMethod.POST);
        KeyRecord key = authenticate(req);
        dev.shepherd.pipeline.Generation g = live.current();
        BodyReader.read(req, maxBody, body -> {
          try {
            TokenizeApi.handle(req, key, g, body);
          } catch (RuntimeException e) {
            ErrorBodies.send(req.response(), ApiException.of(e));
          }
        }, e -> ErrorBodies.send(req.response(), e));
      }
      case "/v1/account", "/account" -> {
        requireMethod(req, HttpMethod.GET);
        account.get(req, authenticate(req));
      }
      case "/v1/account/redeem", "/account/redeem" -> {
        requireMethod(req, HttpMethod.POST);
        KeyRecord key = authenticate(req);
        BodyReader.read(req, maxBody, body -> redeem.redeem(req, key, body), e -> ErrorBodies.send(req.response(), e));
      }
      case "/v1/models", "/models" -> {
        requireMethod(req, HttpMethod.GET);
        models.list(authenticate(req), req.response());
      }
      case "/healthz" -> req.response().putHeader("content-type", "application/json").end("{\"status\":\"ok\"}");
      case "/readyz" -> req.response().setStatusCode(ready ? 200 : 503)
          .putHeader("content-type", "application/json")
          .end(ready ? "{\"status\":\"ready\"}" : "{\"status\":\"starting\"}");
      default -> {
        if (path.startsWith("/v1/models/")) {
          requireMethod(req, HttpMethod.GET);
          models.get(authenticate(req), path.substring("/v1/models/".length()), req.response());
        } else if (path.startsWith("/admin/v1/")) {
          admin.handle(req, path, maxBody);
        } else if (path.equals("/ui") || path.startsWith("/ui/")) {
          console.handle(req, path);
        } else if (path.equals(metricsPath)) {
          metrics.handle(req);
        } else {
          throw new ApiException(ErrorKind.NOT_FOUND, "Unknown request URL: " + req.method() + " " + path
              + ". Shepherd serves the OpenAI API and the Anthropic Messages API under /v1.");
        }
      }
    }
  }

  private void inference(HttpServerRequest req, Endpoint endpoint, String requestId, long start) {
    inference(req, endpoint, ClientProtocol.OPENAI, requestId, start);
  }

  private void inference(HttpServerRequest req, Endpoint endpoint, ClientProtocol client, String requestId, long start) {
    requireMethod(req, HttpMethod.POST);
    BodyReader.read(req, maxBody,
        body -> pipeline.run(new Exchange(requestId, req, endpoint, client, body, start, listeners, live.current())),
        e -> ErrorBodies.send(req.response(), e, client.errors()));
  }

  private KeyRecord authenticate(HttpServerRequest req) {
    return keys.authenticate(req.getHeader("authorization"), req.getHeader("x-api-key"));
  }

  private static void requireMethod(HttpServerRequest req, HttpMethod method) {
    if (req.method() != method) {
      req.response().putHeader("allow", method.name());
      throw new ApiException(ErrorKind.METHOD_NOT_ALLOWED,
          "Method " + req.method() + " not allowed on " + req.path() + " (expected: " + method + ")");
    }
  }
}
