package dev.shepherd.provider.simulator;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.vertx.core.buffer.Buffer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/** Non-stream response bodies in the OpenAI wire format: completions, errors, model list. */
final class Bodies {

  static final String FINGERPRINT = "fp_shepherd_sim";
  static final String OWNER = "shepherd-simulator";
  private static final JsonFactory JSON = new JsonFactory();

  private Bodies() {}

  /** A {@code chat.completion} (text or tool call) or legacy {@code text_completion} object. */
  static Buffer completion(Generation g, String id, long created, String toolCallId) {
    return write(256 + g.output().size() * 8, j -> {
      j.writeStartObject();
      j.writeStringField("id", id);
      j.writeStringField("object", g.chat() ? "chat.completion" : "text_completion");
      j.writeNumberField("created", created);
      j.writeStringField("model", g.model());
      j.writeStringField("system_fingerprint", FINGERPRINT);
      j.writeArrayFieldStart("choices");
      j.writeStartObject();
      j.writeNumberField("index", 0);
      if (g.chat()) {
        j.writeObjectFieldStart("message");
        j.writeStringField("role", "assistant");
        if (g.toolName() != null) {
          j.writeNullField("content");
          j.writeNullField("refusal");
          j.writeArrayFieldStart("tool_calls");
          j.writeStartObject();
          j.writeStringField("id", toolCallId);
          j.writeStringField("type", "function");
          j.writeObjectFieldStart("function");
          j.writeStringField("name", g.toolName());
          j.writeStringField("arguments", Generation.TOOL_ARGUMENTS);
          j.writeEndObject();
          j.writeEndObject();
          j.writeEndArray();
        } else {
          j.writeStringField("content", g.output().text());
          j.writeNullField("refusal");
        }
        j.writeEndObject();
      } else {
        j.writeStringField("text", g.output().text());
      }
      j.writeNullField("logprobs");
      j.writeStringField("finish_reason", g.finishReason());
      j.writeEndObject();
      j.writeEndArray();
      writeUsage(j, g.promptTokens(), g.completionTokens());
      j.writeEndObject();
    });
  }

  static void writeUsage(JsonGenerator j, int prompt, int completion) throws IOException {
    j.writeObjectFieldStart("usage");
    j.writeNumberField("prompt_tokens", prompt);
    j.writeNumberField("completion_tokens", completion);
    j.writeNumberField("total_tokens", (long) prompt + completion);
    j.writeEndObject();
  }

  /** {@code {"error":{"message","type","param","code"}}}. */
  static Buffer error(String message, String type, String param, String code) {
    return write(160 + message.length(), j -> {
      j.writeStartObject();
      j.writeObjectFieldStart("error");
      j.writeStringField("message", message);
      j.writeStringField("type", type);
      j.writeStringField("param", param);
      j.writeStringField("code", code);
      j.writeEndObject();
      j.writeEndObject();
    });
  }

  /** A model list ({@code object: list}) or, for a single id, one model object. */
  static Buffer models(List<String> ids, long created, boolean single) {
    return write(64 + ids.size() * 96, j -> {
      if (!single) {
        j.writeStartObject();
        j.writeStringField("object", "list");
        j.writeArrayFieldStart("data");
      }
      for (String id : ids) {
        j.writeStartObject();
        j.writeStringField("id", id);
        j.writeStringField("object", "model");
        j.writeNumberField("created", created);
        j.writeStringField("owned_by", OWNER);
        j.writeEndObject();
      }
      if (!single) {
        j.writeEndArray();
        j.writeEndObject();
      }
    });
  }

  interface Writer {
    void write(JsonGenerator j) throws IOException;
  }

  static Buffer write(int sizeHint, Writer writer) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(sizeHint);
    try (JsonGenerator j = JSON.createGenerator(out)) {
      writer.write(j);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Buffer.buffer(out.toByteArray());
  }
}
