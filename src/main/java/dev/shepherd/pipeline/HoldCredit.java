package dev.shepherd.pipeline;

import dev.shepherd.api.ApiException;
import dev.shepherd.api.ErrorKind;
import dev.shepherd.api.openai.Endpoint;
import dev.shepherd.billing.Cost;
import dev.shepherd.billing.Micros;
import dev.shepherd.billing.PriceVersion;
import dev.shepherd.billing.Credit;
import dev.shepherd.billing.Hold;
import dev.shepherd.billing.SpendCaps;
import io.vertx.core.Future;
import java.time.Instant;
import java.time.InstantSource;

/**
 * Holds the request's maximum cost before any upstream call: the exact prompt tokens plus the
 * completion reserve ({@code max_tokens}, else the rest of the context window) at the price in
 * effect when the request started. Not enough available credit is 402 {@code insufficient_quota}
 * with {@code x-should-retry: false}, and the upstream is never called. Keys without an account are
 * not metered. A key with spend caps is first checked against them ({@link SpendCaps}, in
 * memory): 402 {@code spend_cap_reached} when the day's or month's spend, the holds in flight and
 * this hold would pass a cap. {@link CreditSettler} settles both exactly once when the exchange
 * ends. One instance: in memory, no I/O; shared balances: one conditional statement on a virtual thread.
 */
final class HoldCredit implements Stage {
  private final Credit credit;
  private final SpendCaps caps;
  private final InstantSource clock;

  HoldCredit(Credit credit, SpendCaps caps, InstantSource clock) {
    this.credit = credit;
    this.caps = caps;
    this.clock = clock;
  }

  @Override
  public String name() {
    return "hold-credit";
  }

  @Override
  public Future<Void> apply(Exchange ex) {
    String account = ex.key().accountId();
    if (account == null) {
      return Future.succeededFuture();
    }
    String model = ex.model().id();
    PriceVersion price = ex.generation().prices().at(model, clock.millis());
    if (price == null) {
      if (ex.generation().config().billing().refuseUnpriced()) {
        throw new ApiException(ErrorKind.MODEL_NOT_PRICED,
            "The model '" + model + "' has no price on this gateway, so it cannot be billed.", "model");
      }
      return Future.succeededFuture();
    }
    long max = Cost.maxCostMicros(price, ex.promptTokens(), completionReserve(ex));
    long now = clock.millis();
    SpendCaps.Refusal capped = caps.reserve(ex.key(), max, now);
    if (capped != null) {
      throw capReached(capped);
    }
    Future<Hold> held = credit.hold(io.vertx.core.Vertx.currentContext(), account, max, ex.requestId(), now);
    if (held.isComplete() && held.succeeded()) { // one instance: decided in memory, no scheduling
      return granted(ex, held.result(), price, now);
    }
    return held.compose(h -> granted(ex, h, price, now), e -> {
      caps.release(ex.key(), max, now);
      return Future.failedFuture(e);
    });
  }

  private Future<Void> granted(Exchange ex, Hold hold, PriceVersion price, long now) {
    if (!hold.isGranted()) {
      caps.release(ex.key(), hold.micros(), now);
      throw new ApiException(ErrorKind.INSUFFICIENT_QUOTA, "Insufficient credit: this request may cost up to $"
          + Micros.format(hold.micros()) + " and the account has $" + Micros.format(hold.availableWhenRefused())
          + " available. Top up or lower max_tokens.");
    }
    ex.creditHold(hold, price);
    return Future.succeededFuture();
  }

  private static ApiException capReached(SpendCaps.Refusal r) {
    String day = r.period().equals("daily") ? "today" : "this month";
    return new ApiException(ErrorKind.SPEND_CAP_REACHED, "This API key's " + r.period() + " spend cap of $"
        + Micros.format(r.capMicros()) + " is reached: $" + Micros.format(r.chargedMicros()) + " spent " + day
        + " and $" + Micros.format(r.heldMicros()) + " held by requests in flight, and this request may cost up to $"
        + Micros.format(r.requestMicros()) + ". The " + r.period() + " cap resets at "
        + Instant.ofEpochMilli(r.resetsAtMillis()) + " (UTC); lower max_tokens to need less.");
  }

  /** {@code max_tokens} (clamped or not), else the rest of the window; none for embeddings. */
  static long completionReserve(Exchange ex) {
    if (ex.endpoint() == Endpoint.EMBEDDINGS) {
      return 0;
    }
    long max = ex.maxTokens();
    return max > 0 ? max : Math.max(0, ex.model().config().contextWindow() - ex.promptTokens());
  }
}
