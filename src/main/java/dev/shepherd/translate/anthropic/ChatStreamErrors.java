package dev.shepherd.translate.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shepherd.api.ErrorKind;
import dev.shepherd.translate.UpstreamStreamError;

/**
 * An error payload inside an OpenAI-compatible stream → {@link UpstreamStreamError}. Recognises
 * OpenAI's {@code {"error":{"message","type","code"}}} (also what Shepherd itself writes after the
 * first byte) and vLLM's top-level {@code {"object":"error","message","type","code":400}}.
 */
final class ChatStreamErrors {
  private ChatStreamErrors() {}

  /** The error in {@code chunk}, or {@code null} when it is a normal chunk. */
  static UpstreamStreamError of(JsonNode chunk) {
    JsonNode error = chunk.get("error");
    if (error == null || error.isNull()) {
      if (!"error".equals(AnthropicJson.text(chunk, "object"))) {
        return null;
      }
      error = chunk;
    }
    String message = error.isTextual() ? error.textValue() : AnthropicJson.text(error, "message");
    String type = AnthropicJson.text(error, "type");
    JsonNode codeNode = error.get("code");
    String code = codeNode != null && codeNode.isTextual() ? codeNode.textValue() : null;
    int status = codeNode != null && codeNode.isInt() ? codeNode.intValue() : 0;
    ErrorKind kind = kind(type, code, status);
    return new UpstreamStreamError(kind, type != null ? type : code, AnthropicErrors.message(kind, status, null, message));
  }

  private static ErrorKind kind(String type, String code, int status) {
    if ("rate_limit_exceeded".equals(code) || "rate_limit_error".equals(type)) {
      return ErrorKind.UPSTREAM_RATE_LIMITED;
    }
    if ("upstream_timeout".equals(code) || "timeout".equals(type) || "timeout_error".equals(type)) {
      return ErrorKind.UPSTREAM_TIMEOUT;
    }
    if ("upstream_unavailable".equals(code) || "model_unavailable".equals(code) || "service_unavailable".equals(type)
        || "overloaded_error".equals(type)) {
      return ErrorKind.UPSTREAM_UNAVAILABLE;
    }
    if ("invalid_request_error".equals(type) || "context_length_exceeded".equals(code) || status == 400) {
      return ErrorKind.UPSTREAM_REJECTED;
    }
    return status > 0 ? AnthropicErrors.kind(status, null) : ErrorKind.UPSTREAM_ERROR;
  }
}
