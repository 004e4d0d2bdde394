package dev.shepherd.auth;

/**
 * Checks the admin key. Only its hash is held; comparison is constant-time.
 */
public final class AdminAuth {
  private final String adminKeyHash;

  public AdminAuth(String adminKeyHash) {
    this.adminKeyHash = adminKeyHash;
  }

  /** True when {@code presentedKey} is the admin key. */
  public boolean accepts(String presentedKey) {
    return presentedKey != null && ApiKeys.sameHash(ApiKeys.hash(presentedKey), adminKeyHash);
  }
}
