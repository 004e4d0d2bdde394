package dev.shepherd.auth;

import dev.shepherd.api.ApiException;
import dev.shepherd.api.ErrorKind;
import dev.shepherd.store.KeyRecord;
import dev.shepherd.store.KeyStore;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * In-memory view of all API keys, indexed by hash, so authentication never touches the store.
 *
 * <p>Changes made through this instance ({@link #put}) apply at once; changes made by other
 * instances arrive with the next {@link #refresh()}, which the server runs every 500 ms on a
 * virtual thread. Lookups are lock-free and safe from any thread.
 */
public final class KeyCache {
  private static final Logger log = LoggerFactory.getLogger(KeyCache.class);
  /** Overlap between refreshes so that rows written with a slightly older clock are not missed. */
  private static final long LOOKBACK_MS = 5_000;

  private final ConcurrentHashMap<String, KeyRecord> byHash = new ConcurrentHashMap<>();
  private final KeyStore store;
  private final Clock clock;
  private volatile long lastRefreshStart = Long.MIN_VALUE;

  public KeyCache(KeyStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  /** Loads every key. Blocks on the store. */
  public void loadAll() {
    long start = clock.millis();
    List<KeyRecord> all = store.list();
    all.forEach(this::put);
    lastRefreshStart = start;
    log.debug("loaded {} keys", all.size());
  }

  /** Applies rows changed since the last refresh. Blocks on the store. */
  public void refresh() {
    long start = clock.millis();
    long since = lastRefreshStart == Long.MIN_VALUE ? 0 : lastRefreshStart - LOOKBACK_MS;
    store.changedSince(since).forEach(this::put);
    lastRefreshStart = start;
  }

  /** Records a created or changed key on this instance immediately. */
  public void put(KeyRecord key) {
    byHash.put(key.keyHash(), key);
  }

  /** The active key whose hash is {@code keyHash}, or {@code null} if unknown, revoked or expired. */
  public KeyRecord active(String keyHash) {
    KeyRecord k = byHash.get(keyHash);
    return k != null && k.activeAt(clock.millis()) ? k : null;
  }

  /**
   * The caller's active key from its headers ({@code Authorization: Bearer} or {@code x-api-key}).
   *
   * @throws ApiException {@code invalid_api_key} when missing, unknown, revoked or expired
   */
  public KeyRecord authenticate(String authorization, String xApiKey) {
    String presented = Credentials.presented(authorization, xApiKey);
    if (presented == null) {
      throw new ApiException(ErrorKind.INVALID_API_KEY,
          "You didn't provide an API key. Send it as 'Authorization: Bearer YOUR_KEY'.");
    }
    KeyRecord key = active(ApiKeys.hash(presented));
    if (key == null) {
      throw new ApiException(ErrorKind.INVALID_API_KEY, "Incorrect API key provided.");
    }
    return key;
  }

  /** Applies a revocation made on this instance immediately. */
  public void revoked(String id, long atMillis) {
    byHash.replaceAll((h, k) -> k.id().equals(id) && k.revokedAt() == null ? k.revoked(atMillis) : k);
  }
}
