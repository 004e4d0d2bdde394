package dev.shepherd.server;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shepherd.api.ApiException;
import dev.shepherd.api.ErrorBodies;
import dev.shepherd.api.ErrorKind;
import dev.shepherd.auth.AdminAuth;
import dev.shepherd.auth.KeyCache;
import dev.shepherd.auth.Credentials;
import dev.shepherd.billing.Micros;
import dev.shepherd.pipeline.Blocking;
import dev.shepherd.routing.Catalog;
import dev.shepherd.store.KeyRecord;
import dev.shepherd.store.KeyStore;
import io.vertx.core.Context;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import java.time.Clock;
import java.util.function.Supplier;

/**
 * The admin API under {@code /admin/v1}, guarded by the admin key. Store work runs on virtual
 * threads. Plaintext keys appear only in the response that creates them.
 */
final class AdminApi {
  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  private final AdminAuth auth;
  private final KeyStore store;
  private final KeyCache cache;
  private final Supplier<Catalog> catalog;
  private final RoutingApi routing;
  private final AccountsApi accounts;
  private final CodesApi codes;
  private final UsageApi usage;
  private final Clock clock;
  private final DeploymentsApi deployments;
  private RequestsApi requests;
  private SloApi slo;

  AdminApi(AdminAuth auth, KeyStore store, KeyCache cache, Supplier<Catalog> catalog, RoutingApi routing,
      AccountsApi accounts, CodesApi codes, UsageApi usage, Clock clock) {
    this.accounts = accounts;
    this.codes = codes;
    this.usage = usage;
    this.auth = auth;
    this.store = store;
    this.cache = cache;
    this.catalog = catalog;
    this.routing = routing;
    this.clock = clock;
    this.deployments = new DeploymentsApi(routing.live());
  }

  /** Adds the request log and SLO endpoints ({@code /admin/v1/requests}, {@code /admin/v1/slo}). */
  AdminApi observe(RequestsApi requests, SloApi slo) {
    this.requests = requests;
    this.slo = slo;
    return this;
  }

  void handle(HttpServerRequest req, String path, long maxBody) {
    String presented = Credentials.presented(req.getHeader("authorization"), req.getHeader("x-api-key"));
    if (!auth.accepts(presented)) {
      ErrorBodies.send(req.response(), new ApiException(ErrorKind.INVALID_API_KEY, "Admin key required."));
      return;
    }
    Context ctx = io.vertx.core.Vertx.currentContext();
    if (path.equals("/admin/v1/keys") && req.method() == HttpMethod.POST) {
      BodyReader.read(req, maxBody, body -> {
        KeyRequests.Create create;
        try {
          create = KeyRequests.parse(JSON, body, catalog.get(), clock);
        } catch (ApiException e) {
          ErrorBodies.send(req.response(), e);
          return;
        }
        Blocking.call(ctx, () -> {
          accounts.requireAccount(create.record().accountId());
          store.insert(create.record());
          return create;
        }).onSuccess(c -> {
          cache.put(c.record());
          ObjectNode out = view(c.record()).put("key", c.plaintext());
          req.response().setStatusCode(201).putHeader("content-type", "application/json").end(out.toString());
        }).onFailure(e -> internal(req, e));
      }, e -> ErrorBodies.send(req.response(), e));
    } else if (path.startsWith("/admin/v1/accounts") && req.method() == HttpMethod.POST) {
      BodyReader.read(req, maxBody, body -> accounts.handle(req, path, body), e -> ErrorBodies.send(req.response(), e));
    } else if (path.equals("/admin/v1/codes") && req.method() == HttpMethod.POST) {
      BodyReader.read(req, maxBody, body -> codes.create(req, body), e -> ErrorBodies.send(req.response(), e));
    } else if (path.startsWith("/admin/v1/accounts") && req.method() == HttpMethod.GET) {
      accounts.handle(req, path, null);
    } else if (path.equals("/admin/v1/usage") && req.method() == HttpMethod.GET) {
      usage.report(req);
    } else if (path.equals("/admin/v1/requests") && req.method() == HttpMethod.GET && requests != null) {
      requests.list(req);
    } else if (path.startsWith("/admin/v1/requests/") && req.method() == HttpMethod.GET && requests != null) {
      requests.get(req, path.substring("/admin/v1/requests/".length()));
    } else if (path.equals("/admin/v1/slo") && req.method() == HttpMethod.GET && slo != null) {
      slo.report(req);
    } else if (path.equals("/admin/v1/routing") && req.method() == HttpMethod.GET) {
      routing.view(req);
    } else if (path.equals("/admin/v1/routing/reset") && req.method() == HttpMethod.POST) {
      routing.reset(req);
    } else if (path.startsWith(DeploymentsApi.PREFIX) && req.method() == HttpMethod.PATCH) {
      BodyReader.read(req, maxBody, body -> deployments.patch(req, path, body), e -> ErrorBodies.send(req.response(), e));
    } else if (path.equals("/admin/v1/reload") && req.method() == HttpMethod.POST) {
      routing.reload(req);
    } else if (path.equals("/admin/v1/keys") && req.method() == HttpMethod.GET) {
      Blocking.call(ctx, store::list).onSuccess(keys -> {
        ObjectNode out = JSON.createObjectNode().put("object", "list");
        ArrayNode data = out.putArray("data");
        keys.forEach(k -> data.add(view(k)));
        req.response().putHeader("content-type", "application/json").end(out.toString());
      }).onFailure(e -> internal(req, e));
    } else if (path.startsWith("/admin/v1/keys/") && req.method() == HttpMethod.DELETE) {
      String id = path.substring("/admin/v1/keys/".length());
      long now = clock.millis();
      Blocking.call(ctx, () -> store.revoke(id, now)).onSuccess(revoked -> {
        if (!revoked) {
          ErrorBodies.send(req.response(), new ApiException(ErrorKind.NOT_FOUND, "No active key with id '" + id + "'."));
          return;
        }
        cache.revoked(id, now);
        req.response().putHeader("content-type", "application/json")
            .end(JSON.createObjectNode().put("id", id).put("object", "api_key").put("revoked", true).toString());
      }).onFailure(e -> internal(req, e));
    } else {
      ErrorBodies.send(req.response(), new ApiException(ErrorKind.NOT_FOUND,
          "Unknown admin endpoint: " + req.method() + " " + path));
    }
  }

  /** The public view of a key: never the hash, never the plaintext. */
  static ObjectNode view(KeyRecord k) {
    ObjectNode n = JSON.createObjectNode()
        .put("id", k.id())
        .put("object", "api_key")
        .put("name", k.name())
        .put("prefix", k.keyPrefix())
        .put("account_id", k.accountId())
        .put("rpm", k.rpm())
        .put("tpm", k.tpm())
        .put("max_parallel", k.maxParallel())
        .put("expires_at", k.expiresAt() == null ? null : k.expiresAt() / 1000)
        .put("created_at", k.createdAt() / 1000)
        .put("revoked_at", k.revokedAt() == null ? null : k.revokedAt() / 1000)
        .put("daily_spend_cap", k.dailySpendCapMicros() == null ? null : Micros.format(k.dailySpendCapMicros()))
        .put("monthly_spend_cap", k.monthlySpendCapMicros() == null ? null : Micros.format(k.monthlySpendCapMicros()));
    if (k.models() == null) {
      n.putNull("models");
    } else {
      ArrayNode m = n.putArray("models");
      k.models().forEach(m::add);
    }
    return n;
  }

  private static void internal(HttpServerRequest req, Throwable e) {
    if (e instanceof ApiException refused) {
      ErrorBodies.send(req.response(), refused);
      return;
    }
    org.slf4j.LoggerFactory.getLogger(AdminApi.class).error("admin request failed", e);
    ErrorBodies.send(req.response(), new ApiException(ErrorKind.INTERNAL, "Internal error; see the server log."));
  }

}
