package dev.shepherd.routing;

import dev.shepherd.api.ErrorKind;
import dev.shepherd.config.RoutingConfig;
import dev.shepherd.provider.AttemptFailure;
import dev.shepherd.routing.Breaker.Result;

/**
 * What a failed attempt means for routing: whether another deployment may be tried, how the
 * deployment's breaker counts it, and whether it must cool down.
 *
 * <ul>
 *   <li>No connection, timeouts, a broken answer, 5xx, 408: fail over; a breaker failure.
 *   <li>429: fail over; cool down for its Retry-After (else {@code cooldown.default_ms}); the
 *       breaker doesn't count it (a busy upstream is not a broken one).
 *   <li>503 with a Retry-After: as a 5xx, and also cool down that long.
 *   <li>401/403: no failover (the operator must fix the credentials); the breaker opens at once.
 *   <li>404: no failover (the deployment names a model the upstream lacks); a breaker failure.
 *   <li>400/413/422 and other 4xx: the caller's fault; no failover; the upstream is healthy.
 * </ul>
 * Cooldowns are capped at {@code cooldown.max_ms}.
 */
public final class FailurePolicy {
  private FailurePolicy() {}

  /**
   * @param failover try the next candidate
   * @param breaker how the deployment's breaker counts the attempt
   * @param trip open the breaker at once
   * @param cooldownMillis cool the deployment down this long (0: no cooldown)
   * @param cooldownKind the error a client gets while every candidate cools down
   */
  public record Decision(boolean failover, Result breaker, boolean trip, long cooldownMillis,
      ErrorKind cooldownKind) {}

  public static Decision decide(AttemptFailure f, RoutingConfig config) {
    if (f.cause() != AttemptFailure.Cause.STATUS) {
      return new Decision(true, Result.FAILURE, false, 0, null);
    }
    int status = f.upstreamStatus();
    long wait = Math.min(f.retryAfterMillis(), config.maxCooldownMs());
    return switch (status) {
      case 429 -> new Decision(true, Result.NEUTRAL, false,
          f.retryAfterMillis() >= 0 ? wait : config.defaultCooldownMs(), ErrorKind.UPSTREAM_RATE_LIMITED);
      case 503 -> new Decision(true, Result.FAILURE, false, Math.max(0, wait), ErrorKind.UPSTREAM_UNAVAILABLE);
      case 401, 403 -> new Decision(false, Result.FAILURE, true, 0, null);
      case 404 -> new Decision(false, Result.FAILURE, false, 0, null);
      case 408 -> new Decision(true, Result.FAILURE, false, 0, null);
      default -> status >= 500
          ? new Decision(true, Result.FAILURE, false, 0, null)
          : new Decision(false, Result.SUCCESS, false, 0, null);
    };
  }
}
