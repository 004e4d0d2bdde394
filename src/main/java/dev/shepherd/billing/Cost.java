package dev.shepherd.billing;

import java.math.BigInteger;

/**
 * What a request costs, in µ$. Each token is priced in pico-USD; the sum is rounded UP once, to
 * the next whole µ$ ({@code ceil(pico / 10^6)}), so a request is never charged less than its
 * exact price and never more than 1 µ$ above it.
 *
 * <p>Cached prompt tokens are part of the prompt (OpenAI's {@code prompt_tokens} includes {@code
 * cached_tokens}): they are charged at the cached price and the rest of the prompt at the input
 * price; a cached count above the prompt count is capped at it. Exact for any token counts up to
 * {@link #MAX_TOKENS} and any {@link PriceVersion} (prices up to $10,000 per million tokens): a
 * product that overflows {@code long} is recomputed with {@link BigInteger}.
 */
public final class Cost {
  /** The largest token count accepted per kind: 10^9. */
  public static final long MAX_TOKENS = 1_000_000_000L;

  private static final long PICO_PER_MICRO = 1_000_000L;

  private Cost() {}

  /** The charge at the relay price. */
  public static long costMicros(PriceVersion p, long promptTokens, long cachedPromptTokens, long completionTokens) {
    return micros(promptTokens, cachedPromptTokens, completionTokens,
        p.inputPico(), p.cachedInputPico(), p.outputPico());
  }

  /** The same usage at the official list price (the relay price when the list price is unknown). */
  public static long listCostMicros(PriceVersion p, long promptTokens, long cachedPromptTokens, long completionTokens) {
    return micros(promptTokens, cachedPromptTokens, completionTokens,
        p.listInputPico(), p.listCachedPico(), p.listOutputPico());
  }

  /**
   * The most a request can cost, for a hold: every prompt token at the full input price (a cache hit
   * is not known in advance) plus {@code maxCompletionTokens} at the output price.
   */
  public static long maxCostMicros(PriceVersion p, long promptTokens, long maxCompletionTokens) {
    return micros(promptTokens, 0, maxCompletionTokens, p.inputPico(), p.cachedInputPico(), p.outputPico());
  }

  private static long micros(long prompt, long cached, long completion, long inPico, long cachedPico, long outPico) {
    check("prompt tokens", prompt);
    check("cached prompt tokens", cached);
    check("completion tokens", completion);
    return unbounded(prompt, cached, completion, inPico, cachedPico, outPico);
  }

  /** The same arithmetic for report totals (any non-negative counts); throws if the result overflows. */
  static long unbounded(long prompt, long cached, long completion, long inPico, long cachedPico, long outPico) {
    long hits = Math.min(cached, prompt);
    long misses = prompt - hits;
    try {
      long pico = Math.addExact(Math.addExact(Math.multiplyExact(misses, inPico), Math.multiplyExact(hits, cachedPico)),
          Math.multiplyExact(completion, outPico));
      return Math.ceilDiv(pico, PICO_PER_MICRO);
    } catch (ArithmeticException overflow) {
      BigInteger pico = BigInteger.valueOf(misses).multiply(BigInteger.valueOf(inPico))
          .add(BigInteger.valueOf(hits).multiply(BigInteger.valueOf(cachedPico)))
          .add(BigInteger.valueOf(completion).multiply(BigInteger.valueOf(outPico)));
      BigInteger[] qr = pico.divideAndRemainder(BigInteger.valueOf(PICO_PER_MICRO));
      return (qr[1].signum() > 0 ? qr[0].add(BigInteger.ONE) : qr[0]).longValueExact();
    }
  }

  private static void check(String what, long tokens) {
    if (tokens < 0 || tokens > MAX_TOKENS) {
      throw new IllegalArgumentException(what + ": " + tokens + " (expected: 0.." + MAX_TOKENS + ")");
    }
  }
}
