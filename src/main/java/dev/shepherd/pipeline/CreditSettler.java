package dev.shepherd.pipeline;

import dev.shepherd.auth.ApiKeys;
import dev.shepherd.billing.Cost;
import dev.shepherd.billing.LedgerWriter;
import dev.shepherd.billing.Wallet;
import dev.shepherd.store.LedgerEntry;
import java.time.InstantSource;

/**
 * Settles an exchange's credit hold exactly once when it ends, and queues the CHARGE for the
 * ledger. What is charged, by ending:
 * <ul>
 *   <li>the upstream reported usage (a complete answer, a broken stream whose usage arrived, a
 *       failover whose last attempt answered): that usage at the hold's price;
 *   <li>no upstream answer at all (refused later in the pipeline, every attempt failed before a
 *       byte, the client left before the first byte): nothing;
 *   <li>an answer without usage (a stream cut off, or an upstream that omits usage): the counted
 *       prompt tokens at the input price (the completion's tokens are not counted yet).
 * </ul>
 */
final class CreditSettler implements ExchangeListener {
  private final Wallet wallet;
  private final LedgerWriter ledger;
  private final InstantSource clock;

  CreditSettler(Wallet wallet, LedgerWriter ledger, InstantSource clock) {
    this.wallet = wallet;
    this.ledger = ledger;
    this.clock = clock;
  }

  @Override
  public void onEnd(Exchange ex) {
    Wallet.Hold hold = ex.creditHold();
    if (hold == null) {
      return;
    }
    Usage u = ex.usage();
    long cost;
    if (u.reported()) {
      cost = Cost.costMicros(ex.price(), u.promptTokens(), u.cachedPromptTokens(), Math.max(0, u.completionTokens()));
    } else if (ex.outcome() == Exchange.Outcome.ERROR || ex.firstByteNanos() == 0) {
      cost = 0;
    } else {
      cost = Cost.costMicros(ex.price(), ex.promptTokens(), 0, 0);
    }
    LedgerEntry charge = wallet.settle(hold, cost, ApiKeys.newId("le_"), ex.requestId(), ex.price().version(),
        clock.millis());
    if (charge != null) {
      ledger.add(charge);
    }
  }
}
