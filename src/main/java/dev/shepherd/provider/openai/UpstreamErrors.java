package dev.shepherd.provider.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shepherd.api.ApiException;
import dev.shepherd.api.ErrorKind;
import io.vertx.core.buffer.Buffer;

/**
 * Maps an upstream error response to the error vocabulary. The caller's faults (400, 422) keep
 * the upstream's message so the client can fix its request; everything else gets a Shepherd
 * message, because upstream bodies can carry key fragments or internal names.
 */
final class UpstreamErrors {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_MESSAGE = 500;

  private UpstreamErrors() {}

  static ApiException map(int status, long wait, Buffer body) {
    return switch (status) {
      case 400, 413, 422 -> {
        String[] mp = messageAndParam(body);
        yield new ApiException(ErrorKind.UPSTREAM_REJECTED,
            mp[0] == null ? "The upstream rejected the request (HTTP " + status + ")." : mp[0], mp[1]);
      }
      case 401, 403 -> new ApiException(ErrorKind.UPSTREAM_ERROR,
          "The upstream refused the gateway's credentials; the operator must fix this provider.");
      case 404 -> new ApiException(ErrorKind.UPSTREAM_ERROR,
          "The upstream does not serve the configured model; the operator must fix this deployment.");
      case 408 -> new ApiException(ErrorKind.UPSTREAM_TIMEOUT, "The upstream timed out (HTTP 408).");
      case 429 -> new ApiException(ErrorKind.UPSTREAM_RATE_LIMITED,
          "The upstream is rate limiting requests; retry later.", null, wait);
      case 503 -> new ApiException(ErrorKind.UPSTREAM_UNAVAILABLE,
          "The upstream is temporarily unavailable; retry later.", null, wait);
      case 504 -> new ApiException(ErrorKind.UPSTREAM_TIMEOUT, "The upstream timed out (HTTP 504).");
      default -> new ApiException(ErrorKind.UPSTREAM_ERROR, "The upstream failed (HTTP " + status + ").");
    };
  }

  private static String[] messageAndParam(Buffer body) {
    try {
      JsonNode error = JSON.readTree(body.getBytes()).path("error");
      String message = error.isTextual() ? error.asText() : error.path("message").asText(null);
      String param = error.path("param").isTextual() ? error.path("param").asText() : null;
      if (message != null && message.length() > MAX_MESSAGE) {
        message = message.substring(0, MAX_MESSAGE) + "…";
      }
      return new String[] {message, param};
    } catch (Exception e) {
      return new String[] {null, null};
    }
  }
}
