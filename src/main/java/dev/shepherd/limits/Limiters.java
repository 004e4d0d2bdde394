package dev.shepherd.limits;

import dev.shepherd.config.LimitsConfig;

/** Creates the configured {@link Limiter}: Redis-shared when {@code limits.redis} is set, else local. */
public final class Limiters {
  /** How long {@link #create} waits for a first Redis connection before answering with the fail mode. */
  static final long STARTUP_WAIT_MS = 1_000;

  private Limiters() {}

  /**
   * A local limiter (exact on one instance; {@code instances} is not used), or a Redis one with
   * the configured fail mode. With Redis this blocks up to one second for the first connection,
   * so call it at startup, not on an event loop; an unreachable Redis is retried in the background.
   */
  public static Limiter create(LimitsConfig config) {
    if (config.redisUrl() == null || config.redisUrl().isEmpty()) {
      return new LocalLimiter();
    }
    return new RedisLimiter(config).awaitConnected(STARTUP_WAIT_MS);
  }
}
