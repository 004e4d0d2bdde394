package dev.shepherd.provider.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shepherd.pipeline.Exchange;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;

/** JSON trees for protocols that translate: the exchange's chat request in, the upstream body out. */
public final class ChatTrees {
  private static final ObjectMapper JSON = new ObjectMapper();

  private ChatTrees() {}

  /**
   * The exchange's OpenAI chat request as a fresh tree (the caller may change it), with a clamped
   * {@code max_tokens} (see {@link Exchange#maxTokensOverride()}) in place of the client's.
   */
  public static ObjectNode request(Exchange ex) {
    ObjectNode tree;
    try {
      tree = (ObjectNode) JSON.readTree(ex.body()); // validated by the parser: always an object
    } catch (IOException e) {
      throw new IllegalStateException("a parsed request is JSON", e);
    }
    long clamp = ex.maxTokensOverride();
    if (clamp >= 0) {
      tree.put(tree.has("max_completion_tokens") ? "max_completion_tokens" : "max_tokens", clamp);
    }
    return tree;
  }

  /** An upstream's answer (or error body) as a tree; {@code IllegalArgumentException} when it is not JSON. */
  public static JsonNode read(byte[] body) {
    try {
      JsonNode node = JSON.readTree(body);
      if (node == null) {
        throw new IllegalArgumentException("empty body");
      }
      return node;
    } catch (IOException e) {
      throw new IllegalArgumentException("not JSON: " + e.getMessage(), e);
    }
  }

  /** {@link #read}, or {@code null} instead of an exception (error bodies may be anything). */
  public static JsonNode tryRead(byte[] body) {
    try {
      return read(body);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  public static Buffer bytes(JsonNode node) {
    try {
      return Buffer.buffer(JSON.writeValueAsBytes(node));
    } catch (IOException e) {
      throw new IllegalStateException("a tree always serializes", e);
    }
  }
}
