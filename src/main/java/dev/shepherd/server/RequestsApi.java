package dev.shepherd.server;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shepherd.api.ApiException;
import dev.shepherd.api.ErrorBodies;
import dev.shepherd.api.ErrorKind;
import dev.shepherd.billing.Micros;
import dev.shepherd.pipeline.Blocking;
import dev.shepherd.store.RequestLogStore;
import dev.shepherd.store.RequestQuery;
import dev.shepherd.store.RequestRecord;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpServerRequest;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Set;

/**
 * The request log for the console, from raw rows: {@code GET /admin/v1/requests?status=&model=&key=&before=&limit=}
 * lists requests newest first (without payloads), {@code GET /admin/v1/requests/{id}} shows one with
 * its captured payloads. {@code status}: {@code all} (default), {@code ok}, {@code failed} (error
 * answers and broken streams, with their route traces) or {@code server_error} (the failures SLOs
 * count); {@code model} matches the catalog model or the one asked for; {@code before}: an ISO-8601
 * instant, for the next page ({@code next_before}); {@code limit}: 1..1000, default 50. A bad or
 * unknown parameter is 400 naming it. The store is read on a virtual thread.
 */
final class RequestsApi {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  private static final Set<String> PARAMS = Set.of("status", "model", "key", "before", "limit");
  private final RequestLogStore store;

  RequestsApi(RequestLogStore store) {
    this.store = store;
  }

  /** {@code GET /admin/v1/requests}. */
  void list(HttpServerRequest req) {
    RequestQuery query;
    try {
      query = query(req.params());
    } catch (ApiException e) {
      ErrorBodies.send(req.response(), e);
      return;
    }
    Blocking.call(io.vertx.core.Vertx.currentContext(), () -> store.recent(query)).onSuccess(rows -> {
      ObjectNode out = JSON.objectNode().put("object", "list");
      com.fasterxml.jackson.databind.node.ArrayNode data = out.putArray("data");
      rows.forEach(r -> data.add(view(r)));
      boolean more = rows.size() == query.limit();
      out.put("has_more", more);
      out.put("next_before", more ? Instant.ofEpochMilli(rows.getLast().createdAt()).toString() : null);
      json(req, out);
    }).onFailure(e -> internal(req, e));
  }

  /** {@code GET /admin/v1/requests/{id}}. */
  void get(HttpServerRequest req, String id) {
    Blocking.call(io.vertx.core.Vertx.currentContext(), () -> store.get(id)).onSuccess(row -> {
      if (row.isEmpty()) {
        ErrorBodies.send(req.response(), new ApiException(ErrorKind.NOT_FOUND,
            "No request '" + id + "' in the request log (it keeps observe.request_log.retention_days)."));
        return;
      }
      json(req, view(row.get()).put("request_body", row.get().requestBody())
          .put("response_body", row.get().responseBody()));
    }).onFailure(e -> internal(req, e));
  }

  static RequestQuery query(MultiMap params) {
    for (String name : params.names()) {
      if (!PARAMS.contains(name)) {
        throw invalid(name, name + ": unknown parameter (expected: one of before, key, limit, model, status)");
      }
      if (params.getAll(name).size() > 1) {
        throw invalid(name, name + ": given " + params.getAll(name).size() + " times (expected: once)");
      }
    }
    String s = params.get("status") == null ? "all" : params.get("status");
    RequestQuery.Status status = switch (s.toLowerCase(Locale.ROOT)) {
      case "all" -> RequestQuery.Status.ALL;
      case "ok" -> RequestQuery.Status.OK;
      case "failed" -> RequestQuery.Status.FAILED;
      case "server_error" -> RequestQuery.Status.SERVER_ERROR;
      default -> throw invalid("status", "status: " + s + " (expected: all, ok, failed or server_error)");
    };
    long before = Long.MAX_VALUE;
    if (params.get("before") != null) {
      try {
        before = Instant.parse(params.get("before")).toEpochMilli();
      } catch (DateTimeParseException e) {
        throw invalid("before", "before: " + params.get("before") + " (expected: an ISO-8601 instant such as"
            + " 2026-11-24T10:00:00Z)");
      }
    }
    int limit = 50;
    if (params.get("limit") != null) {
      try {
        limit = Integer.parseInt(params.get("limit"));
      } catch (NumberFormatException e) {
        limit = -1;
      }
      if (limit < 1 || limit > 1_000) {
        throw invalid("limit", "limit: " + params.get("limit") + " (expected: an integer in 1..1000)");
      }
    }
    return new RequestQuery(status, blankToNull(params.get("model")), blankToNull(params.get("key")), before, limit);
  }

  /** One row as JSON (without payloads); times in milliseconds, unknown figures null. */
  static ObjectNode view(RequestRecord r) {
    ObjectNode n = JSON.objectNode().put("id", r.requestId()).put("object", "request")
        .put("created_at", Instant.ofEpochMilli(r.createdAt()).toString())
        .put("key_id", r.keyId()).put("account_id", r.accountId()).put("model", r.model())
        .put("requested_model", r.requestedModel()).put("deployment", r.deployment()).put("endpoint", r.endpoint())
        .put("stream", r.stream()).put("status", r.status()).put("outcome", r.outcome()).put("error", r.error())
        .put("error_detail", r.errorDetail()).put("server_error", r.sloError()).put("attempts", r.attempts())
        .put("route", r.route());
    known(n, "prompt_tokens", r.promptTokens());
    known(n, "completion_tokens", r.completionTokens());
    n.put("cost", r.costMicros() < 0 ? null : Micros.format(r.costMicros()));
    n.put("latency_ms", r.latencyMicros() / 1_000.0);
    n.put("ttft_ms", r.ttftMicros() < 0 ? null : r.ttftMicros() / 1_000.0);
    n.put("upstream_ms", r.upstreamMicros() < 0 ? null : r.upstreamMicros() / 1_000.0);
    n.put("overhead_ms", r.overheadMicros() < 0 ? null : r.overheadMicros() / 1_000.0);
    return n;
  }

  private static void known(ObjectNode n, String field, long value) {
    if (value < 0) {
      n.putNull(field);
    } else {
      n.put(field, value);
    }
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }

  private static ApiException invalid(String param, String message) {
    return new ApiException(ErrorKind.INVALID_VALUE, message, param);
  }

  static void json(HttpServerRequest req, ObjectNode out) {
    req.response().putHeader("content-type", "application/json").end(out.toString());
  }

  static void internal(HttpServerRequest req, Throwable e) {
    if (!(e instanceof ApiException)) {
      org.slf4j.LoggerFactory.getLogger(RequestsApi.class).error("request log query failed", e);
    }
    ErrorBodies.send(req.response(), e instanceof ApiException a ? a
        : new ApiException(ErrorKind.INTERNAL, "Internal error; see the server log."));
  }
}
