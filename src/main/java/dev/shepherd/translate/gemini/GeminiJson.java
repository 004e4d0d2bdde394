package dev.shepherd.translate.gemini;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shepherd.api.ApiException;
import dev.shepherd.api.ErrorKind;

/** The package's shared {@link ObjectMapper} and small tree helpers. */
final class GeminiJson {
  /** Rejects trailing text after a JSON value, so tool arguments and results are never half-read. */
  static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private GeminiJson() {}

  static ObjectNode object() {
    return NODES.objectNode();
  }

  /** Whether the field is missing or JSON {@code null} (OpenAI treats both as "not given"). */
  static boolean absent(JsonNode n) {
    return n == null || n.isNull() || n.isMissingNode();
  }

  /** Parses JSON text; throws INVALID_VALUE naming {@code param} when it is not JSON. */
  static JsonNode parse(String text, String param) {
    try {
      return JSON.readTree(text);
    } catch (Exception e) {
      throw new ApiException(ErrorKind.INVALID_VALUE, param + ": not valid JSON", param);
    }
  }

  static String write(JsonNode n) {
    try {
      return JSON.writeValueAsString(n);
    } catch (Exception e) {
      throw new IllegalStateException(e); // a tree always serializes
    }
  }

  static ApiException invalid(String param, String message) {
    return new ApiException(ErrorKind.INVALID_VALUE, param + ": " + message, param);
  }

  static ApiException type(String param, String expected) {
    return new ApiException(ErrorKind.INVALID_TYPE, param + ": expected " + expected, param);
  }
}
