package dev.shepherd.translate.anthropic;

import static dev.shepherd.translate.anthropic.AnthropicJson.present;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shepherd.api.ApiException;
import dev.shepherd.api.ErrorKind;

/**
 * OpenAI {@code tools}, {@code tool_choice} and {@code parallel_tool_calls} → Anthropic {@code tools}
 * and {@code tool_choice}. Without tools, {@code tool_choice} and {@code parallel_tool_calls} mean
 * nothing and are not sent. A function's {@code strict} flag is not sent (as in Anthropic's own
 * OpenAI compatibility layer).
 */
final class ChatTools {
  private ChatTools() {}

  /** Sets {@code tools} and {@code tool_choice} on {@code out}; any argument may be {@code null}. */
  static void convert(JsonNode tools, JsonNode toolChoice, JsonNode parallel, ObjectNode out) {
    if (tools == null || ParamChecks.array(tools, "tools").isEmpty()) {
      return;
    }
    ArrayNode converted = out.putArray("tools");
    for (int i = 0; i < tools.size(); i++) {
      converted.add(tool(tools.get(i), "tools[" + i + "]"));
    }
    boolean disableParallel = parallel != null && !ParamChecks.bool(parallel, "parallel_tool_calls");
    ObjectNode choice = toolChoice == null ? null : choice(toolChoice);
    if (disableParallel && (choice == null || !"none".equals(choice.get("type").textValue()))) {
      if (choice == null) {
        choice = AnthropicJson.object().put("type", "auto");
      }
      choice.put("disable_parallel_tool_use", true);
    }
    if (choice != null) {
      out.set("tool_choice", choice);
    }
  }

  private static ObjectNode tool(JsonNode t, String at) {
    ParamChecks.object(t, at);
    String type = AnthropicJson.text(t, "type");
    if (type != null && !type.equals("function")) {
      throw new ApiException(ErrorKind.UNSUPPORTED_PARAMETER,
          at + ".type: \"" + type + "\" tools are not supported by upstream anthropic (only function tools)", at + ".type");
    }
    JsonNode fn = ParamChecks.object(ParamChecks.required(t, "function", at + ".function"), at + ".function");
    ObjectNode out = AnthropicJson.object();
    out.put("name", ParamChecks.string(ParamChecks.required(fn, "name", at + ".function.name"), at + ".function.name"));
    JsonNode description = present(fn, "description");
    if (description != null) {
      out.put("description", ParamChecks.string(description, at + ".function.description"));
    }
    JsonNode parameters = present(fn, "parameters");
    if (parameters == null) {
      // OpenAI: omitting parameters defines a function with an empty parameter list.
      ObjectNode empty = out.putObject("input_schema");
      empty.put("type", "object");
      empty.putObject("properties");
    } else {
      out.set("input_schema", ParamChecks.object(parameters, at + ".function.parameters"));
    }
    return out;
  }

  private static ObjectNode choice(JsonNode c) {
    ObjectNode out = AnthropicJson.object();
    if (c.isTextual()) {
      switch (c.textValue()) {
        case "auto" -> out.put("type", "auto");
        case "none" -> out.put("type", "none");
        case "required" -> out.put("type", "any");
        default -> throw ParamChecks.value("tool_choice", "\"" + c.textValue() + "\" (expected: auto, none, required"
            + " or {\"type\":\"function\",\"function\":{\"name\":...}})");
      }
      return out;
    }
    ParamChecks.object(c, "tool_choice");
    String type = AnthropicJson.text(c, "type");
    if (!"function".equals(type)) {
      throw new ApiException(ErrorKind.UNSUPPORTED_PARAMETER,
          "tool_choice: type \"" + type + "\" is not supported by upstream anthropic (expected: function)", "tool_choice");
    }
    JsonNode fn = ParamChecks.object(ParamChecks.required(c, "function", "tool_choice.function"), "tool_choice.function");
    String name = ParamChecks.string(ParamChecks.required(fn, "name", "tool_choice.function.name"), "tool_choice.function.name");
    return out.put("type", "tool").put("name", name);
  }
}
