package dev.shepherd.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shepherd.api.ApiException;
import dev.shepherd.api.ErrorBodies;
import dev.shepherd.api.ErrorKind;
import dev.shepherd.auth.ApiKeys;
import dev.shepherd.billing.Micros;
import dev.shepherd.billing.RedemptionCodes;
import dev.shepherd.pipeline.Blocking;
import dev.shepherd.store.BillingStore;
import dev.shepherd.store.CodeBatch;
import io.vertx.core.http.HttpServerRequest;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code POST /admin/v1/codes}: creates a batch of redemption codes. The plaintext codes appear
 * only in this response; the store keeps their SHA-256 hashes, so a lost code cannot be shown
 * again (create another).
 */
final class CodesApi {
  static final int MAX_COUNT = 10_000;
  private static final ObjectMapper JSON = new ObjectMapper();
  private final BillingStore store;
  private final Clock clock;

  CodesApi(BillingStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  void create(HttpServerRequest req, byte[] body) {
    Blocking.call(io.vertx.core.Vertx.currentContext(), () -> create(body)).onSuccess(out -> req.response()
        .setStatusCode(201).putHeader("content-type", "application/json").end(out.toString()))
        .onFailure(e -> ErrorBodies.send(req.response(), e instanceof IllegalArgumentException iae
            ? new ApiException(ErrorKind.INVALID_VALUE, iae.getMessage()) : ApiException.of(e)));
  }

  private ObjectNode create(byte[] body) {
    JsonNode n = RedeemApi.parse(body);
    long value = Micros.parse("value", AccountsApi.text(n, "value", true), false);
    int count = integer(n, "count", 1, MAX_COUNT);
    int maxUses = integer(n, "max_uses", 1, Integer.MAX_VALUE);
    String expiresText = AccountsApi.text(n, "expires_at", false);
    Long expiresAt = null;
    if (expiresText != null) {
      try {
        expiresAt = Instant.parse(expiresText).toEpochMilli();
      } catch (DateTimeParseException e) {
        throw new ApiException(ErrorKind.INVALID_VALUE,
            "expires_at: " + expiresText + " (expected: an ISO-8601 instant such as 2027-01-01T00:00:00Z)", "expires_at");
      }
    }
    CodeBatch batch = new CodeBatch(ApiKeys.newId("cb_"), value, expiresAt, maxUses, clock.millis());
    List<String> codes = new ArrayList<>(count);
    List<String> hashes = new ArrayList<>(count);
    while (codes.size() < count) {
      String code = RedemptionCodes.generate();
      codes.add(code);
      hashes.add(ApiKeys.hash(code));
    }
    store.createCodes(batch, hashes);
    ObjectNode out = JSON.createObjectNode().put("object", "code_batch").put("batch_id", batch.id())
        .put("value", Micros.format(value)).put("max_uses", maxUses);
    if (expiresAt == null) {
      out.putNull("expires_at");
    } else {
      out.put("expires_at", Instant.ofEpochMilli(expiresAt).toString());
    }
    codes.forEach(out.putArray("codes")::add);
    return out;
  }

  /** An optional integer field (default 1) within {@code [min, max]}. */
  private static int integer(JsonNode n, String field, int min, int max) {
    JsonNode v = n.get(field);
    if (v == null || v.isNull()) {
      return 1;
    }
    if (!v.canConvertToInt() || !v.isIntegralNumber() || v.asInt() < min || v.asInt() > max) {
      throw new ApiException(ErrorKind.INVALID_VALUE,
          field + ": " + v + " (expected: an integer from " + min + " to " + max + ")", field);
    }
    return v.asInt();
  }
}
