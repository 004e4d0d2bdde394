package dev.shepherd.translate.anthropic;

import static dev.shepherd.translate.anthropic.AnthropicJson.present;
import static dev.shepherd.translate.anthropic.AnthropicJson.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shepherd.api.ApiException;
import dev.shepherd.api.ErrorKind;

/**
 * OpenAI message content (a string or an array of parts) → Anthropic content blocks. Empty text is
 * skipped (Anthropic rejects empty text blocks); {@code cache_control} on a part is carried over;
 * {@code image_url.detail} has no Anthropic equivalent and is not sent.
 */
final class ChatContent {
  private ChatContent() {}

  static ObjectNode textBlock(String text) {
    ObjectNode b = AnthropicJson.object();
    b.put("type", "text");
    b.put("text", text);
    return b;
  }

  /** User content → blocks appended to {@code blocks}. */
  static void user(JsonNode content, String path, ArrayNode blocks) {
    if (content.isTextual()) {
      addText(blocks, content.textValue(), null);
      return;
    }
    ParamChecks.array(content, path);
    for (int j = 0; j < content.size(); j++) {
      JsonNode part = ParamChecks.object(content.get(j), path + "[" + j + "]");
      String at = path + "[" + j + "]";
      String type = ParamChecks.string(ParamChecks.required(part, "type", at + ".type"), at + ".type");
      switch (type) {
        case "text" -> addText(blocks, ParamChecks.string(ParamChecks.required(part, "text", at + ".text"), at + ".text"),
            present(part, "cache_control"));
        case "image_url" -> blocks.add(withCache(image(part, at), part));
        case "file" -> blocks.add(withCache(file(part, at), part));
        case "input_audio" -> throw new ApiException(ErrorKind.UNSUPPORTED_PARAMETER,
            at + ": audio input is not supported by upstream anthropic", at + ".type");
        default -> throw ParamChecks.value(at + ".type", "\"" + type + "\" is not a known content part type"
            + " (expected: text, image_url, file)");
      }
    }
  }

  /**
   * System, developer, assistant or tool content (a string, or text parts; an assistant's refusal
   * parts count as text) → text blocks.
   */
  static void textParts(JsonNode content, String path, ArrayNode blocks) {
    if (content.isTextual()) {
      addText(blocks, content.textValue(), null);
      return;
    }
    ParamChecks.array(content, path);
    for (int j = 0; j < content.size(); j++) {
      String at = path + "[" + j + "]";
      JsonNode part = ParamChecks.object(content.get(j), at);
      String type = text(part, "type");
      if ("text".equals(type) || "refusal".equals(type)) {
        addText(blocks, ParamChecks.string(ParamChecks.required(part, type, at + "." + type), at + "." + type),
            present(part, "cache_control"));
      } else {
        throw ParamChecks.value(at + ".type", "only text content parts are allowed in this message");
      }
    }
  }

  /** Tool message content → {@code tool_result.content}: the string itself, or text blocks. */
  static JsonNode toolResult(JsonNode content, String path) {
    if (content == null) {
      return AnthropicJson.MAPPER.getNodeFactory().textNode("");
    }
    if (content.isTextual()) {
      return content;
    }
    ArrayNode blocks = AnthropicJson.array();
    textParts(content, path, blocks);
    return blocks;
  }

  private static void addText(ArrayNode blocks, String text, JsonNode cacheControl) {
    if (!text.isEmpty()) {
      ObjectNode b = textBlock(text);
      if (cacheControl != null) {
        b.set("cache_control", cacheControl);
      }
      blocks.add(b);
    }
  }

  private static ObjectNode withCache(ObjectNode block, JsonNode part) {
    JsonNode cc = present(part, "cache_control");
    if (cc != null) {
      block.set("cache_control", cc);
    }
    return block;
  }

  /** {@code image_url} part → image block with a URL or base64 source. */
  private static ObjectNode image(JsonNode part, String at) {
    JsonNode iu = ParamChecks.required(part, "image_url", at + ".image_url");
    String param = at + ".image_url.url";
    String url = iu.isTextual() ? iu.textValue()
        : ParamChecks.string(ParamChecks.required(ParamChecks.object(iu, at + ".image_url"), "url", param), param);
    ObjectNode source = AnthropicJson.object();
    DataUrl data = DataUrl.parse(url, param);
    if (data != null) {
      source.put("type", "base64").put("media_type", data.mediaType()).put("data", data.base64());
    } else if (url.regionMatches(true, 0, "https://", 0, 8) || url.regionMatches(true, 0, "http://", 0, 7)) {
      source.put("type", "url").put("url", url);
    } else {
      throw ParamChecks.value(param, "expected an http(s) URL or a base64 data URL");
    }
    ObjectNode b = AnthropicJson.object();
    b.put("type", "image");
    b.set("source", source);
    return b;
  }

  /** {@code file} part with inline {@code file_data} → document block; file ids cannot be resolved. */
  private static ObjectNode file(JsonNode part, String at) {
    JsonNode f = ParamChecks.object(ParamChecks.required(part, "file", at + ".file"), at + ".file");
    String fileData = text(f, "file_data");
    if (fileData == null) {
      throw new ApiException(ErrorKind.UNSUPPORTED_PARAMETER,
          at + ".file: only inline file_data is supported by upstream anthropic (file_id cannot be resolved)",
          at + ".file");
    }
    DataUrl data = DataUrl.parse(fileData, at + ".file.file_data");
    if (data == null) {
      data = new DataUrl("application/pdf", fileData); // raw base64: OpenAI accepts PDFs only
    }
    ObjectNode source = AnthropicJson.object();
    source.put("type", "base64").put("media_type", data.mediaType()).put("data", data.base64());
    ObjectNode b = AnthropicJson.object();
    b.put("type", "document");
    b.set("source", source);
    String name = text(f, "filename");
    if (name != null) {
      b.put("title", name);
    }
    return b;
  }
}
