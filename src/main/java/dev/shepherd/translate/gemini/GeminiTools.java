package dev.shepherd.translate.gemini;

import static dev.shepherd.translate.gemini.GeminiJson.NODES;
import static dev.shepherd.translate.gemini.GeminiJson.absent;
import static dev.shepherd.translate.gemini.GeminiJson.invalid;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shepherd.api.ApiException;
import dev.shepherd.api.ErrorKind;
import java.util.HashSet;
import java.util.Set;

/**
 * OpenAI {@code tools} and {@code tool_choice} → Gemini {@code tools[].functionDeclarations} and
 * {@code toolConfig.functionCallingConfig}. Parameter schemas go as {@code parametersJsonSchema}
 * (JSON Schema, accepted as is by the Gemini API) with only the root {@code $schema} removed.
 */
final class GeminiTools {
  private GeminiTools() {}

  /** Writes {@code tools} and {@code toolConfig} into {@code body}; {@code tools} may be absent. */
  static void translate(JsonNode tools, JsonNode toolChoice, ObjectNode body) {
    Set<String> names = new HashSet<>();
    if (!absent(tools)) {
      if (!tools.isArray()) {
        throw GeminiJson.type("tools", "an array");
      }
      ArrayNode declarations = NODES.arrayNode();
      for (int i = 0; i < tools.size(); i++) {
        declarations.add(declaration(tools.get(i), "tools[" + i + "]", names));
      }
      if (!declarations.isEmpty()) {
        body.putArray("tools").addObject().set("functionDeclarations", declarations);
      }
    }
    if (!absent(toolChoice)) {
      ObjectNode config = functionCallingConfig(toolChoice, names);
      if (config != null) {
        body.putObject("toolConfig").set("functionCallingConfig", config);
      }
    }
  }

  private static ObjectNode declaration(JsonNode tool, String at, Set<String> names) {
    String type = tool.path("type").asText("");
    if (!"function".equals(type)) {
      throw new ApiException(ErrorKind.UNSUPPORTED_PARAMETER,
          at + ".type: '" + type + "' tools are not supported by the Gemini upstream (expected: function)", "tools");
    }
    JsonNode fn = tool.path("function");
    String name = fn.path("name").asText("");
    if (name.isEmpty()) {
      throw invalid(at + ".function.name", "missing");
    }
    names.add(name);
    ObjectNode d = NODES.objectNode();
    d.put("name", name);
    if (fn.path("description").isTextual()) {
      d.put("description", fn.get("description").asText());
    }
    JsonNode parameters = fn.get("parameters");
    if (!absent(parameters)) {
      if (!parameters.isObject()) {
        throw GeminiJson.type(at + ".function.parameters", "a JSON Schema object");
      }
      d.set("parametersJsonSchema", schema(parameters));
    }
    return d;
  }

  /**
   * A copy of a JSON Schema without the root {@code $schema} (a dialect marker Gemini does not
   * need); a copy, so the body shares no mutable tree with the caller's request.
   */
  static JsonNode schema(JsonNode schema) {
    ObjectNode copy = ((ObjectNode) schema).deepCopy();
    copy.remove("$schema");
    return copy;
  }

  /** {@code null} when the choice needs no config (e.g. "auto" or "none" without tools). */
  private static ObjectNode functionCallingConfig(JsonNode choice, Set<String> names) {
    ObjectNode config = NODES.objectNode();
    if (choice.isTextual()) {
      String mode = switch (choice.asText()) {
        case "auto" -> "AUTO";
        case "none" -> "NONE";
        case "required" -> "ANY";
        default -> throw invalid("tool_choice", "'" + choice.asText() + "' (expected: auto, none, required, or a function)");
      };
      if (names.isEmpty()) {
        if ("ANY".equals(mode)) {
          throw invalid("tool_choice", "'required' needs tools");
        }
        return null;
      }
      return config.put("mode", mode);
    }
    String type = choice.path("type").asText("");
    ArrayNode allowed = NODES.arrayNode();
    switch (type) {
      case "function" -> allowed.add(known(choice.path("function").path("name").asText(""), names, "tool_choice.function.name"));
      case "allowed_tools" -> {
        JsonNode at = choice.path("allowed_tools");
        if (!"required".equals(at.path("mode").asText())) {
          throw new ApiException(ErrorKind.UNSUPPORTED_PARAMETER, "tool_choice: allowed_tools with mode '"
              + at.path("mode").asText() + "' is not supported by the Gemini upstream (expected: required)", "tool_choice");
        }
        JsonNode tools = at.path("tools");
        for (int i = 0; i < tools.size(); i++) {
          allowed.add(known(tools.get(i).path("function").path("name").asText(""), names,
              "tool_choice.allowed_tools.tools[" + i + "].function.name"));
        }
      }
      default -> throw invalid("tool_choice.type", "'" + type + "' (expected: function, allowed_tools)");
    }
    config.put("mode", "ANY");
    config.set("allowedFunctionNames", allowed);
    return config;
  }

  private static String known(String name, Set<String> names, String param) {
    if (!names.contains(name)) {
      throw invalid(param, "'" + name + "' is not one of the request's tools");
    }
    return name;
  }
}
