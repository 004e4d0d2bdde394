package dev.shepherd.auth;

/** Extracts the key a client presented: {@code Authorization: Bearer KEY}, else {@code x-api-key: KEY}. */
public final class Credentials {
  private Credentials() {}

  /** The presented key, or {@code null} when none was sent. */
  public static String presented(String authorization, String xApiKey) {
    if (authorization != null && authorization.length() > 7
        && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      String k = authorization.substring(7).trim();
      return k.isEmpty() ? null : k;
    }
    return xApiKey == null || xApiKey.isBlank() ? null : xApiKey.trim();
  }
}
