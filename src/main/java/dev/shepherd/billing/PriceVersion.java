package dev.shepherd.billing;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * One version of a model's price, in pico-USD per token (10^-12 USD; numerically USD per million
 * tokens × 10^6, so a price with up to 6 decimals is held exactly).
 *
 * <p>The {@code version} id is {@code MODEL@EFFECTIVE_FROM_MILLIS:HASH}, where HASH is the first 8
 * hex digits of SHA-256 over the model, start and the six prices: the same configuration gives the
 * same id on every instance and restart, and editing a price without moving {@code effective_from}
 * still gives a new id, so a ledger entry's version always names the prices it was charged at.
 *
 * @param listKnown whether the list prices are the model's official list price; when not, they
 *     equal the relay prices (a report then shows no saving)
 */
public record PriceVersion(String model, String version, long effectiveFromMillis, long inputPico,
    long cachedInputPico, long outputPico, long listInputPico, long listCachedPico, long listOutputPico,
    boolean listKnown) {

  /** The largest price accepted: $10,000 per million tokens. */
  public static final long MAX_PICO = 10_000L * 1_000_000L;

  public PriceVersion {
    for (long p : new long[] {inputPico, cachedInputPico, outputPico, listInputPico, listCachedPico, listOutputPico}) {
      if (p < 0 || p > MAX_PICO) {
        throw new IllegalArgumentException("price of " + model + ": " + p
            + " pico-USD per token (expected: 0.." + MAX_PICO + ", i.e. at most $10,000 per million tokens)");
      }
    }
  }

  /** A version whose id is derived from its contents as described above. */
  public static PriceVersion of(String model, long effectiveFromMillis, long inputPico, long cachedInputPico,
      long outputPico, long listInputPico, long listCachedPico, long listOutputPico, boolean listKnown) {
    String canonical = model + "|" + effectiveFromMillis + "|" + inputPico + "|" + cachedInputPico + "|" + outputPico
        + "|" + listInputPico + "|" + listCachedPico + "|" + listOutputPico;
    String id = model + "@" + effectiveFromMillis + ":" + hash8(canonical);
    return new PriceVersion(model, id, effectiveFromMillis, inputPico, cachedInputPico, outputPico,
        listInputPico, listCachedPico, listOutputPico, listKnown);
  }

  /** USD per million tokens → pico-USD per token, exactly; more than 6 decimals is an error. */
  public static long pico(BigDecimal usdPerMtok) {
    try {
      return usdPerMtok.movePointRight(6).longValueExact();
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException("price: " + usdPerMtok.toPlainString()
          + " (expected: USD per million tokens with at most 6 decimals)", e);
    }
  }

  private static String hash8(String s) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d, 0, 4);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JDK", e);
    }
  }
}
