package dev.shepherd.translate.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * OpenAI {@code chat.completion} → Anthropic {@code message} object for {@code /v1/messages}
 * clients. Content blocks in order: thinking (from {@code reasoning_content}), text (content, or the
 * refusal), then one {@code tool_use} per tool call with its arguments parsed; arguments that are
 * not a JSON object are kept as {@code {"_raw_arguments": "<text>"}} so nothing is lost and a
 * client's schema check fails loudly. Only the first choice is read. A non-object is an {@link
 * IllegalArgumentException} (broken upstream).
 */
public final class MessagesResponses {
  /** Key under which tool arguments that are not a JSON object are passed on. */
  public static final String RAW_ARGUMENTS = "_raw_arguments";

  private MessagesResponses() {}

  /** @param model the model name to report (the client's public model) */
  public static ObjectNode fromChat(JsonNode chatCompletion, String model) {
    if (chatCompletion == null || !chatCompletion.isObject()) {
      throw new IllegalArgumentException("chat completion: expected an object");
    }
    JsonNode choice = chatCompletion.path("choices").path(0);
    JsonNode msg = choice.path("message");
    ObjectNode out = AnthropicJson.object();
    out.put("id", messageId(AnthropicJson.text(chatCompletion, "id")));
    out.put("type", "message").put("role", "assistant").put("model", model);
    ArrayNode content = out.putArray("content");
    String reasoning = reasoning(msg);
    if (reasoning != null && !reasoning.isEmpty()) {
      content.addObject().put("type", "thinking").put("thinking", reasoning).put("signature", "");
    }
    String text = AnthropicJson.text(msg, "content");
    String refusal = AnthropicJson.text(msg, "refusal");
    if (text != null && !text.isEmpty()) {
      content.addObject().put("type", "text").put("text", text);
    } else if (refusal != null && !refusal.isEmpty()) {
      content.addObject().put("type", "text").put("text", refusal);
    }
    for (JsonNode call : msg.path("tool_calls")) {
      ObjectNode b = content.addObject().put("type", "tool_use").put("id", call.path("id").asText());
      b.put("name", call.path("function").path("name").asText());
      b.set("input", input(call.path("function").path("arguments").asText("")));
    }
    String finish = AnthropicJson.text(choice, "finish_reason");
    String matched = AnthropicJson.text(choice, "stop_reason"); // vLLM: the stop string that ended the text
    boolean refused = refusal != null && !refusal.isEmpty() && (text == null || text.isEmpty());
    out.put("stop_reason", refused ? "refusal" : StopReasons.stopReason(finish, matched != null));
    if (matched != null && "stop".equals(finish)) {
      out.put("stop_sequence", matched);
    } else {
      out.putNull("stop_sequence");
    }
    out.set("usage", usage(chatCompletion.path("usage")));
    return out;
  }

  /** {@code msg_} + the completion id without its {@code chatcmpl-} prefix. */
  static String messageId(String chatId) {
    if (chatId == null || chatId.isEmpty()) {
      return "msg_" + java.util.UUID.randomUUID().toString().replace("-", "");
    }
    return "msg_" + (chatId.startsWith("chatcmpl-") ? chatId.substring(9) : chatId);
  }

  /** {@code reasoning_content} (DeepSeek, vLLM) or {@code reasoning} (newer vLLM, OpenRouter). */
  static String reasoning(JsonNode msgOrDelta) {
    String r = AnthropicJson.text(msgOrDelta, "reasoning_content");
    return r != null ? r : AnthropicJson.text(msgOrDelta, "reasoning");
  }

  /** Tool arguments → {@code input}: the parsed object, {} when empty, else kept raw. */
  static JsonNode input(String arguments) {
    if (arguments.isBlank()) {
      return AnthropicJson.object();
    }
    JsonNode parsed = AnthropicJson.tryParse(arguments);
    return parsed != null && parsed.isObject() ? parsed : AnthropicJson.object().put(RAW_ARGUMENTS, arguments);
  }

  /** OpenAI usage → Anthropic usage: input excludes cached tokens, which are reported as cache reads. */
  static ObjectNode usage(JsonNode u) {
    long prompt = u.path("prompt_tokens").asLong(0);
    long cached = u.path("prompt_tokens_details").path("cached_tokens").asLong(0);
    ObjectNode out = AnthropicJson.object();
    out.put("input_tokens", Math.max(0, prompt - cached)).put("cache_creation_input_tokens", 0)
        .put("cache_read_input_tokens", cached).put("output_tokens", u.path("completion_tokens").asLong(0));
    return out;
  }
}
