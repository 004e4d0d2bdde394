package dev.shepherd.translate.gemini;

import static dev.shepherd.translate.gemini.GeminiJson.NODES;
import static dev.shepherd.translate.gemini.GeminiJson.absent;
import static dev.shepherd.translate.gemini.GeminiJson.invalid;
import static dev.shepherd.translate.gemini.GeminiJson.object;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;
import java.util.Map;

/**
 * One OpenAI message's {@code content} (a string or an array of content parts) as Gemini
 * {@code parts}: text, {@code inlineData} for {@code data:} URLs and {@code input_audio}, and
 * {@code fileData} for http(s) image URLs (the Gemini API fetches public and signed URLs itself).
 * Empty text is left out. Anything it cannot carry is a 400 naming the part.
 */
final class GeminiParts {
  /** MIME types Gemini accepts, by file extension (for {@code fileData}, which requires one). */
  private static final Map<String, String> BY_EXTENSION = Map.ofEntries(
      Map.entry("png", "image/png"), Map.entry("jpg", "image/jpeg"), Map.entry("jpeg", "image/jpeg"),
      Map.entry("webp", "image/webp"), Map.entry("gif", "image/gif"), Map.entry("heic", "image/heic"),
      Map.entry("heif", "image/heif"), Map.entry("pdf", "application/pdf"));

  private GeminiParts() {}

  /**
   * Appends the parts of {@code content} to {@code parts}.
   *
   * @param param the field's name for error messages, e.g. {@code messages[2].content}
   * @param media whether non-text parts are allowed here (user messages only)
   */
  static void append(JsonNode content, String param, boolean media, ArrayNode parts) {
    if (absent(content)) {
      return;
    }
    if (content.isTextual()) {
      text(content.asText(), parts);
      return;
    }
    if (!content.isArray()) {
      throw GeminiJson.type(param, "a string or an array of content parts");
    }
    for (int i = 0; i < content.size(); i++) {
      JsonNode part = content.get(i);
      String at = param + "[" + i + "]";
      String type = part.path("type").asText("");
      switch (type) {
        case "text" -> text(part.path("text").asText(""), parts);
        case "refusal" -> text(part.path("refusal").asText(""), parts);
        case "image_url" -> {
          requireMedia(media, at, type);
          parts.add(imageUrl(part.path("image_url"), at + ".image_url.url"));
        }
        case "input_audio" -> {
          requireMedia(media, at, type);
          parts.add(audio(part.path("input_audio"), at + ".input_audio"));
        }
        case "file" -> {
          requireMedia(media, at, type);
          parts.add(file(part.path("file"), at + ".file"));
        }
        default -> throw invalid(at + ".type", "content part type '" + type
            + "' cannot be sent to Gemini (expected: text, image_url, input_audio, file)");
      }
    }
  }

  /** The text of a content field that may only hold text (system and tool messages). */
  static String textOnly(JsonNode content, String param) {
    if (absent(content)) {
      return "";
    }
    if (content.isTextual()) {
      return content.asText();
    }
    if (!content.isArray()) {
      throw GeminiJson.type(param, "a string or an array of text parts");
    }
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < content.size(); i++) {
      JsonNode part = content.get(i);
      if (!"text".equals(part.path("type").asText())) {
        throw invalid(param + "[" + i + "].type", "only text parts are allowed in this message");
      }
      sb.append(part.path("text").asText(""));
    }
    return sb.toString();
  }

  static void text(String text, ArrayNode parts) {
    if (!text.isEmpty()) {
      parts.addObject().put("text", text);
    }
  }

  private static void requireMedia(boolean media, String at, String type) {
    if (!media) {
      throw invalid(at + ".type", type + " parts are only allowed in user messages");
    }
  }

  private static ObjectNode imageUrl(JsonNode imageUrl, String param) {
    String url = imageUrl.isTextual() ? imageUrl.asText() : imageUrl.path("url").asText("");
    if (url.startsWith("data:")) {
      return dataUrl(url, param);
    }
    String lower = url.toLowerCase(Locale.ROOT);
    if (!lower.startsWith("https://") && !lower.startsWith("http://")) {
      throw invalid(param, "expected a data: URL or an http(s) URL");
    }
    String mime = mimeFromExtension(url);
    if (mime == null) {
      throw invalid(param, "cannot tell the image type from the URL's extension (expected: "
          + String.join(", ", BY_EXTENSION.keySet().stream().sorted().toList())
          + "); send the image as a data: URL instead");
    }
    ObjectNode part = object();
    part.putObject("fileData").put("mimeType", mime).put("fileUri", url);
    return part;
  }

  private static ObjectNode audio(JsonNode audio, String param) {
    String format = audio.path("format").asText("");
    String mime = switch (format) {
      case "wav" -> "audio/wav";
      case "mp3" -> "audio/mp3";
      default -> throw invalid(param + ".format", "'" + format + "' (expected: wav, mp3)");
    };
    return inline(mime, audio.path("data").asText(""));
  }

  private static ObjectNode file(JsonNode file, String param) {
    if (!absent(file.get("file_id"))) {
      throw invalid(param + ".file_id", "OpenAI file ids cannot be sent to Gemini; send file_data instead");
    }
    String data = file.path("file_data").asText("");
    if (!data.startsWith("data:")) {
      throw invalid(param + ".file_data", "expected a data: URL (data:<mime type>;base64,<data>)");
    }
    return dataUrl(data, param + ".file_data");
  }

  /** {@code data:<mime>;base64,<data>} → {@code inlineData}. */
  private static ObjectNode dataUrl(String url, String param) {
    int comma = url.indexOf(',');
    String meta = comma < 0 ? "" : url.substring(5, comma);
    if (comma < 0 || !meta.endsWith(";base64") || meta.length() == ";base64".length()) {
      throw invalid(param, "expected a base64 data: URL with a MIME type (data:<mime type>;base64,<data>)");
    }
    String mime = meta.substring(0, meta.length() - ";base64".length());
    int semicolon = mime.indexOf(';'); // parameters such as charset are not part of Gemini's mimeType
    return inline(semicolon < 0 ? mime : mime.substring(0, semicolon), url.substring(comma + 1));
  }

  private static ObjectNode inline(String mime, String base64) {
    ObjectNode part = object();
    ObjectNode inline = part.putObject("inlineData");
    inline.put("mimeType", mime);
    inline.set("data", NODES.textNode(base64));
    return part;
  }

  static String mimeFromExtension(String url) {
    int end = url.length();
    for (char c : new char[] {'?', '#'}) {
      int i = url.indexOf(c);
      if (i >= 0 && i < end) {
        end = i;
      }
    }
    String path = url.substring(0, end);
    int slash = path.lastIndexOf('/');
    int dot = path.lastIndexOf('.');
    if (dot < 0 || dot < slash) {
      return null;
    }
    return BY_EXTENSION.get(path.substring(dot + 1).toLowerCase(Locale.ROOT));
  }
}
