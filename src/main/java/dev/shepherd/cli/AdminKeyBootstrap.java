package dev.shepherd.cli;

import dev.shepherd.auth.AdminAuth;
import dev.shepherd.auth.ApiKeys;
import dev.shepherd.store.KeyStore;
import java.io.PrintStream;
import java.util.Map;

/**
 * Decides the admin key: {@code SHEPHERD_ADMIN_KEY} if set; otherwise one generated on first
 * start, stored only as a hash, and printed exactly once (by the instance that created it).
 */
final class AdminKeyBootstrap {
  static final String SETTING = "admin_key_sha256";

  private AdminKeyBootstrap() {}

  static AdminAuth resolve(KeyStore store, Map<String, String> env, PrintStream out) {
    String fromEnv = env.get("SHEPHERD_ADMIN_KEY");
    if (fromEnv != null && !fromEnv.isBlank()) {
      return new AdminAuth(ApiKeys.hash(fromEnv.trim()));
    }
    String candidate = ApiKeys.generate("sk-shp-admin-");
    String candidateHash = ApiKeys.hash(candidate);
    String stored = store.putSettingIfAbsent(SETTING, candidateHash);
    if (stored.equals(candidateHash)) {
      out.println("Generated admin key (shown once; store it now, or set SHEPHERD_ADMIN_KEY):");
      out.println("  " + candidate);
    }
    return new AdminAuth(stored);
  }
}
