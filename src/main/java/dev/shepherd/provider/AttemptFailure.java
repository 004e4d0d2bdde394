package dev.shepherd.provider;

import dev.shepherd.api.ApiException;

/**
 * Why an attempt failed before any byte reached the client.
 *
 * @param error what the client gets if no other deployment answers
 * @param cause what went wrong
 * @param upstreamStatus the upstream's HTTP status, or 0 when it never answered
 * @param retryAfterMillis the upstream's {@code retry-after-ms} / {@code Retry-After}, or -1
 * @param detail operator-facing detail for logs (may name hosts; never sent to clients)
 */
public record AttemptFailure(ApiException error, Cause cause, int upstreamStatus, long retryAfterMillis,
    String detail) {

  /** What went wrong, as routing needs to know it. */
  public enum Cause {
    /** No connection, or the request could not be sent. */
    CONNECT,
    /** A connect, first-byte, idle or total deadline passed. */
    TIMEOUT,
    /** The connection broke or the answer was cut short. */
    BROKEN,
    /** The upstream answered with an error status. */
    STATUS
  }

  /** A short label for traces: the status, or the cause. */
  public String label() {
    return switch (cause) {
      case STATUS -> Integer.toString(upstreamStatus);
      case CONNECT -> "connect_error";
      case TIMEOUT -> "timeout";
      case BROKEN -> "broken";
    };
  }
}
