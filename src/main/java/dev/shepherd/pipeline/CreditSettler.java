package dev.shepherd.pipeline;

import dev.shepherd.billing.Cost;
import dev.shepherd.billing.Credit;
import dev.shepherd.billing.Hold;
import dev.shepherd.billing.PriceVersion;
import dev.shepherd.billing.SpendCaps;
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
 *   <li>an answer without usage (a stream cut off by either side, or an upstream that omits
 *       usage): the prompt tokens counted before routing plus the completion tokens of what was
 *       relayed to the client, counted with the model's tokenizer (off the event loop when long).
 * </ul>
 * The key's spend caps ({@link SpendCaps}) then release the hold and count the charge.
 */
final class CreditSettler implements ExchangeListener {
  /** Answers up to this size (escaped bytes) are counted on the event loop (a few µs). */
  private static final int ON_LOOP_BYTES = 2_048;
  private final Credit credit;
  private final SpendCaps caps;
  private final InstantSource clock;

  CreditSettler(Credit credit, SpendCaps caps, InstantSource clock) {
    this.credit = credit;
    this.caps = caps;
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
    boolean complete = u.reported() && (u.completionTokens() >= 0 || ex.endpoint() == dev.shepherd.api.openai.Endpoint.EMBEDDINGS);
    if (complete) {
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
      CompletionText text = ex.completionText();
      if (text != null && text.size() > ON_LOOP_BYTES) { // a long answer: count it off the event loop
        Blocking.run(() -> settleCounted(ex, hold, price, countCompletion(ex, text)));
        return;
      }
      settleCounted(ex, hold, price, text == null ? 0 : countCompletion(ex, text));
      return;
    }
    settle(ex, hold, price, prompt, cached, completion, source);
  }

  /**
   * An answer without (complete) reported usage: the prompt as reported (a stream cut after the
   * upstream reported its input, e.g. Anthropic's {@code message_start}) or as counted here, and
   * the completion counted here.
   */
  private void settleCounted(Exchange ex, Hold hold, PriceVersion price, long completion) {
    ex.countedCompletionTokens(completion);
    Usage u = ex.usage();
    if (u.reported()) {
      settle(ex, hold, price, u.promptTokens(), u.cachedPromptTokens(), completion, "counted");
    } else {
      settle(ex, hold, price, ex.promptTokens(), 0, completion, "counted");
    }
  }

  private static long countCompletion(Exchange ex, CompletionText text) {
    return text.isEmpty() ? 0 : ex.generation().tokenizers().forModel(ex.model().config()).count(text.text());
  }

  private void settle(Exchange ex, Hold hold, PriceVersion price, long prompt, long cached, long completion,
      String source) {
    long cost = Cost.costMicros(price, prompt, cached, completion);
    long now = clock.millis();
    long durationMs = (System.nanoTime() - ex.startNanos()) / 1_000_000;
    UsageRecord usage = new UsageRecord(ex.requestId(), hold.accountId(), ex.key().id(), ex.model().id(),
        ex.deployment() == null ? null : ex.deployment().id(), ex.endpoint().name().toLowerCase(Locale.ROOT),
        ex.outcome().name(), source, prompt, cached, completion, cost,
        Cost.listCostMicros(price, prompt, cached, completion), price.version(), now - durationMs, durationMs);
    ex.settled(usage); // metrics and the access log hear the charge
    if (credit.settle(hold, cost, price.version(), usage, now)) {
      caps.settle(ex.key(), hold.micros(), cost, hold.record() == null ? now : hold.record().createdAt());
    }
  }
}
