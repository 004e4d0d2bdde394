package dev.shepherd.store;

import java.util.List;

/**
 * A stored API key. The plaintext key is never stored: only its SHA-256 hash (hex) and a short
 * display prefix.
 *
 * @param id stable identifier ({@code key_...})
 * @param name operator-chosen label
 * @param keyHash lowercase hex SHA-256 of the plaintext key
 * @param keyPrefix first characters of the key, for display ({@code sk-shp-abcd})
 * @param accountId owning account, or {@code null}
 * @param models allowlist of public model ids, or {@code null} for all
 * @param rpm requests per minute, or {@code null} (enforced by the limits stage)
 * @param tpm tokens per minute, or {@code null}
 * @param maxParallel requests in flight at once, or {@code null}
 * @param expiresAt epoch millis after which the key is refused, or {@code null}
 * @param createdAt epoch millis
 * @param revokedAt epoch millis, or {@code null} while active
 * @param updatedAt epoch millis of the last change (creation or revocation)
 * @param dailySpendCapMicros most the key may spend per UTC day, micro-USD, or {@code null}
 * @param monthlySpendCapMicros most the key may spend per UTC calendar month, micro-USD, or {@code null}
 */
public record KeyRecord(
    String id,
    String name,
    String keyHash,
    String keyPrefix,
    String accountId,
    List<String> models,
    Long rpm,
    Long tpm,
    Integer maxParallel,
    Long expiresAt,
    long createdAt,
    Long revokedAt,
    long updatedAt,
    Long dailySpendCapMicros,
    Long monthlySpendCapMicros) {

  public KeyRecord {
    models = models == null ? null : List.copyOf(models);
  }

  /** A key without spend caps. */
  public KeyRecord(String id, String name, String keyHash, String keyPrefix, String accountId, List<String> models,
      Long rpm, Long tpm, Integer maxParallel, Long expiresAt, long createdAt, Long revokedAt, long updatedAt) {
    this(id, name, keyHash, keyPrefix, accountId, models, rpm, tpm, maxParallel, expiresAt, createdAt, revokedAt,
        updatedAt, null, null);
  }

  /** True when the key has a daily or monthly spend cap. */
  public boolean hasSpendCap() {
    return dailySpendCapMicros != null || monthlySpendCapMicros != null;
  }

  /** This key revoked at {@code atMillis}. */
  public KeyRecord revoked(long atMillis) {
    return new KeyRecord(id, name, keyHash, keyPrefix, accountId, models, rpm, tpm, maxParallel, expiresAt, createdAt,
        atMillis, atMillis, dailySpendCapMicros, monthlySpendCapMicros);
  }

  /** The key's own limits ({@code null} values: the configured defaults apply). */
  public dev.shepherd.config.LimitValues limits() {
    return new dev.shepherd.config.LimitValues(rpm, tpm, maxParallel);
  }

  /** True when the key may be used at {@code nowMillis}. */
  public boolean activeAt(long nowMillis) {
    return revokedAt == null && (expiresAt == null || nowMillis < expiresAt);
  }
}
