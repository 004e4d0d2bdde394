package dev.shepherd.translate.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shepherd.pipeline.Usage;

/**
 * Anthropic {@code message} response → OpenAI {@code chat.completion}. Text blocks are concatenated
 * into {@code content}; {@code thinking} blocks into {@code reasoning_content}; {@code tool_use}
 * blocks become {@code tool_calls} with the same ids and the input as a JSON string; other block
 * types (redacted thinking, server tools) have no OpenAI form and are left out. Never throws on a
 * well-formed message; a non-object is an {@link IllegalArgumentException} (broken upstream).
 */
public final class AnthropicResponses {
  private AnthropicResponses() {}

  /**
   * @param model the model name to report (the client's public model)
   * @param id the completion id to report (e.g. {@code chatcmpl-…})
   */
  public static ObjectNode toChat(JsonNode message, String model, String id, long createdSeconds) {
    if (message == null || !message.isObject()) {
      throw new IllegalArgumentException("Anthropic response: expected a message object");
    }
    StringBuilder text = new StringBuilder();
    StringBuilder thinking = new StringBuilder();
    ArrayNode calls = AnthropicJson.array();
    boolean anyText = false;
    for (JsonNode block : message.path("content")) {
      switch (block.path("type").asText()) {
        case "text" -> {
          text.append(block.path("text").asText());
          anyText = true;
        }
        case "thinking" -> thinking.append(block.path("thinking").asText());
        case "tool_use" -> {
          ObjectNode call = calls.addObject();
          call.put("id", block.path("id").asText()).put("type", "function");
          JsonNode input = block.get("input");
          call.putObject("function").put("name", block.path("name").asText())
              .put("arguments", input == null || input.isNull() ? "{}" : AnthropicJson.write(input));
        }
        default -> { } // redacted_thinking, server_tool_use, web_search_tool_result, …
      }
    }
    ObjectNode out = AnthropicJson.object();
    out.put("id", id).put("object", "chat.completion").put("created", createdSeconds).put("model", model);
    ObjectNode choice = out.putArray("choices").addObject();
    choice.put("index", 0);
    ObjectNode msg = choice.putObject("message");
    msg.put("role", "assistant");
    if (anyText || calls.isEmpty()) {
      msg.put("content", text.toString());
    } else {
      msg.putNull("content");
    }
    if (!thinking.isEmpty()) {
      msg.put("reasoning_content", thinking.toString());
    }
    msg.putNull("refusal");
    if (!calls.isEmpty()) {
      msg.set("tool_calls", calls);
    }
    choice.putNull("logprobs");
    choice.put("finish_reason", StopReasons.finishReason(AnthropicJson.text(message, "stop_reason")));
    out.set("usage", ChatUsage.toChat(usage(message)));
    return out;
  }

  /** The message's usage: prompt = input + cache read + cache creation; cached = cache read. */
  public static Usage usage(JsonNode message) {
    return message == null ? Usage.NONE : ChatUsage.fromAnthropic(message.get("usage"));
  }
}
