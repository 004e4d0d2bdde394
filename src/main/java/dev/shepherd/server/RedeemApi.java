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
import dev.shepherd.billing.Credit;
import dev.shepherd.pipeline.Blocking;
import dev.shepherd.store.BillingStore;
import dev.shepherd.store.KeyRecord;
import dev.shepherd.store.Account;
import dev.shepherd.store.Redemption;
import io.vertx.core.http.HttpServerRequest;
import java.time.Clock;

/**
 * {@code POST /v1/account/redeem}: the calling key's account redeems a code. The store decides
 * in one transaction; only a committed redemption reaches the in-memory wallet. A refusal is a
 * 400 saying why ({@code invalid_code}, {@code code_expired}, {@code code_used_up},
 * {@code code_already_redeemed}) and changes nothing.
 */
final class RedeemApi {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final BillingStore store;
  private final Credit wallet;
  private final Clock clock;

  RedeemApi(BillingStore store, Credit wallet, Clock clock) {
    this.store = store;
    this.wallet = wallet;
    this.clock = clock;
  }

  void redeem(HttpServerRequest req, KeyRecord key, byte[] body) {
    Blocking.call(io.vertx.core.Vertx.currentContext(), () -> redeem(key, body)).onSuccess(out -> req.response()
        .putHeader("content-type", "application/json").end(out.toString()))
        .onFailure(e -> ErrorBodies.send(req.response(), ApiException.of(e)));
  }

  private ObjectNode redeem(KeyRecord key, byte[] body) {
    if (key.accountId() == null || store.account(key.accountId()).isEmpty()) {
      throw new ApiException(ErrorKind.NOT_FOUND, "This API key does not belong to an account.");
    }
    JsonNode n = parse(body);
    String code = RedemptionCodes.normalize(AccountsApi.text(n, "code", true));
    if (code == null) {
      throw refusal(Redemption.Outcome.UNKNOWN);
    }
    Redemption r = store.redeem(ApiKeys.hash(code), key.accountId(), ApiKeys.newId("le_"), clock.millis());
    if (r.outcome() != Redemption.Outcome.APPLIED) {
      throw refusal(r.outcome());
    }
    wallet.apply(r.entry());
    long[] live = wallet.snapshot(key.accountId());
    if (live == null) { // shared balances: the store has them
      Account a = store.account(key.accountId()).orElseThrow();
      live = new long[] {a.paidMicros(), a.promoMicros(), a.heldMicros()};
    }
    return JSON.createObjectNode().put("object", "redemption")
        .put("credited", Micros.format(r.entry().paidMicros()))
        .put("balance", Micros.format(live[0])).put("promo_balance", Micros.format(live[1]))
        .put("available", Micros.format(live[0] + live[1] - live[2]));
  }

  /** A JSON request body (empty: an empty object); malformed JSON is the caller's 400. */
  static JsonNode parse(byte[] body) {
    try {
      return body == null || body.length == 0 ? JSON.createObjectNode() : JSON.readTree(body);
    } catch (java.io.IOException e) {
      throw new ApiException(ErrorKind.INVALID_JSON, "The request body is not valid JSON.");
    }
  }

  private static ApiException refusal(Redemption.Outcome outcome) {
    return switch (outcome) {
      case EXPIRED -> new ApiException(ErrorKind.CODE_EXPIRED, "This code has expired.", "code");
      case USED_UP -> new ApiException(ErrorKind.CODE_USED_UP, "This code has already been used up.", "code");
      case ALREADY_REDEEMED -> new ApiException(ErrorKind.CODE_ALREADY_REDEEMED,
          "This account has already redeemed this code.", "code");
      default -> new ApiException(ErrorKind.INVALID_CODE, "No such code. Check it and try again.", "code");
    };
  }
}
