package dev.shepherd.store;

import java.util.List;
import java.util.Optional;

/**
 * Durable API keys and instance settings. Every method blocks on I/O: call it from a virtual
 * thread or worker, never from an event loop. Failures throw {@link StoreException} naming the
 * operation; an insert rejected for a duplicate id or key hash has {@link
 * StoreException#isConflict()} set.
 */
public interface KeyStore {

  /** Inserts a new key; its id and hash are unique. */
  void insert(KeyRecord key);

  /** All keys, revoked ones included, newest first. */
  List<KeyRecord> list();

  /** Marks a key revoked at {@code atMillis}; false if no such active key. */
  boolean revoke(String id, long atMillis);

  /**
   * Keys whose {@code updatedAt} is at or after {@code sinceMillis} (for cache refresh), oldest
   * change first.
   */
  List<KeyRecord> changedSince(long sinceMillis);

  /** A named instance setting (e.g. the admin key hash). */
  Optional<String> setting(String name);

  /** Stores a setting unless one exists; returns the value now stored. */
  String putSettingIfAbsent(String name, String value);
}
