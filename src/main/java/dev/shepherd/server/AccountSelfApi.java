package dev.shepherd.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shepherd.api.ApiException;
import dev.shepherd.api.ErrorBodies;
import dev.shepherd.api.ErrorKind;
import dev.shepherd.billing.Micros;
import dev.shepherd.billing.Credit;
import dev.shepherd.billing.Rates;
import dev.shepherd.config.BillingConfig;
import dev.shepherd.pipeline.Blocking;
import dev.shepherd.store.Account;
import dev.shepherd.store.BillingStore;
import dev.shepherd.store.KeyRecord;
import dev.shepherd.store.LedgerEntry;
import dev.shepherd.store.UsageReports;
import io.vertx.core.http.HttpServerRequest;
import java.time.Clock;
import java.util.function.Supplier;

/**
 * {@code GET /v1/account}: the calling key's own account — balance, promo credit, held and
 * available credit, the key's limits, this UTC month's usage (requests, tokens, cost, list cost,
 * savings, and the same in the account's currency) and the most recent ledger lines — so customers
 * check their bill without an admin. A key only ever sees its own account.
 */
final class AccountSelfApi {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int RECENT = 20;
  private final BillingStore store;
  private final Credit wallet;
  private final UsageReports usage;
  private final Supplier<BillingConfig> billing;
  private final Clock clock;
  private final dev.shepherd.billing.SpendCaps caps;

  AccountSelfApi(BillingStore store, Credit wallet, UsageReports usage, Supplier<BillingConfig> billing, Clock clock,
      dev.shepherd.billing.SpendCaps caps) {
    this.caps = caps;
    this.store = store;
    this.wallet = wallet;
    this.usage = usage;
    this.billing = billing;
    this.clock = clock;
  }

  void get(HttpServerRequest req, KeyRecord key) {
    if (key.accountId() == null) {
      throw new ApiException(ErrorKind.NOT_FOUND, "This API key does not belong to an account.");
    }
    Blocking.call(io.vertx.core.Vertx.currentContext(), () -> view(key)).onSuccess(out -> req.response()
        .putHeader("content-type", "application/json").end(out.toString()))
        .onFailure(e -> ErrorBodies.send(req.response(), ApiException.of(e)));
  }

  private ObjectNode view(KeyRecord key) {
    Account a = store.account(key.accountId()).orElseThrow(() ->
        new ApiException(ErrorKind.NOT_FOUND, "This API key's account does not exist."));
    long[] live = wallet.snapshot(a.id());
    long paid = live == null ? a.paidMicros() : live[0];
    long promo = live == null ? a.promoMicros() : live[1];
    long held = live == null ? a.heldMicros() : live[2];
    ObjectNode out = JSON.createObjectNode().put("object", "account").put("id", a.id()).put("name", a.name())
        .put("currency", a.currency()).put("balance", Micros.format(paid)).put("promo_balance", Micros.format(promo))
        .put("held", Micros.format(held)).put("available", Micros.format(paid + promo - held));
    out.putObject("key").put("id", key.id()).put("rpm", key.rpm()).put("tpm", key.tpm())
        .put("max_parallel", key.maxParallel());
    if (key.hasSpendCap()) { // the key's caps with what it spent (charged + held) this UTC day / month
      long[] spend = caps.spend(key.id(), clock.millis());
      ObjectNode k = (ObjectNode) out.get("key");
      capView(k, "daily_spend_cap", key.dailySpendCapMicros(), spend[0] + spend[1]);
      capView(k, "monthly_spend_cap", key.monthlySpendCapMicros(), spend[2] + spend[3]);
    }
    out.set("usage", UsageApi.thisMonth(usage, a, Rates.of(billing.get()), clock.instant()));
    ArrayNode recent = out.putArray("recent");
    for (LedgerEntry e : store.entries(a.id(), RECENT)) {
      recent.addObject().put("kind", e.kind().name().toLowerCase(java.util.Locale.ROOT))
          .put("amount", Micros.format(e.paidMicros() + e.promoMicros()))
          .put("reference", e.reference()).put("price_version", e.priceVersion())
          .put("created_at", e.createdAt() / 1000);
    }
    return out;
  }

  private static void capView(ObjectNode key, String name, Long capMicros, long spentMicros) {
    if (capMicros != null) {
      key.putObject(name).put("cap", dev.shepherd.billing.Micros.format(capMicros))
          .put("spent", dev.shepherd.billing.Micros.format(spentMicros));
    }
  }
}
