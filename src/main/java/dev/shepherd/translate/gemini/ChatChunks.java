package dev.shepherd.translate.gemini;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/**
 * Writes OpenAI {@code chat.completion.chunk} payloads (the JSON of one {@code data:} line) for one
 * stream: every chunk carries the stream's id, created time and model.
 */
final class ChatChunks {
  /** Writes the fields of a chunk's {@code delta}. */
  @FunctionalInterface
  private interface Delta {
    void write(JsonGenerator g) throws IOException;
  }

  private static final Delta EMPTY = g -> { };

  private final String id;
  private final String model;
  private final long created;

  ChatChunks(String id, String model, long created) {
    this.id = id;
    this.model = model;
    this.created = created;
  }

  /** {@code delta: {role: assistant, content: ""}}: the first chunk of a choice. */
  String role(int index) {
    return chunk(index, g -> {
      g.writeStringField("role", "assistant");
      g.writeStringField("content", "");
    }, null);
  }

  /** {@code delta: {field: text}}, field being {@code content} or {@code reasoning_content}. */
  String text(int index, String field, String text) {
    return chunk(index, g -> g.writeStringField(field, text), null);
  }

  /** {@code delta: {tool_calls: [call]}}. */
  String toolCall(int index, JsonNode call) {
    return chunk(index, g -> {
      g.writeArrayFieldStart("tool_calls");
      GeminiJson.JSON.writeTree(g, call);
      g.writeEndArray();
    }, null);
  }

  /** {@code delta: {}} with the choice's finish reason. */
  String finish(int index, String reason) {
    return chunk(index, EMPTY, reason);
  }

  /** The usage-only final chunk: {@code choices: []} and {@code usage}. */
  String usage(JsonNode usage) {
    StringWriter w = new StringWriter(256);
    try (JsonGenerator g = GeminiJson.JSON.getFactory().createGenerator(w)) {
      head(g);
      g.writeArrayFieldStart("choices");
      g.writeEndArray();
      g.writeFieldName("usage");
      GeminiJson.JSON.writeTree(g, usage);
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return w.toString();
  }

  private String chunk(int index, Delta delta, String finishReason) {
    StringWriter w = new StringWriter(256);
    try (JsonGenerator g = GeminiJson.JSON.getFactory().createGenerator(w)) {
      head(g);
      g.writeArrayFieldStart("choices");
      g.writeStartObject();
      g.writeNumberField("index", index);
      g.writeObjectFieldStart("delta");
      delta.write(g);
      g.writeEndObject();
      g.writeNullField("logprobs");
      if (finishReason == null) {
        g.writeNullField("finish_reason");
      } else {
        g.writeStringField("finish_reason", finishReason);
      }
      g.writeEndObject();
      g.writeEndArray();
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return w.toString();
  }

  private void head(JsonGenerator g) throws IOException {
    g.writeStartObject();
    g.writeStringField("id", id);
    g.writeStringField("object", "chat.completion.chunk");
    g.writeNumberField("created", created);
    g.writeStringField("model", model);
  }
}
