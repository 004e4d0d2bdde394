package dev.shepherd.tokens;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the parts of a chat completions body that become prompt tokens, in one Jackson
 * streaming pass; everything else is skipped. The body is expected to have passed
 * {@link dev.shepherd.api.openai.RequestParser} already: fields of an unexpected type are ignored
 * rather than reported.
 */
final class ChatReader {
  /**
   * Tokens charged per image part: OpenAI's high-detail worst case for the GPT-4o family,
   * 85 + 170 × 8 tiles = 1,445 (an image is scaled to fit 2048 × 2048, then its short side to
   * 768 px, so at most 2 × 4 tiles of 512 px); see OpenAI's vision guide, "Calculating costs".
   * Models bill images differently (gpt-4o-mini inflates them; Llama 4 uses up to 16 tiles of
   * 144 tokens), so this is a fixed, documented stand-in, not an exact count.
   */
  static final long IMAGE_TOKENS = 1_445;

  /** Tokens charged per image part with {@code "detail": "low"}: OpenAI's flat 85. */
  static final long LOW_DETAIL_IMAGE_TOKENS = 85;

  private static final JsonFactory JSON = new JsonFactory();

  private ChatReader() {}

  static ChatPrompt read(byte[] body) {
    List<ChatPrompt.Message> messages = new ArrayList<>();
    List<String> tools = new ArrayList<>();
    try (JsonParser p = JSON.createParser(body)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return new ChatPrompt(messages, tools);
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken t = p.nextToken();
        if (name.equals("messages") && t == JsonToken.START_ARRAY) {
          while (p.nextToken() == JsonToken.START_OBJECT) {
            messages.add(message(p));
          }
        } else if ((name.equals("tools") || name.equals("functions")) && t == JsonToken.START_ARRAY) {
          while (p.nextToken() == JsonToken.START_OBJECT) {
            int start = (int) p.currentTokenLocation().getByteOffset();
            p.skipChildren();
            int end = (int) p.currentTokenLocation().getByteOffset() + 1;
            tools.add(new String(body, start, end - start, StandardCharsets.UTF_8));
          }
        } else {
          p.skipChildren();
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("chat body is not valid JSON", e);
    }
    return new ChatPrompt(messages, tools);
  }

  private static ChatPrompt.Message message(JsonParser p) throws IOException {
    String role = "";
    String name = null;
    String toolCallId = null;
    List<String> texts = new ArrayList<>(1);
    long images = 0;
    List<ChatPrompt.ToolCall> calls = new ArrayList<>(0);
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      JsonToken t = p.nextToken();
      switch (field) {
        case "role" -> role = text(p, role);
        case "name" -> name = text(p, name);
        case "tool_call_id" -> toolCallId = text(p, toolCallId);
        case "content" -> {
          if (t == JsonToken.VALUE_STRING) {
            texts.add(p.getText());
          } else if (t == JsonToken.START_ARRAY) {
            while (p.nextToken() == JsonToken.START_OBJECT) {
              images += part(p, texts);
            }
          } else {
            p.skipChildren();
          }
        }
        case "tool_calls" -> {
          if (t == JsonToken.START_ARRAY) {
            while (p.nextToken() == JsonToken.START_OBJECT) {
              calls.add(toolCall(p));
            }
          } else {
            p.skipChildren();
          }
        }
        case "function_call" -> {
          if (t == JsonToken.START_OBJECT) {
            calls.add(function(p));
          } else {
            p.skipChildren();
          }
        }
        default -> p.skipChildren();
      }
    }
    return new ChatPrompt.Message(role, name, texts, images, calls, toolCallId);
  }

  /** Adds a text part's text to {@code texts}; returns the image tokens of an image part, else 0. */
  private static long part(JsonParser p, List<String> texts) throws IOException {
    String text = null;
    boolean image = false;
    boolean low = false;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      JsonToken t = p.nextToken();
      if ((field.equals("text") || field.equals("refusal")) && t == JsonToken.VALUE_STRING) {
        text = p.getText();
      } else if (field.equals("image_url")) {
        image = true;
        if (t == JsonToken.START_OBJECT) {
          while (p.nextToken() == JsonToken.FIELD_NAME) {
            String f = p.currentName();
            p.nextToken();
            low |= f.equals("detail") && "low".equals(p.getValueAsString());
            p.skipChildren();
          }
        }
      } else {
        p.skipChildren();
      }
    }
    if (text != null) {
      texts.add(text);
      return 0;
    }
    return image ? (low ? LOW_DETAIL_IMAGE_TOKENS : IMAGE_TOKENS) : 0;
  }

  private static ChatPrompt.ToolCall toolCall(JsonParser p) throws IOException {
    ChatPrompt.ToolCall call = new ChatPrompt.ToolCall("", "");
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      JsonToken t = p.nextToken();
      if (field.equals("function") && t == JsonToken.START_OBJECT) {
        call = function(p);
      } else {
        p.skipChildren();
      }
    }
    return call;
  }

  private static ChatPrompt.ToolCall function(JsonParser p) throws IOException {
    String name = "";
    String arguments = "";
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      p.nextToken();
      switch (field) {
        case "name" -> name = text(p, name);
        case "arguments" -> arguments = text(p, arguments);
        default -> p.skipChildren();
      }
    }
    return new ChatPrompt.ToolCall(name, arguments);
  }

  private static String text(JsonParser p, String otherwise) throws IOException {
    if (p.currentToken() == JsonToken.VALUE_STRING) {
      return p.getText();
    }
    p.skipChildren();
    return otherwise;
  }
}
