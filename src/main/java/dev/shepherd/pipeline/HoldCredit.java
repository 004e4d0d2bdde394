package dev.shepherd.pipeline;

import dev.shepherd.api.ApiException;
import dev.shepherd.api.ErrorKind;
import dev.shepherd.api.openai.Endpoint;
import dev.shepherd.billing.Cost;
import dev.shepherd.billing.Micros;
import dev.shepherd.billing.PriceVersion;
import dev.shepherd.billing.Credit;
import dev.shepherd.billing.Hold;
import io.vertx.core.Future;
import java.time.InstantSource;

/**
 * Holds the request's maximum cost before any upstream call: the exact prompt tokens plus the
 * completion reserve ({@code max_tokens}, else the rest of the context window) at the price in
 * effect when the request started. Not enough available credit is 402 {@code insufficient_quota}
 * with {@code x-should-retry: false}, and the upstream is never called. Keys without an account are
 * not metered. {@link CreditSettler} settles the hold exactly once when the exchange ends. One
 * instance: in memory, no I/O; shared balances: one conditional statement on a virtual thread.
 */
final class HoldCredit implements Stage {
  private final Credit credit;
  private final InstantSource clock;

  HoldCredit(Credit credit, InstantSource clock) {
    this.credit = credit;
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
    Future<Hold> held = credit.hold(io.vertx.core.Vertx.currentContext(), account, max, ex.requestId(), clock.millis());
    if (held.isComplete()) { // one instance: decided in memory, no scheduling
      return granted(ex, held.result(), price);
    }
    return held.compose(h -> granted(ex, h, price));
  }

  private static Future<Void> granted(Exchange ex, Hold hold, PriceVersion price) {
    if (!hold.isGranted()) {
      throw new ApiException(ErrorKind.INSUFFICIENT_QUOTA, "Insufficient credit: this request may cost up to $"
          + Micros.format(hold.micros()) + " and the account has $" + Micros.format(hold.availableWhenRefused())
          + " available. Top up or lower max_tokens.");
    }
    ex.creditHold(hold, price);
    return Future.succeededFuture();
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
