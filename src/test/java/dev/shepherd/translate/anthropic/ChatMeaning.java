package dev.shepherd.translate.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Test helper: the meaning of an OpenAI chat request, in a normal form two requests can be compared
 * in. The normalisation is exactly what the OpenAI → Anthropic → OpenAI round trip is documented
 * to change (docs/translation-anthropic.md, "Round trip"):
 *
 * <ul>
 *   <li>system and developer texts are one list, wherever the messages were (hoisted);
 *   <li>consecutive messages of the same side merge into one turn (user and tool messages are the
 *       user side); in a user turn, tool results come first; adjacent texts concatenate; empty
 *       texts vanish; an assistant turn is its concatenated text plus its tool calls;
 *   <li>tool results are compared as their concatenated text; tool arguments as parsed JSON (blank
 *       = {@code {}}); image {@code detail} and message {@code name} are not compared;
 *   <li>{@code stop} is a list; temperature is {@code min(t, 1)}; max tokens is {@code
 *       max_completion_tokens}, else {@code max_tokens}, else the default; a tool without
 *       parameters has the empty object schema; without tools, {@code tool_choice} and {@code
 *       parallel_tool_calls} do not exist; no tool_choice is {@code auto};
 *   <li>{@code reasoning_effort} is the level of its capped thinking budget ({@code none} = absent);
 *   <li>{@code model} and {@code stream_options} are not compared.
 * </ul>
 */
final class ChatMeaning {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private ChatMeaning() {}

  static ObjectNode of(JsonNode req, long defaultMax) {
    ObjectNode out = F.objectNode();
    ArrayNode system = out.putArray("system");
    ArrayNode turns = out.putArray("turns");
    ObjectNode turn = null;
    String side = null;
    for (JsonNode m : req.path("messages")) {
      String role = m.path("role").asText();
      if (role.equals("system") || role.equals("developer")) {
        texts(m.get("content"), system);
        continue;
      }
      String s = role.equals("assistant") ? "assistant" : "user";
      if (!s.equals(side)) {
        turn = turns.addObject().put("side", s);
        turn.putArray("results");
        turn.putArray("items");
        turn.put("text", "");
        turn.putArray("calls");
        side = s;
      }
      switch (role) {
        case "user" -> userItems(m.get("content"), (ArrayNode) turn.get("items"));
        case "tool" -> {
          ArrayNode t = F.arrayNode();
          texts(m.get("content"), t);
          ((ArrayNode) turn.get("results")).addObject().put("id", m.get("tool_call_id").asText()).put("text", join(t));
        }
        default -> assistant(m, turn);
      }
    }
    for (JsonNode t : turns) {
      mergeAdjacentTexts((ArrayNode) t.get("items"));
    }
    long max = req.hasNonNull("max_completion_tokens") ? req.get("max_completion_tokens").asLong()
        : req.hasNonNull("max_tokens") ? req.get("max_tokens").asLong() : defaultMax;
    out.put("max_tokens", max);
    params(req, max, out);
    return out;
  }

  private static void params(JsonNode req, long max, ObjectNode out) {
    JsonNode stop = req.get("stop");
    if (stop != null && stop.isTextual()) {
      out.putArray("stop").add(stop);
    } else if (stop != null && !stop.isEmpty()) {
      out.set("stop", stop);
    }
    if (req.hasNonNull("temperature")) {
      out.put("temperature", Math.min(1.0, req.get("temperature").asDouble()));
    }
    if (req.hasNonNull("top_p")) {
      out.put("top_p", req.get("top_p").asDouble());
    }
    if (req.hasNonNull("user")) {
      out.put("user", req.get("user").asText());
    }
    String effort = req.path("reasoning_effort").asText(null);
    if (effort != null && ReasoningEffort.budget(effort) > 0) {
      out.put("reasoning_effort", ReasoningEffort.effort(Math.min(ReasoningEffort.budget(effort), max - 1)));
    }
    out.put("stream", req.path("stream").asBoolean(false));
    JsonNode tools = req.get("tools");
    if (tools == null || tools.isEmpty()) {
      return;
    }
    ArrayNode ts = out.putArray("tools");
    for (JsonNode t : tools) {
      JsonNode fn = t.get("function");
      ObjectNode n = ts.addObject().put("name", fn.get("name").asText());
      n.set("description", fn.get("description"));
      n.set("parameters", fn.hasNonNull("parameters") ? fn.get("parameters")
          : F.objectNode().put("type", "object").set("properties", F.objectNode()));
    }
    JsonNode choice = req.get("tool_choice");
    String c = choice == null ? "auto" : choice.isTextual() ? choice.asText() : "function:" + choice.at("/function/name").asText();
    out.put("tool_choice", c);
    out.put("parallel_tool_calls", !(req.path("parallel_tool_calls").isBoolean()
        && !req.get("parallel_tool_calls").booleanValue() && !c.equals("none")));
  }

  private static void assistant(JsonNode m, ObjectNode turn) {
    ArrayNode t = F.arrayNode();
    if (m.hasNonNull("content")) {
      texts(m.get("content"), t);
    }
    turn.put("text", turn.get("text").asText() + join(t));
    for (JsonNode call : m.path("tool_calls")) {
      String args = call.at("/function/arguments").asText("");
      JsonNode parsed = args.isBlank() ? F.objectNode() : AnthropicJson.tryParse(args);
      ((ArrayNode) turn.get("calls")).addObject().put("id", call.get("id").asText())
          .put("name", call.at("/function/name").asText()).set("arguments", parsed);
    }
  }

  private static void userItems(JsonNode content, ArrayNode items) {
    if (content.isTextual()) {
      addText(items, content.asText());
      return;
    }
    for (JsonNode p : content) {
      if (p.path("type").asText().equals("text")) {
        addText(items, p.get("text").asText());
      } else {
        items.addObject().put("image", p.at("/image_url/url").asText());
      }
    }
  }

  private static void texts(JsonNode content, ArrayNode out) {
    if (content == null || content.isNull()) {
      return;
    }
    if (content.isTextual()) {
      addText(out, content.asText());
      return;
    }
    for (JsonNode p : content) {
      addText(out, p.get("text").asText());
    }
  }

  private static void addText(ArrayNode out, String text) {
    if (!text.isEmpty()) {
      out.add(text);
    }
  }

  private static void mergeAdjacentTexts(ArrayNode items) {
    ArrayNode merged = F.arrayNode();
    for (JsonNode i : items) {
      int last = merged.size() - 1;
      if (i.isTextual() && last >= 0 && merged.get(last).isTextual()) {
        merged.set(last, F.textNode(merged.get(last).asText() + i.asText()));
      } else {
        merged.add(i);
      }
    }
    items.removeAll();
    items.addAll(merged);
  }

  private static String join(ArrayNode texts) {
    StringBuilder sb = new StringBuilder();
    texts.forEach(t -> sb.append(t.asText()));
    return sb.toString();
  }
}
