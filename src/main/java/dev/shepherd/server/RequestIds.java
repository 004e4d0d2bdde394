package dev.shepherd.server;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicLong;

/** Unique request ids: a random per-process prefix and a counter ({@code req_<12 hex>_<n>}). */
final class RequestIds {
  private static final String PREFIX;
  private static final AtomicLong NEXT = new AtomicLong();

  static {
    byte[] b = new byte[6];
    new SecureRandom().nextBytes(b);
    PREFIX = "req_" + HexFormat.of().formatHex(b) + "_";
  }

  private RequestIds() {}

  static String next() {
    return PREFIX + Long.toString(NEXT.incrementAndGet(), 36);
  }
}
