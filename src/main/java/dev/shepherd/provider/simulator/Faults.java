package dev.shepherd.provider.simulator;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;

/** Bodies and headers of injected error and rate-limit responses, shaped as OpenAI sends them. */
final class Faults {

  private Faults() {}

  /** {@code errorStatus} when it is an HTTP error status (400-599), else 500. */
  static int errorStatus(int errorStatus) {
    return errorStatus >= 400 && errorStatus <= 599 ? errorStatus : 500;
  }

  /** The error body for an injected {@code status}: type and code follow OpenAI's for that status. */
  static Buffer errorBody(int status) {
    if (status == 429) {
      return rateLimitBody(1);
    }
    if (status == 401) {
      return Bodies.error("Incorrect API key provided (simulated error).", "invalid_request_error", null, "invalid_api_key");
    }
    if (status >= 500) {
      return Bodies.error("The server had an error while processing your request (simulated error, status " + status + ").",
          "server_error", null, null);
    }
    return Bodies.error("The request failed (simulated error, status " + status + ").", "invalid_request_error", null, null);
  }

  static void rateLimitHeaders(HttpServerResponse response, int retryAfterSeconds) {
    int seconds = Math.max(0, retryAfterSeconds);
    response.putHeader("retry-after", Integer.toString(seconds));
    response.putHeader("retry-after-ms", Long.toString(seconds * 1000L));
    response.putHeader("x-ratelimit-remaining-requests", "0");
  }

  static Buffer rateLimitBody(int retryAfterSeconds) {
    return Bodies.error("Rate limit reached for requests (simulated). Please try again in " + Math.max(0, retryAfterSeconds)
        + "s.", "requests", null, "rate_limit_exceeded");
  }
}
