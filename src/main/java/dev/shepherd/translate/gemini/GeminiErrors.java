package dev.shepherd.translate.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shepherd.api.ApiException;
import dev.shepherd.api.ErrorKind;
import dev.shepherd.translate.UpstreamStreamError;

/**
 * Gemini (Google API) errors → Shepherd's vocabulary, consistent with the OpenAI-compatible
 * provider's mapping: the caller's faults keep Google's message (it helps fix the request), all
 * others get a Shepherd message, because upstream text can name projects, keys or internals. The
 * Google {@code status} decides when known, else the HTTP status. Two deliberate differences from a
 * plain "400 = caller's fault": {@code FAILED_PRECONDITION} (Google's "enable billing" / "location
 * not supported") and an invalid API key (a 400 {@code INVALID_ARGUMENT} with reason
 * {@code API_KEY_INVALID}) are the operator's faults, so they are {@link ErrorKind#UPSTREAM_ERROR}.
 */
public final class GeminiErrors {
  private static final int MAX_MESSAGE = 500;

  private GeminiErrors() {}

  /** The kind for an HTTP status and Google {@code error.status} ({@code null} when unknown). */
  public static ErrorKind kind(int httpStatus, String status) {
    if (status != null) {
      switch (status) {
        case "INVALID_ARGUMENT", "OUT_OF_RANGE" -> {
          return ErrorKind.UPSTREAM_REJECTED;
        }
        case "FAILED_PRECONDITION", "UNAUTHENTICATED", "PERMISSION_DENIED", "NOT_FOUND", "INTERNAL", "UNKNOWN",
             "ABORTED", "DATA_LOSS", "UNIMPLEMENTED", "CANCELLED", "ALREADY_EXISTS" -> {
          return ErrorKind.UPSTREAM_ERROR;
        }
        case "RESOURCE_EXHAUSTED" -> {
          return ErrorKind.UPSTREAM_RATE_LIMITED;
        }
        case "UNAVAILABLE" -> {
          return ErrorKind.UPSTREAM_UNAVAILABLE;
        }
        case "DEADLINE_EXCEEDED" -> {
          return ErrorKind.UPSTREAM_TIMEOUT;
        }
        default -> { } // a status Google adds later: fall back to the HTTP status
      }
    }
    return switch (httpStatus) {
      case 400, 413, 422 -> ErrorKind.UPSTREAM_REJECTED;
      case 408, 504 -> ErrorKind.UPSTREAM_TIMEOUT;
      case 429 -> ErrorKind.UPSTREAM_RATE_LIMITED;
      case 503 -> ErrorKind.UPSTREAM_UNAVAILABLE;
      default -> ErrorKind.UPSTREAM_ERROR; // 401, 403, 404, other 5xx, 0 (no status)
    };
  }

  /** {@link #kind(int, String)} from a whole error body, also catching an invalid API key. */
  public static ErrorKind kind(int httpStatus, JsonNode errorBody) {
    JsonNode error = error(errorBody);
    for (JsonNode detail : error.path("details")) {
      if ("API_KEY_INVALID".equals(detail.path("reason").asText())) {
        return ErrorKind.UPSTREAM_ERROR;
      }
    }
    return kind(httpStatus, error.path("status").isTextual() ? error.get("status").asText() : null);
  }

  /**
   * Google's own {@code error.message} (at most 500 characters), or {@code null}. Accepts
   * {@code {"error":{…}}} and the array form {@code [{"error":{…}}]}. Show it to a client only for
   * {@link ErrorKind#UPSTREAM_REJECTED} ({@link #toApiException} does that).
   */
  public static String message(JsonNode errorBody) {
    JsonNode message = error(errorBody).path("message");
    if (!message.isTextual()) {
      return null;
    }
    String m = message.asText();
    return m.length() > MAX_MESSAGE ? m.substring(0, MAX_MESSAGE) + "…" : m;
  }

  /**
   * Google's {@code RetryInfo.retryDelay} (e.g. {@code "37s"}) in milliseconds, or -1. Use it when
   * the response has no {@code Retry-After} header.
   */
  public static long retryAfterMillis(JsonNode errorBody) {
    for (JsonNode detail : error(errorBody).path("details")) {
      String delay = detail.path("retryDelay").asText("");
      if (delay.endsWith("s")) {
        try {
          return Math.max(0, (long) (Double.parseDouble(delay.substring(0, delay.length() - 1)) * 1000));
        } catch (NumberFormatException e) {
          return -1;
        }
      }
    }
    return -1;
  }

  /**
   * The client-facing error for a failed {@code generateContent} call.
   *
   * @param retryAfterMillis from the response headers, or -1 (then {@link #retryAfterMillis(JsonNode)})
   */
  public static ApiException toApiException(int httpStatus, JsonNode errorBody, long retryAfterMillis) {
    ErrorKind kind = kind(httpStatus, errorBody);
    long wait = retryAfterMillis >= 0 ? retryAfterMillis : retryAfterMillis(errorBody);
    boolean waits = kind == ErrorKind.UPSTREAM_RATE_LIMITED || kind == ErrorKind.UPSTREAM_UNAVAILABLE;
    return new ApiException(kind, clientMessage(kind, httpStatus, errorBody), null, waits ? wait : -1);
  }

  /** An error payload inside a stream ({@code {"error":{"code","message","status"}}}). */
  public static UpstreamStreamError streamError(JsonNode errorBody) {
    JsonNode error = error(errorBody);
    int code = error.path("code").asInt(0);
    ErrorKind kind = kind(code, errorBody);
    return new UpstreamStreamError(kind, error.path("status").asText("UNKNOWN"), clientMessage(kind, code, errorBody));
  }

  private static String clientMessage(ErrorKind kind, int httpStatus, JsonNode errorBody) {
    String status = httpStatus > 0 ? " (HTTP " + httpStatus + ")" : "";
    return switch (kind) {
      case UPSTREAM_REJECTED -> {
        String m = message(errorBody);
        yield m != null ? m : "The upstream rejected the request" + status + ".";
      }
      case UPSTREAM_RATE_LIMITED -> "The upstream is rate limiting requests; retry later.";
      case UPSTREAM_UNAVAILABLE -> "The upstream is temporarily unavailable; retry later.";
      case UPSTREAM_TIMEOUT -> "The upstream timed out" + status + ".";
      default -> "The upstream failed" + status + ".";
    };
  }

  private static JsonNode error(JsonNode body) {
    if (body == null) {
      return GeminiJson.object();
    }
    JsonNode b = body.isArray() && !body.isEmpty() ? body.get(0) : body;
    return b.path("error");
  }
}
