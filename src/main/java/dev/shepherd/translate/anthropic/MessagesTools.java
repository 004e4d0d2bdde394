package dev.shepherd.translate.anthropic;

import static dev.shepherd.translate.anthropic.AnthropicJson.present;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shepherd.api.ApiException;
import dev.shepherd.api.ErrorKind;

/**
 * Anthropic {@code tools} and {@code tool_choice} → OpenAI {@code tools}, {@code tool_choice} and
 * {@code parallel_tool_calls}. Client tools only: Anthropic server tools (web search, bash, text
 * editor, …) run inside Anthropic and are 400s here. {@code cache_control} on a tool is not sent.
 */
final class MessagesTools {
  private MessagesTools() {}

  /** Without tools, {@code tool_choice} means nothing (and OpenAI rejects it): it is checked, not sent. */
  static void convert(JsonNode tools, JsonNode toolChoice, ObjectNode out) {
    boolean any = tools != null && !ParamChecks.array(tools, "tools").isEmpty();
    if (any) {
      ArrayNode converted = out.putArray("tools");
      for (int i = 0; i < tools.size(); i++) {
        converted.add(tool(tools.get(i), "tools[" + i + "]"));
      }
    }
    if (toolChoice != null) {
      ObjectNode choice = AnthropicJson.object();
      choice(ParamChecks.object(toolChoice, "tool_choice"), choice);
      if (any) {
        out.setAll(choice);
      }
    }
  }

  private static ObjectNode tool(JsonNode t, String at) {
    ParamChecks.object(t, at);
    String type = AnthropicJson.text(t, "type");
    if (type != null && !type.equals("custom")) {
      throw new ApiException(ErrorKind.UNSUPPORTED_PARAMETER, at + ".type: \"" + type
          + "\" is an Anthropic server tool; it cannot run on an OpenAI-compatible upstream", at + ".type");
    }
    ObjectNode fn = AnthropicJson.object();
    fn.put("name", ParamChecks.string(ParamChecks.required(t, "name", at + ".name"), at + ".name"));
    JsonNode description = present(t, "description");
    if (description != null) {
      fn.put("description", ParamChecks.string(description, at + ".description"));
    }
    fn.set("parameters", ParamChecks.object(ParamChecks.required(t, "input_schema", at + ".input_schema"),
        at + ".input_schema"));
    ObjectNode out = AnthropicJson.object().put("type", "function");
    out.set("function", fn);
    return out;
  }

  private static void choice(JsonNode c, ObjectNode out) {
    String type = ParamChecks.string(ParamChecks.required(c, "type", "tool_choice.type"), "tool_choice.type");
    switch (type) {
      case "auto" -> out.put("tool_choice", "auto");
      case "any" -> out.put("tool_choice", "required");
      case "none" -> out.put("tool_choice", "none");
      case "tool" -> {
        String name = ParamChecks.string(ParamChecks.required(c, "name", "tool_choice.name"), "tool_choice.name");
        ObjectNode named = out.putObject("tool_choice").put("type", "function");
        named.putObject("function").put("name", name);
      }
      default -> throw ParamChecks.value("tool_choice.type", "\"" + type + "\" (expected: auto, any, tool, none)");
    }
    JsonNode disable = present(c, "disable_parallel_tool_use");
    if (disable != null && ParamChecks.bool(disable, "tool_choice.disable_parallel_tool_use") && !type.equals("none")) {
      out.put("parallel_tool_calls", false);
    }
  }
}
