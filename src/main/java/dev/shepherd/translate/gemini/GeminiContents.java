package dev.shepherd.translate.gemini;

import static dev.shepherd.translate.gemini.GeminiJson.NODES;
import static dev.shepherd.translate.gemini.GeminiJson.absent;
import static dev.shepherd.translate.gemini.GeminiJson.invalid;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashMap;
import java.util.Map;

/**
 * OpenAI {@code messages} → Gemini {@code contents} and {@code systemInstruction}. Every message
 * lands somewhere: system/developer text in {@code systemInstruction} (in order, wherever it stood),
 * user and tool messages in {@code user} turns, assistant messages in {@code model} turns;
 * consecutive turns of the same role are merged into one (Gemini expects user and model turns to
 * alternate, and the responses to parallel calls to share one turn).
 */
final class GeminiContents {
  /**
   * Google's documented stand-in for a thought signature the client did not keep (function calls
   * that Gemini 3 did not see produce, e.g. from history written by another model or an SDK that
   * drops {@code extra_content}); without one Gemini 3 rejects the turn with a 400.
   */
  static final String SKIP_SIGNATURE = "skip_thought_signature_validator";

  private final ArrayNode contents = NODES.arrayNode();
  private final ArrayNode system = NODES.arrayNode();
  /** tool_call_id → function name, from the assistant messages seen so far (latest wins). */
  private final Map<String, String> callNames = new HashMap<>();

  private GeminiContents() {}

  /** Writes {@code contents} and, when there is system text, {@code systemInstruction} into {@code body}. */
  static void translate(JsonNode messages, ObjectNode body) {
    if (!messages.isArray()) {
      throw GeminiJson.type("messages", "an array of messages");
    }
    GeminiContents c = new GeminiContents();
    for (int i = 0; i < messages.size(); i++) {
      c.message(messages.get(i), "messages[" + i + "]");
    }
    if (c.contents.isEmpty()) {
      throw invalid("messages", "Gemini needs at least one user, assistant or tool message with content");
    }
    if (!c.system.isEmpty()) {
      body.putObject("systemInstruction").set("parts", c.system);
    }
    body.set("contents", c.contents);
  }

  private void message(JsonNode m, String at) {
    String role = m.path("role").asText("");
    switch (role) {
      case "system", "developer" -> GeminiParts.text(GeminiParts.textOnly(m.get("content"), at + ".content"), system);
      case "user" -> {
        ArrayNode parts = NODES.arrayNode();
        GeminiParts.append(m.get("content"), at + ".content", true, parts);
        turn("user", parts);
      }
      case "assistant" -> assistant(m, at);
      case "tool" -> turn("user", NODES.arrayNode().add(toolResult(m, at)));
      case "function" -> throw invalid(at + ".role",
          "legacy 'function' messages cannot be sent to Gemini; use tool messages");
      default -> throw invalid(at + ".role", "'" + role + "' (expected: system, developer, user, assistant, tool)");
    }
  }

  private void assistant(JsonNode m, String at) {
    if (!absent(m.get("function_call"))) {
      throw invalid(at + ".function_call", "legacy function_call cannot be sent to Gemini; use tool_calls");
    }
    if (!absent(m.get("audio"))) {
      throw invalid(at + ".audio", "assistant audio cannot be sent to Gemini");
    }
    ArrayNode parts = NODES.arrayNode();
    GeminiParts.append(m.get("content"), at + ".content", false, parts);
    JsonNode calls = m.get("tool_calls");
    if (!absent(calls)) {
      if (!calls.isArray()) {
        throw GeminiJson.type(at + ".tool_calls", "an array");
      }
      boolean signed = false;
      int first = parts.size();
      for (int j = 0; j < calls.size(); j++) {
        ObjectNode part = functionCall(calls.get(j), at + ".tool_calls[" + j + "]");
        signed |= part.has("thoughtSignature");
        parts.add(part);
      }
      if (!signed && calls.size() > 0) {
        ((ObjectNode) parts.get(first)).put("thoughtSignature", SKIP_SIGNATURE);
      }
    }
    turn("model", parts);
  }

  private ObjectNode functionCall(JsonNode call, String at) {
    String type = call.path("type").asText("function");
    if (!"function".equals(type)) {
      throw invalid(at + ".type", "'" + type + "' tool calls cannot be sent to Gemini (expected: function)");
    }
    String id = call.path("id").asText("");
    String name = call.path("function").path("name").asText("");
    if (name.isEmpty()) {
      throw invalid(at + ".function.name", "missing");
    }
    String arguments = call.path("function").path("arguments").asText("");
    JsonNode args = arguments.isBlank() ? NODES.objectNode() : GeminiJson.parse(arguments, at + ".function.arguments");
    if (!args.isObject()) {
      throw invalid(at + ".function.arguments", "expected a JSON object");
    }
    ObjectNode part = NODES.objectNode();
    ObjectNode fc = part.putObject("functionCall");
    if (!id.isEmpty()) {
      fc.put("id", id);
      callNames.put(id, name);
    }
    fc.put("name", name);
    fc.set("args", args);
    JsonNode signature = call.path("extra_content").path("google").path("thought_signature");
    if (signature.isTextual() && !signature.asText().isEmpty()) {
      part.put("thoughtSignature", signature.asText());
    }
    return part;
  }

  private ObjectNode toolResult(JsonNode m, String at) {
    String id = m.path("tool_call_id").asText("");
    String name = callNames.get(id);
    if (name == null) {
      throw invalid(at + ".tool_call_id", "'" + id + "' does not match a tool call of an earlier assistant message");
    }
    String text = GeminiParts.textOnly(m.get("content"), at + ".content");
    JsonNode response = null;
    if (text.stripLeading().startsWith("{")) {
      try {
        response = GeminiJson.JSON.readTree(text);
      } catch (Exception e) {
        response = null; // not JSON after all: wrapped below
      }
    }
    if (response == null || !response.isObject()) {
      response = NODES.objectNode().put("output", text);
    }
    ObjectNode part = NODES.objectNode();
    part.putObject("functionResponse").put("id", id).put("name", name).set("response", response);
    return part;
  }

  /** Adds {@code parts} as a turn, merged into the previous turn when it has the same role. */
  private void turn(String role, ArrayNode parts) {
    if (parts.isEmpty()) {
      return; // an empty message carries nothing Gemini could use (and Gemini rejects empty turns)
    }
    JsonNode last = contents.isEmpty() ? null : contents.get(contents.size() - 1);
    if (last != null && role.equals(last.path("role").asText())) {
      ((ArrayNode) last.get("parts")).addAll(parts);
      return;
    }
    ObjectNode turn = contents.addObject();
    turn.put("role", role);
    turn.set("parts", parts);
  }
}
