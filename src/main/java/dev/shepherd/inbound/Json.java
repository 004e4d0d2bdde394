package dev.shepherd.inbound;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shepherd.api.ApiException;
import dev.shepherd.api.ErrorKind;

/** Reading a client's body as a tree and writing trees as bytes. */
final class Json {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private Json() {}

  /** The body as a tree; malformed JSON is a 400 {@code invalid_json}. */
  static JsonNode read(byte[] body) {
    try {
      JsonNode node = MAPPER.readTree(body);
      if (node == null) {
        throw new ApiException(ErrorKind.INVALID_JSON, "The request body is empty; expected a JSON object.");
      }
      return node;
    } catch (JacksonException e) {
      throw new ApiException(ErrorKind.INVALID_JSON, "malformed JSON in request body: " + e.getOriginalMessage());
    } catch (java.io.IOException e) {
      throw new ApiException(ErrorKind.INVALID_JSON, "unreadable request body");
    }
  }

  static byte[] bytes(JsonNode node) {
    try {
      return MAPPER.writeValueAsBytes(node);
    } catch (JacksonException e) {
      throw new IllegalStateException("a tree always serializes", e);
    }
  }
}
