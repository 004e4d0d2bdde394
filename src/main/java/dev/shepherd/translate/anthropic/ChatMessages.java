package dev.shepherd.translate.anthropic;

import static dev.shepherd.translate.anthropic.AnthropicJson.present;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shepherd.api.ApiException;
import dev.shepherd.api.ErrorKind;

/**
 * OpenAI {@code messages} → Anthropic {@code system} + {@code messages}. System and developer
 * messages, wherever they are, become the top-level {@code system}; consecutive turns of the same
 * Anthropic role are merged (tool messages are user turns of {@code tool_result} blocks, placed
 * before any other block of that turn); assistant {@code tool_calls} become {@code tool_use} blocks
 * with their arguments parsed.
 */
final class ChatMessages {
  private ChatMessages() {}

  /** Puts {@code system} (when there is any) and {@code messages} into {@code out}. */
  static void convert(JsonNode messages, ObjectNode out) {
    if (messages == null || messages.isNull()) {
      throw ParamChecks.missing("messages");
    }
    if (!messages.isArray() || messages.isEmpty()) {
      throw messages.isArray() ? ParamChecks.value("messages", "must not be empty") : ParamChecks.type("messages", "an array");
    }
    ArrayNode system = AnthropicJson.array();
    Turns turns = new Turns();
    for (int i = 0; i < messages.size(); i++) {
      String at = "messages[" + i + "]";
      JsonNode m = ParamChecks.object(messages.get(i), at);
      String role = ParamChecks.string(ParamChecks.required(m, "role", at + ".role"), at + ".role");
      JsonNode content = present(m, "content");
      switch (role) {
        case "system", "developer" -> ChatContent.textParts(ParamChecks.required(m, "content", at + ".content"),
            at + ".content", system);
        case "user" -> {
          ArrayNode blocks = AnthropicJson.array();
          ChatContent.user(ParamChecks.required(m, "content", at + ".content"), at + ".content", blocks);
          turns.add("user", blocks, content.isTextual() ? content.textValue() : null);
        }
        case "assistant" -> assistant(m, at, content, turns);
        case "tool" -> turns.add("user", AnthropicJson.array().add(toolResult(m, at, content)), null);
        case "function" -> throw new ApiException(ErrorKind.UNSUPPORTED_PARAMETER,
            at + ".role: the deprecated function role is not supported by upstream anthropic (use tool)", at + ".role");
        default -> throw ParamChecks.value(at + ".role", "\"" + role
            + "\" is not a known role (expected: system, developer, user, assistant, tool)");
      }
    }
    if (system.size() == 1 && !system.get(0).has("cache_control")) {
      out.put("system", system.get(0).get("text").textValue());
    } else if (!system.isEmpty()) {
      out.set("system", system);
    }
    out.set("messages", turns.build());
  }

  private static void assistant(JsonNode m, String at, JsonNode content, Turns turns) {
    for (String unsupported : new String[] {"function_call", "audio"}) {
      if (present(m, unsupported) != null) {
        throw new ApiException(ErrorKind.UNSUPPORTED_PARAMETER,
            at + "." + unsupported + ": not supported by upstream anthropic", at + "." + unsupported);
      }
    }
    ArrayNode blocks = AnthropicJson.array();
    if (content != null) {
      ChatContent.textParts(content, at + ".content", blocks);
    }
    String refusal = AnthropicJson.text(m, "refusal");
    if (refusal != null && !refusal.isEmpty()) {
      blocks.add(ChatContent.textBlock(refusal));
    }
    JsonNode calls = present(m, "tool_calls");
    if (calls != null) {
      ParamChecks.array(calls, at + ".tool_calls");
      for (int k = 0; k < calls.size(); k++) {
        blocks.add(toolUse(calls.get(k), at + ".tool_calls[" + k + "]"));
      }
    }
    boolean plain = content != null && content.isTextual() && calls == null && refusal == null;
    turns.add("assistant", blocks, plain ? content.textValue() : null);
  }

  private static ObjectNode toolUse(JsonNode call, String at) {
    ParamChecks.object(call, at);
    String type = AnthropicJson.text(call, "type");
    if (type != null && !type.equals("function")) {
      throw new ApiException(ErrorKind.UNSUPPORTED_PARAMETER,
          at + ".type: \"" + type + "\" tool calls are not supported by upstream anthropic", at + ".type");
    }
    String id = ParamChecks.string(ParamChecks.required(call, "id", at + ".id"), at + ".id");
    JsonNode fn = ParamChecks.object(ParamChecks.required(call, "function", at + ".function"), at + ".function");
    String name = ParamChecks.string(ParamChecks.required(fn, "name", at + ".function.name"), at + ".function.name");
    JsonNode argsNode = present(fn, "arguments");
    String args = argsNode == null ? "" : ParamChecks.string(argsNode, at + ".function.arguments");
    JsonNode input = args.isBlank() ? AnthropicJson.object() : AnthropicJson.tryParse(args);
    if (input == null || !input.isObject()) {
      throw ParamChecks.value(at + ".function.arguments", "must be a JSON object (Anthropic tool input is an object)");
    }
    ObjectNode b = AnthropicJson.object();
    b.put("type", "tool_use").put("id", id).put("name", name);
    b.set("input", input);
    return b;
  }

  private static ObjectNode toolResult(JsonNode m, String at, JsonNode content) {
    String id = ParamChecks.string(ParamChecks.required(m, "tool_call_id", at + ".tool_call_id"), at + ".tool_call_id");
    ObjectNode b = AnthropicJson.object();
    b.put("type", "tool_result").put("tool_use_id", id);
    b.set("content", ChatContent.toolResult(content, at + ".content"));
    return b;
  }

  /** Accumulates turns, merging consecutive ones of the same role. */
  private static final class Turns {
    private final ArrayNode out = AnthropicJson.array();
    private String role;
    private ArrayNode blocks;
    private String plain;
    private int messages;

    void add(String r, ArrayNode b, String plainText) {
      if (r.equals(role)) {
        blocks.addAll(b);
        messages++;
        return;
      }
      flush();
      role = r;
      blocks = b;
      plain = plainText;
      messages = 1;
    }

    ArrayNode build() {
      flush();
      return out;
    }

    private void flush() {
      if (role == null) {
        return;
      }
      ObjectNode turn = out.addObject();
      turn.put("role", role);
      if (messages == 1 && plain != null) {
        turn.put("content", plain);
      } else if (blocks.isEmpty()) {
        turn.put("content", "");
      } else {
        turn.set("content", role.equals("user") ? toolResultsFirst(blocks) : blocks);
      }
      role = null;
    }

    /** Anthropic requires a user turn's tool_result blocks before its other blocks. */
    private static ArrayNode toolResultsFirst(ArrayNode blocks) {
      ArrayNode sorted = AnthropicJson.array();
      for (JsonNode b : blocks) {
        if ("tool_result".equals(AnthropicJson.text(b, "type"))) {
          sorted.add(b);
        }
      }
      for (JsonNode b : blocks) {
        if (!"tool_result".equals(AnthropicJson.text(b, "type"))) {
          sorted.add(b);
        }
      }
      return sorted;
    }
  }
}
