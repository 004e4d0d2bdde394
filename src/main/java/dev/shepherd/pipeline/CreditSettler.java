package dev.shepherd.pipeline;

import dev.shepherd.billing.Cost;
import dev.shepherd.billing.Credit;
import dev.shepherd.billing.Hold;
import dev.shepherd.billing.PriceVersion;
import dev.shepherd.store.UsageRecord;
import java.time.InstantSource;
import java.util.Locale;

/**
 * Settles an exchange's credit hold exactly once when it ends, and records its usage. What is
 * charged, by ending:
 * <ul>
 *   <li>the upstream reported usage (a complete answer, a broken stream whose usage arrived, a
 *       failover whose last attempt answered): that usage at the hold's price;
 *   <li>no upstream answer at all (refused later in the pipeline, every attempt failed before a
 *       byte, the client left before the first byte): nothing;
 *   <li>an answer without usage (a stream cut off, or an upstream that omits usage): the counted
 *       prompt tokens at the input price, plus the completion tokens counted from what reached
 *       the client when the relay counted them.
 * </ul>
 */
final class CreditSettler implements ExchangeListener {
  private final Credit credit;
  private final InstantSource clock;

  CreditSettler(Credit credit, InstantSource clock) {
    this.credit = credit;
    this.clock = clock;
  }

  @Override
  public void onEnd(Exchange ex) {
    Hold hold = ex.creditHold();
    if (hold == null) {
      return;
    }
    PriceVersion price = ex.price();
    Usage u = ex.usage();
    long prompt;
    long cached;
    long completion;
    String source;
    if (u.reported()) {
      prompt = u.promptTokens();
      cached = u.cachedPromptTokens();
      completion = Math.max(0, u.completionTokens());
      source = "upstream";
    } else if (ex.outcome() == Exchange.Outcome.ERROR || ex.firstByteNanos() == 0) {
      prompt = 0;
      cached = 0;
      completion = 0;
      source = "none";
    } else {
      prompt = ex.promptTokens();
      cached = 0;
      completion = Math.max(0, ex.countedCompletionTokens());
      source = "counted";
    }
    long cost = Cost.costMicros(price, prompt, cached, completion);
    long now = clock.millis();
    long durationMs = (System.nanoTime() - ex.startNanos()) / 1_000_000;
    UsageRecord usage = new UsageRecord(ex.requestId(), hold.accountId(), ex.key().id(), ex.model().id(),
        ex.deployment() == null ? null : ex.deployment().id(), ex.endpoint().name().toLowerCase(Locale.ROOT),
        ex.outcome().name(), source, prompt, cached, completion, cost,
        Cost.listCostMicros(price, prompt, cached, completion), price.version(), now - durationMs, durationMs);
    credit.settle(hold, cost, price.version(), usage, now);
  }
}
