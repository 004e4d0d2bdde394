package dev.shepherd.config;

/**
 * Upstream timeouts in milliseconds. All are positive.
 *
 * @param connectMs TCP/TLS connect
 * @param firstByteMs from sending the request to the upstream's response headers
 * @param idleMs longest gap between two chunks of a response body
 * @param totalMs whole exchange, from sending to the last byte
 */
public record Timeouts(long connectMs, long firstByteMs, long idleMs, long totalMs) {

  /** Defaults used when a provider does not say: 2 s, 30 s, 30 s, 10 min. */
  public static final Timeouts DEFAULT = new Timeouts(2_000, 30_000, 30_000, 600_000);
}
