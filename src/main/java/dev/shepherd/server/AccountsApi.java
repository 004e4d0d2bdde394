package dev.shepherd.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shepherd.api.ApiException;
import dev.shepherd.api.ErrorBodies;
import dev.shepherd.api.ErrorKind;
import dev.shepherd.auth.ApiKeys;
import dev.shepherd.billing.Micros;
import dev.shepherd.config.BillingConfig;
import dev.shepherd.billing.Rates;
import dev.shepherd.billing.Credit;
import dev.shepherd.pipeline.Blocking;
import dev.shepherd.store.Account;
import dev.shepherd.store.BillingStore;
import dev.shepherd.store.LedgerEntry;
import io.vertx.core.Context;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Accounts under {@code /admin/v1/accounts}: create, list, read, and credit (top-ups in USD or another
 * plan currency, idempotent on {@code reference}). Money crosses the API as decimal strings; inside
 * it is micro-USD. Store work runs on virtual threads; a credit is written to the ledger before
 * the in-memory wallet sees it. The signup bonus is promo credit that expires
 * {@code billing.signup_bonus.expires_days} after the account is created.
 */
final class AccountsApi {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final BillingStore store;
  private final Credit wallet;
  private final Supplier<BillingConfig> config;
  private final Clock clock;

  AccountsApi(BillingStore store, Credit wallet, Supplier<BillingConfig> config, Clock clock) {
    this.store = store;
    this.wallet = wallet;
    this.config = config;
    this.clock = clock;
  }

  private Rates rates() {
    return Rates.of(config.get());
  }

  /** Handles {@code /admin/v1/accounts[/{id}[/credits]]}; {@code body} is null for GET. */
  void handle(HttpServerRequest req, String path, byte[] body) {
    Context ctx = io.vertx.core.Vertx.currentContext();
    String rest = path.substring("/admin/v1/accounts".length());
    Blocking.call(ctx, () -> dispatch(req.method(), rest, body)).onSuccess(out -> req.response()
        .setStatusCode(out.status).putHeader("content-type", "application/json").end(out.json.toString()))
        .onFailure(e -> ErrorBodies.send(req.response(), switch (e) {
          case com.fasterxml.jackson.core.JsonProcessingException j ->
              new ApiException(ErrorKind.INVALID_JSON, "The body is not valid JSON: " + j.getOriginalMessage());
          case IllegalArgumentException iae -> new ApiException(ErrorKind.INVALID_VALUE, iae.getMessage());
          default -> ApiException.of(e);
        }));
  }

  private record Out(int status, ObjectNode json) {}

  private Out dispatch(HttpMethod method, String rest, byte[] body) throws Exception {
    JsonNode n = body == null || body.length == 0 ? JSON.createObjectNode() : JSON.readTree(body);
    if (rest.isEmpty() && method == HttpMethod.POST) {
      return create(n);
    }
    if (rest.isEmpty() && method == HttpMethod.GET) {
      ObjectNode out = JSON.createObjectNode().put("object", "list");
      var data = out.putArray("data");
      store.accounts().forEach(a -> data.add(view(a)));
      return new Out(200, out);
    }
    String[] parts = rest.split("/");
    if (parts.length == 2 && method == HttpMethod.GET) {
      return new Out(200, view(find(parts[1])));
    }
    if (parts.length == 3 && parts[2].equals("credits") && method == HttpMethod.POST) {
      return credit(find(parts[1]), n);
    }
    throw new ApiException(ErrorKind.NOT_FOUND, "Unknown admin endpoint: " + method + " /admin/v1/accounts" + rest);
  }

  private Out create(JsonNode n) {
    String name = text(n, "name", true);
    String currency = text(n, "currency", false);
    currency = currency == null ? "USD" : currency.toUpperCase(Locale.ROOT);
    rates().planRate(currency); // an unknown currency is refused here, naming the known ones
    long now = clock.millis();
    BillingConfig c = config.get();
    Long promoExpiresAt = c.signupBonusMicros() > 0 ? now + c.signupBonusExpiresDays() * 86_400_000L : null;
    Account a = new Account(ApiKeys.newId("acct_"), name, currency, 0, 0, promoExpiresAt, now);
    store.createAccount(a);
    wallet.load(a);
    if (c.signupBonusMicros() > 0) { // the signup bonus lands in the promo bucket, expiring with it
      LedgerEntry bonus = new LedgerEntry(ApiKeys.newId("le_"), a.id(), LedgerEntry.Kind.BONUS, 0,
          c.signupBonusMicros(), "signup", null, 0, null, null, now);
      store.append(List.of(bonus));
      wallet.apply(bonus);
    }
    return new Out(201, view(find(a.id())));
  }

  private Out credit(Account a, JsonNode n) {
    String currency = text(n, "currency", false);
    currency = currency == null ? "USD" : currency.toUpperCase(Locale.ROOT);
    long amount = Micros.parse("amount", text(n, "amount", true), false);
    String reference = text(n, "reference", true);
    Rates r = rates();
    long credited = r.creditMicros(currency, amount);
    LedgerEntry e = new LedgerEntry(ApiKeys.newId("le_"), a.id(), LedgerEntry.Kind.TOPUP, credited, 0, reference,
        currency, amount, r.planRate(currency).toPlainString(), null, clock.millis());
    List<LedgerEntry> applied = store.append(List.of(e));
    if (!applied.isEmpty()) {
      wallet.apply(e);
    }
    ObjectNode out = view(find(a.id()));
    out.put("duplicate", applied.isEmpty()).put("credited", Micros.format(applied.isEmpty() ? 0 : credited));
    return new Out(200, out);
  }

  /**
   * Refuses an {@code account_id} that names no account (key creation). Blocks on the store.
   *
   * @throws ApiException 400 {@code invalid_value} naming {@code account_id}
   */
  void requireAccount(String id) {
    if (id != null && store.account(id).isEmpty()) {
      throw new ApiException(ErrorKind.INVALID_VALUE, "account_id: no account '" + id
          + "' (expected: the id of an existing account; create it with POST /admin/v1/accounts)", "account_id");
    }
  }

  private Account find(String id) {
    return store.account(id).orElseThrow(() -> new ApiException(ErrorKind.NOT_FOUND, "No account with id '" + id + "'."));
  }

  private ObjectNode view(Account a) {
    // The wallet is ahead of the store (charges are written behind): show it when it knows the account.
    long[] live = wallet.snapshot(a.id());
    long paid = live == null ? a.paidMicros() : live[0];
    long promo = live == null ? a.promoMicros() : live[1];
    long held = live == null ? a.heldMicros() : live[2];
    return JSON.createObjectNode().put("id", a.id()).put("object", "account").put("name", a.name())
        .put("currency", a.currency())
        .put("balance", Micros.format(paid))
        .put("promo_balance", Micros.format(promo))
        .put("held", Micros.format(held))
        .put("available", Micros.format(paid + promo - held))
        .put("promo_expires_at", a.promoExpiresAt() == null ? null : a.promoExpiresAt() / 1000)
        .put("created_at", a.createdAt() / 1000);
  }

  /** A string field, or null when absent and not required; a blank or non-string value is refused. */
  static String text(JsonNode n, String field, boolean required) {
    JsonNode v = n == null ? null : n.get(field);
    if (v == null || v.isNull()) {
      if (required) {
        throw new ApiException(ErrorKind.MISSING_PARAMETER, field + ": missing", field);
      }
      return null;
    }
    if (!v.isTextual() || v.asText().isBlank()) {
      throw new ApiException(ErrorKind.INVALID_VALUE, field + ": " + v + " (expected: a non-empty string)", field);
    }
    return v.asText();
  }
}
