package dev.shepherd.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Key material: generation and hashing. Keys are 256-bit random secrets, so one SHA-256 is the
 * right hash (a slow password hash adds nothing against guessing and costs on every request).
 */
public final class ApiKeys {
  /** Prefix of every client key Shepherd issues. */
  public static final String PREFIX = "sk-shp-";
  private static final char[] ALPHABET =
      "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(ApiKeys::sha256);

  private ApiKeys() {}

  /** A new plaintext key: {@code prefix} followed by 43 base62 characters (≥ 256 bits). */
  public static String generate(String prefix) {
    StringBuilder sb = new StringBuilder(prefix.length() + 43).append(prefix);
    for (int i = 0; i < 43; i++) {
      sb.append(ALPHABET[RANDOM.nextInt(ALPHABET.length)]);
    }
    return sb.toString();
  }

  /** Lowercase hex SHA-256 of the key's UTF-8 bytes. */
  public static String hash(String key) {
    MessageDigest md = SHA256.get();
    md.reset();
    return HexFormat.of().formatHex(md.digest(key.getBytes(StandardCharsets.UTF_8)));
  }

  /** Constant-time comparison of two hashes. */
  public static boolean sameHash(String a, String b) {
    return MessageDigest.isEqual(a.getBytes(StandardCharsets.US_ASCII), b.getBytes(StandardCharsets.US_ASCII));
  }

  /** The part of a key safe to display: its prefix and four more characters. */
  public static String displayPrefix(String key) {
    return key.substring(0, Math.min(key.length(), PREFIX.length() + 4));
  }

  /** A random identifier with {@code prefix}, e.g. {@code key_...}. */
  public static String newId(String prefix) {
    byte[] b = new byte[12];
    RANDOM.nextBytes(b);
    return prefix + HexFormat.of().formatHex(b);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
