package dev.shepherd.store;

/**
 * A batch of redemption codes sharing one value, expiry and use limit.
 *
 * @param id stable identifier ({@code cb_...})
 * @param valueMicros credit each redemption adds to the paid bucket, micro-USD, positive
 * @param expiresAt epoch millis from which the batch's codes are refused, or {@code null} (never)
 * @param maxUses redemptions each code admits in total, by different accounts; at least 1
 * @param createdAt epoch millis
 */
public record CodeBatch(String id, long valueMicros, Long expiresAt, int maxUses, long createdAt) {

  /** Checks the invariants above. */
  public CodeBatch {
    if (valueMicros <= 0) {
      throw new IllegalArgumentException("value: " + valueMicros + " µ$ (expected: > 0)");
    }
    if (maxUses < 1) {
      throw new IllegalArgumentException("max_uses: " + maxUses + " (expected: >= 1)");
    }
  }
}
