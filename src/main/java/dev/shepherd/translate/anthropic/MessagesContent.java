package dev.shepherd.translate.anthropic;

import static dev.shepherd.translate.anthropic.AnthropicJson.present;
import static dev.shepherd.translate.anthropic.AnthropicJson.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shepherd.api.ApiException;
import dev.shepherd.api.ErrorKind;

/**
 * Anthropic {@code messages} → OpenAI chat messages. A user turn's {@code tool_result} blocks become
 * {@code tool} messages placed before the rest of the turn (OpenAI wants them right after the
 * assistant's calls); images inside a tool result move to that following user message. An
 * assistant turn's text blocks are joined into one string and its {@code tool_use} blocks become
 * {@code tool_calls}; thinking blocks are dropped (their signatures only mean something to
 * Anthropic). {@code cache_control} and {@code citations} have no OpenAI form and are not sent.
 */
final class MessagesContent {
  /** Prefix of a tool message whose {@code tool_result} had {@code is_error: true}. */
  static final String TOOL_ERROR_PREFIX = "Error: ";

  private MessagesContent() {}

  /** Validates and converts {@code messages}, appending to {@code out}. */
  static void convert(JsonNode messages, ArrayNode out) {
    for (int i = 0; i < messages.size(); i++) {
      String at = "messages[" + i + "]";
      JsonNode m = ParamChecks.object(messages.get(i), at);
      String role = ParamChecks.string(ParamChecks.required(m, "role", at + ".role"), at + ".role");
      JsonNode content = ParamChecks.required(m, "content", at + ".content");
      if (!content.isTextual() && !content.isArray()) {
        throw ParamChecks.type(at + ".content", "a string or an array of content blocks");
      }
      switch (role) {
        case "user" -> user(content, at + ".content", out);
        case "assistant" -> assistant(content, at + ".content", out);
        default -> throw ParamChecks.value(at + ".role", "\"" + role + "\" (expected: user or assistant)");
      }
    }
  }

  private static void user(JsonNode content, String at, ArrayNode out) {
    if (content.isTextual()) {
      out.addObject().put("role", "user").put("content", content.textValue());
      return;
    }
    ArrayNode parts = AnthropicJson.array();
    ArrayNode carried = AnthropicJson.array();
    for (int j = 0; j < content.size(); j++) {
      String bat = at + "[" + j + "]";
      JsonNode b = ParamChecks.object(content.get(j), bat);
      String type = blockType(b, bat);
      switch (type) {
        case "tool_result" -> out.add(toolMessage(b, bat, carried));
        case "text", "image", "document" -> parts.add(part(b, type, bat));
        default -> throw notAllowed(bat, type, "user");
      }
    }
    carried.addAll(parts);
    if (!carried.isEmpty()) {
      ObjectNode msg = out.addObject().put("role", "user");
      if (carried.size() == 1 && "text".equals(text(carried.get(0), "type"))) {
        msg.put("content", carried.get(0).get("text").textValue());
      } else {
        msg.set("content", carried);
      }
    }
  }

  private static void assistant(JsonNode content, String at, ArrayNode out) {
    ObjectNode msg = AnthropicJson.object().put("role", "assistant");
    if (content.isTextual()) {
      out.add(msg.put("content", content.textValue()));
      return;
    }
    StringBuilder text = new StringBuilder();
    boolean anyText = false;
    ArrayNode calls = AnthropicJson.array();
    for (int j = 0; j < content.size(); j++) {
      String bat = at + "[" + j + "]";
      JsonNode b = ParamChecks.object(content.get(j), bat);
      String type = blockType(b, bat);
      switch (type) {
        case "text" -> {
          text.append(ParamChecks.string(ParamChecks.required(b, "text", bat + ".text"), bat + ".text"));
          anyText = true;
        }
        case "tool_use" -> calls.add(toolCall(b, bat));
        case "thinking", "redacted_thinking" -> { }
        default -> throw notAllowed(bat, type, "assistant");
      }
    }
    if (anyText || calls.isEmpty()) {
      msg.put("content", text.toString());
    } else {
      msg.putNull("content");
    }
    if (!calls.isEmpty()) {
      msg.set("tool_calls", calls);
    }
    out.add(msg);
  }

  private static ObjectNode toolCall(JsonNode b, String at) {
    String id = ParamChecks.string(ParamChecks.required(b, "id", at + ".id"), at + ".id");
    String name = ParamChecks.string(ParamChecks.required(b, "name", at + ".name"), at + ".name");
    JsonNode input = ParamChecks.object(ParamChecks.required(b, "input", at + ".input"), at + ".input");
    ObjectNode call = AnthropicJson.object().put("id", id).put("type", "function");
    call.putObject("function").put("name", name).put("arguments", AnthropicJson.write(input));
    return call;
  }

  private static ObjectNode toolMessage(JsonNode b, String at, ArrayNode carried) {
    String id = ParamChecks.string(ParamChecks.required(b, "tool_use_id", at + ".tool_use_id"), at + ".tool_use_id");
    JsonNode isError = present(b, "is_error");
    boolean error = isError != null && ParamChecks.bool(isError, at + ".is_error");
    ObjectNode msg = AnthropicJson.object().put("role", "tool").put("tool_call_id", id);
    JsonNode content = present(b, "content");
    if (content == null || content.isTextual()) {
      String s = content == null ? "" : content.textValue();
      return msg.put("content", error ? TOOL_ERROR_PREFIX + s : s);
    }
    ParamChecks.array(content, at + ".content");
    ArrayNode parts = AnthropicJson.array();
    if (error) {
      parts.addObject().put("type", "text").put("text", TOOL_ERROR_PREFIX);
    }
    for (int k = 0; k < content.size(); k++) {
      String cat = at + ".content[" + k + "]";
      JsonNode c = ParamChecks.object(content.get(k), cat);
      String type = blockType(c, cat);
      switch (type) {
        case "text" -> parts.add(part(c, type, cat));
        case "image", "document" -> carried.add(part(c, type, cat)); // tool messages carry text only
        default -> throw notAllowed(cat, type, "tool_result");
      }
    }
    return msg.set("content", parts);
  }

  /** A text, image or document block → an OpenAI user content part. */
  private static ObjectNode part(JsonNode b, String type, String at) {
    ObjectNode p = AnthropicJson.object();
    if (type.equals("text")) {
      return p.put("type", "text").put("text", ParamChecks.string(ParamChecks.required(b, "text", at + ".text"), at + ".text"));
    }
    JsonNode source = ParamChecks.object(ParamChecks.required(b, "source", at + ".source"), at + ".source");
    String sourceType = ParamChecks.string(ParamChecks.required(source, "type", at + ".source.type"), at + ".source.type");
    if (type.equals("image")) {
      String url = switch (sourceType) {
        case "base64" -> base64Url(source, at);
        case "url" -> ParamChecks.string(ParamChecks.required(source, "url", at + ".source.url"), at + ".source.url");
        default -> throw unsupportedSource(at, sourceType);
      };
      p.put("type", "image_url").putObject("image_url").put("url", url);
      return p;
    }
    if (sourceType.equals("text")) { // a plain-text document is just text to an OpenAI model
      return p.put("type", "text").put("text", ParamChecks.string(ParamChecks.required(source, "data", at + ".source.data"),
          at + ".source.data"));
    }
    if (!sourceType.equals("base64")) {
      throw unsupportedSource(at, sourceType);
    }
    ObjectNode file = p.put("type", "file").putObject("file");
    file.put("file_data", base64Url(source, at));
    String title = text(b, "title");
    if (title != null) {
      file.put("filename", title);
    }
    return p;
  }

  private static String base64Url(JsonNode source, String at) {
    String media = ParamChecks.string(ParamChecks.required(source, "media_type", at + ".source.media_type"),
        at + ".source.media_type");
    String data = ParamChecks.string(ParamChecks.required(source, "data", at + ".source.data"), at + ".source.data");
    return new DataUrl(media, data).toUrl();
  }

  private static String blockType(JsonNode b, String at) {
    return ParamChecks.string(ParamChecks.required(b, "type", at + ".type"), at + ".type");
  }

  private static ApiException unsupportedSource(String at, String sourceType) {
    return new ApiException(ErrorKind.UNSUPPORTED_PARAMETER, at + ".source.type: \"" + sourceType
        + "\" sources cannot be sent to an OpenAI-compatible upstream (expected: base64, url for images)", at + ".source.type");
  }

  private static ApiException notAllowed(String at, String type, String where) {
    return switch (type) {
      case "text", "image", "document", "tool_use", "tool_result", "thinking", "redacted_thinking" ->
          ParamChecks.value(at + ".type", "\"" + type + "\" blocks are not allowed in " + where + " content");
      default -> new ApiException(ErrorKind.UNSUPPORTED_PARAMETER, at + ".type: \"" + type
          + "\" blocks cannot be sent to an OpenAI-compatible upstream", at + ".type");
    };
  }
}
