package dev.shepherd.translate.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shepherd.api.ApiException;
import dev.shepherd.api.ErrorKind;

/**
 * Anthropic errors ↔ Shepherd's {@link ErrorKind}, consistent with how the OpenAI path maps upstream
 * statuses: the caller's faults stay 400s with the upstream's message; credentials, billing and
 * model faults are the operator's (502, upstream text hidden); {@code overloaded_error} (529) is
 * {@link ErrorKind#UPSTREAM_UNAVAILABLE}, so it fails over and is retryable. The reverse direction
 * renders any kind as an Anthropic error body for {@code /v1/messages} clients.
 */
public final class AnthropicErrors {
  private static final int MAX_MESSAGE = 500;

  private AnthropicErrors() {}

  /**
   * Maps an Anthropic error. The {@code error.type} decides when it is known; otherwise the status.
   *
   * @param httpStatus the response status, or 0 for an {@code error} event inside a stream
   * @param errorType {@code error.type}, or {@code null}
   */
  public static ErrorKind kind(int httpStatus, String errorType) {
    if (errorType != null) {
      ErrorKind byType = switch (errorType) {
        case "invalid_request_error", "request_too_large" -> ErrorKind.UPSTREAM_REJECTED;
        case "authentication_error", "permission_error", "not_found_error", "billing_error", "api_error",
             "conflict_error" -> ErrorKind.UPSTREAM_ERROR;
        case "rate_limit_error" -> ErrorKind.UPSTREAM_RATE_LIMITED;
        case "overloaded_error" -> ErrorKind.UPSTREAM_UNAVAILABLE;
        case "timeout_error" -> ErrorKind.UPSTREAM_TIMEOUT;
        default -> null;
      };
      if (byType != null) {
        return byType;
      }
    }
    return switch (httpStatus) {
      case 400, 413, 422 -> ErrorKind.UPSTREAM_REJECTED;
      case 408, 504 -> ErrorKind.UPSTREAM_TIMEOUT;
      case 429 -> ErrorKind.UPSTREAM_RATE_LIMITED;
      case 503, 529 -> ErrorKind.UPSTREAM_UNAVAILABLE;
      default -> ErrorKind.UPSTREAM_ERROR;
    };
  }

  /** The Anthropic {@code error.type} a {@code /v1/messages} client gets for {@code kind}. */
  public static String type(ErrorKind kind) {
    return switch (kind) {
      case INVALID_JSON, MISSING_PARAMETER, INVALID_TYPE, INVALID_VALUE, CONTEXT_LENGTH_EXCEEDED, METHOD_NOT_ALLOWED,
           UNSUPPORTED_MEDIA_TYPE, CONFIG_INVALID, CONFIG_NOT_EDITABLE, INVALID_CODE, CODE_EXPIRED, CODE_USED_UP, CODE_ALREADY_REDEEMED,
           UNSUPPORTED_PARAMETER, UPSTREAM_REJECTED -> "invalid_request_error";
      case INVALID_API_KEY -> "authentication_error";
      case MODEL_NOT_ALLOWED, MODEL_NOT_PRICED -> "permission_error";
      case MODEL_NOT_FOUND, NOT_FOUND -> "not_found_error";
      case REQUEST_TOO_LARGE -> "request_too_large";
      case RATE_LIMITED, TOKENS_OVER_LIMIT, UPSTREAM_RATE_LIMITED -> "rate_limit_error";
      case INSUFFICIENT_QUOTA, SPEND_CAP_REACHED -> "billing_error";
      case LIMITS_UNAVAILABLE, MODEL_UNAVAILABLE, UPSTREAM_UNAVAILABLE -> "overloaded_error";
      case UPSTREAM_TIMEOUT -> "timeout_error";
      case UPSTREAM_ERROR, INTERNAL -> "api_error";
    };
  }

  /** {@code {"type":"error","error":{"type":…,"message":…}}}, the Anthropic error body. */
  public static String body(ErrorKind kind, String message) {
    StringBuilder sb = new StringBuilder(64 + message.length());
    sb.append("{\"type\":\"error\",\"error\":{\"type\":");
    AnthropicJson.quote(sb, type(kind)).append(",\"message\":");
    return AnthropicJson.quote(sb, message).append("}}").toString();
  }

  /** The same body as an SSE {@code error} event, for failures after a stream's first byte. */
  public static String sseEvent(ErrorKind kind, String message) {
    return "event: error\ndata: " + body(kind, message) + "\n\n";
  }

  /**
   * An Anthropic error response (status + body) as an {@link ApiException}. Only the caller's
   * faults (400/413/422 and {@code invalid_request_error}) keep the upstream's message; others get
   * a Shepherd message, because upstream bodies can carry key fragments or internal names.
   *
   * @param retryAfterMillis from {@code retry-after-ms}/{@code retry-after}, or -1
   */
  public static ApiException exception(int httpStatus, String body, long retryAfterMillis) {
    JsonNode error = body == null ? null : AnthropicJson.tryParse(body);
    error = error == null ? null : error.path("error");
    String type = error == null ? null : AnthropicJson.text(error, "type");
    String message = error == null ? null : AnthropicJson.text(error, "message");
    ErrorKind kind = kind(httpStatus, type);
    long wait = kind == ErrorKind.UPSTREAM_RATE_LIMITED || kind == ErrorKind.UPSTREAM_UNAVAILABLE ? retryAfterMillis : -1;
    return new ApiException(kind, clientMessage(httpStatus, type, message), null, wait);
  }

  /**
   * A message safe to show the client for an upstream error: the upstream's own message only when
   * the fault is the caller's request, a Shepherd message otherwise.
   *
   * @param httpStatus 0 inside a stream
   * @param errorType the upstream's {@code error.type}, or {@code null}
   */
  public static String clientMessage(int httpStatus, String errorType, String upstreamMessage) {
    return message(kind(httpStatus, errorType), httpStatus, errorType, upstreamMessage);
  }

  /** {@link #clientMessage} for an already mapped kind. */
  static String message(ErrorKind kind, int httpStatus, String errorType, String upstreamMessage) {
    String status = httpStatus > 0 ? " (HTTP " + httpStatus + ")" : errorType == null ? "" : " (" + errorType + ")";
    if (kind == ErrorKind.UPSTREAM_REJECTED && upstreamMessage != null) {
      return upstreamMessage.length() > MAX_MESSAGE ? upstreamMessage.substring(0, MAX_MESSAGE) + "…" : upstreamMessage;
    }
    boolean credentials = httpStatus == 401 || httpStatus == 403 || "authentication_error".equals(errorType)
        || "permission_error".equals(errorType);
    boolean model = httpStatus == 404 || "not_found_error".equals(errorType);
    return switch (kind) {
      case UPSTREAM_REJECTED -> "The upstream rejected the request" + status + ".";
      case UPSTREAM_RATE_LIMITED -> "The upstream is rate limiting requests; retry later.";
      case UPSTREAM_UNAVAILABLE -> "The upstream is overloaded or temporarily unavailable; retry later.";
      case UPSTREAM_TIMEOUT -> "The upstream timed out" + status + ".";
      default -> credentials ? "The upstream refused the gateway's credentials; the operator must fix this provider."
          : model ? "The upstream does not serve the configured model; the operator must fix this deployment."
          : "The upstream failed" + status + ".";
    };
  }
}
