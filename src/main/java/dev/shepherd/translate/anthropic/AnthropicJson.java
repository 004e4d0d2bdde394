package dev.shepherd.translate.anthropic;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The package's one {@link ObjectMapper} and small tree helpers. */
final class AnthropicJson {
  /** Strict about trailing text, so {@code {"a":1} junk} is not taken for an object. */
  static final ObjectMapper MAPPER = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private AnthropicJson() {}

  static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  static ArrayNode array() {
    return MAPPER.createArrayNode();
  }

  /** Parses one event payload; a broken payload is the upstream's fault. */
  static JsonNode parse(String data) {
    try {
      return MAPPER.readTree(data);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("event data is not JSON: " + e.getOriginalMessage());
    }
  }

  /** Parses text the model produced (tool arguments), or returns {@code null} when it is not JSON. */
  static JsonNode tryParse(String text) {
    try {
      return MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      return null;
    }
  }

  /** Compact JSON text of {@code node}. */
  static String write(JsonNode node) {
    try {
      return MAPPER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Appends {@code s} as a quoted JSON string. */
  static StringBuilder quote(StringBuilder sb, String s) {
    sb.append('"');
    JsonStringEncoder.getInstance().quoteAsString(s, sb);
    return sb.append('"');
  }

  /** The node, or {@code null} when it is absent or JSON {@code null}. */
  static JsonNode present(JsonNode parent, String field) {
    JsonNode n = parent.get(field);
    return n == null || n.isNull() ? null : n;
  }

  /** A text field's value, or {@code null}. */
  static String text(JsonNode parent, String field) {
    JsonNode n = parent.get(field);
    return n != null && n.isTextual() ? n.textValue() : null;
  }
}
