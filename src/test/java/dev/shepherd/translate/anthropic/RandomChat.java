package dev.shepherd.translate.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Test helper: random valid OpenAI chat requests from a seeded {@link Random} — system and
 * developer messages (sometimes mid-conversation), user text and image parts, assistant text and
 * tool calls with random JSON arguments followed by their tool results, tools, tool_choice,
 * parallel_tool_calls, stop, sampling, max tokens, user, reasoning_effort, stream.
 */
final class RandomChat {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;
  private static final String[] WORDS = {"hello", "wörld", "\"quoted\"", "tab\there", "line\nbreak", "∑ unicode ✓",
      "emoji 🦀", "back\\slash", "<xml attr='1'/>", "{\"not\":\"json\"}", "  spaced  ", "end."};
  private final Random r;
  private int ids;

  RandomChat(long seed) {
    this.r = new Random(seed);
  }

  ObjectNode request() {
    ObjectNode req = F.objectNode();
    req.put("model", "gpt-4o");
    List<String> toolNames = new ArrayList<>();
    int toolCount = r.nextInt(4);
    for (int i = 0; i < toolCount; i++) {
      toolNames.add("tool_" + i);
    }
    req.set("messages", messages(toolNames));
    if (!toolNames.isEmpty()) {
      ArrayNode tools = req.putArray("tools");
      for (String name : toolNames) {
        ObjectNode fn = tools.addObject().put("type", "function").putObject("function").put("name", name);
        if (r.nextBoolean()) {
          fn.put("description", text());
        }
        if (r.nextInt(4) > 0) {
          ObjectNode schema = fn.putObject("parameters").put("type", "object");
          schema.set("properties", object(2));
        }
      }
      switch (r.nextInt(6)) {
        case 0 -> req.put("tool_choice", "auto");
        case 1 -> req.put("tool_choice", "none");
        case 2 -> req.put("tool_choice", "required");
        case 3 -> req.putObject("tool_choice").put("type", "function").putObject("function")
            .put("name", toolNames.get(r.nextInt(toolNames.size())));
        default -> { }
      }
      if (r.nextInt(3) == 0) {
        req.put("parallel_tool_calls", r.nextBoolean());
      }
    }
    switch (r.nextInt(3)) {
      case 0 -> req.put("stop", word());
      case 1 -> {
        ArrayNode stop = req.putArray("stop");
        for (int i = 1 + r.nextInt(3); i > 0; i--) {
          stop.add(word());
        }
      }
      default -> { }
    }
    if (r.nextBoolean()) {
      req.put("temperature", r.nextInt(201) / 100.0);
    }
    if (r.nextBoolean()) {
      req.put("top_p", r.nextInt(101) / 100.0);
    }
    long max = 1 + r.nextInt(32000);
    switch (r.nextInt(3)) {
      case 0 -> req.put("max_tokens", max);
      case 1 -> req.put("max_completion_tokens", max);
      default -> max = RoundTripPropertyTest.DEFAULT_MAX;
    }
    if (max > 1024 && r.nextInt(3) == 0) {
      req.put("reasoning_effort", new String[] {"none", "minimal", "low", "medium", "high", "xhigh"}[r.nextInt(6)]);
    }
    if (r.nextBoolean()) {
      req.put("user", "user-" + r.nextInt(1000));
    }
    if (r.nextBoolean()) {
      req.put("stream", r.nextBoolean());
      if (req.get("stream").booleanValue() && r.nextBoolean()) {
        req.putObject("stream_options").put("include_usage", r.nextBoolean());
      }
    }
    return req;
  }

  private ArrayNode messages(List<String> toolNames) {
    ArrayNode m = F.arrayNode();
    for (int i = r.nextInt(3); i > 0; i--) {
      m.addObject().put("role", r.nextBoolean() ? "system" : "developer").set("content", textContent());
    }
    int steps = 1 + r.nextInt(7);
    for (int s = 0; s < steps; s++) {
      user(m);
      if (r.nextInt(10) == 0) {
        m.addObject().put("role", "system").set("content", textContent()); // mid-conversation: hoisted
      }
      if (s < steps - 1 || r.nextInt(4) == 0) {
        for (int a = r.nextInt(5) == 0 ? 2 : 1; a > 0; a--) {
          assistant(m, toolNames);
        }
      }
    }
    return m;
  }

  private void user(ArrayNode m) {
    ObjectNode msg = m.addObject().put("role", "user");
    if (r.nextBoolean()) {
      msg.put("content", text());
      return;
    }
    ArrayNode parts = msg.putArray("content");
    for (int i = 1 + r.nextInt(3); i > 0; i--) {
      if (r.nextInt(3) == 0) {
        String url = r.nextBoolean() ? "https://example.com/img/" + r.nextInt(1000) + ".png"
            : "data:image/" + (r.nextBoolean() ? "png" : "jpeg") + ";base64,iVBORw0KGgo" + r.nextInt(1000) + "=";
        ObjectNode image = parts.addObject().put("type", "image_url").putObject("image_url").put("url", url);
        if (r.nextBoolean()) {
          image.put("detail", "low");
        }
      } else {
        parts.addObject().put("type", "text").put("text", text());
      }
    }
  }

  private void assistant(ArrayNode m, List<String> toolNames) {
    ObjectNode msg = m.addObject().put("role", "assistant");
    boolean calls = !toolNames.isEmpty() && r.nextBoolean();
    int style = r.nextInt(3);
    if (style == 0 && calls) {
      msg.putNull("content");
    } else if (style == 1) {
      msg.putArray("content").addObject().put("type", "text").put("text", text());
    } else {
      msg.put("content", text());
    }
    if (!calls) {
      return;
    }
    ArrayNode tc = msg.putArray("tool_calls");
    List<String> callIds = new ArrayList<>();
    for (int i = 1 + r.nextInt(3); i > 0; i--) {
      String id = "call_" + (ids++);
      callIds.add(id);
      JsonNode args = object(3);
      tc.addObject().put("id", id).put("type", "function").putObject("function")
          .put("name", toolNames.get(r.nextInt(toolNames.size())))
          .put("arguments", args.isEmpty() && r.nextBoolean() ? "" : args.toString());
    }
    for (String id : callIds) {
      ObjectNode result = m.addObject().put("role", "tool").put("tool_call_id", id);
      result.set("content", r.nextBoolean() ? F.textNode(text()) : textParts());
    }
  }

  private JsonNode textContent() {
    return r.nextBoolean() ? F.textNode(text()) : textParts();
  }

  private ArrayNode textParts() {
    ArrayNode parts = F.arrayNode();
    for (int i = 1 + r.nextInt(2); i > 0; i--) {
      parts.addObject().put("type", "text").put("text", text());
    }
    return parts;
  }

  /** A random JSON object nested up to {@code depth}. */
  ObjectNode object(int depth) {
    ObjectNode o = F.objectNode();
    for (int i = r.nextInt(4); i > 0; i--) {
      o.set(word() + i, value(depth - 1));
    }
    return o;
  }

  private JsonNode value(int depth) {
    return switch (depth <= 0 ? r.nextInt(5) : r.nextInt(7)) {
      case 0 -> F.textNode(text());
      case 1 -> F.numberNode(r.nextInt(2_000_000) - 1_000_000);
      case 2 -> F.numberNode(r.nextInt(100_000) / 64.0);
      case 3 -> F.booleanNode(r.nextBoolean());
      case 4 -> F.nullNode();
      case 5 -> object(depth);
      default -> {
        ArrayNode a = F.arrayNode();
        for (int i = r.nextInt(4); i > 0; i--) {
          a.add(value(depth - 1));
        }
        yield a;
      }
    };
  }

  String text() {
    StringBuilder sb = new StringBuilder(word());
    for (int i = r.nextInt(6); i > 0; i--) {
      sb.append(' ').append(word());
    }
    return sb.toString();
  }

  String word() {
    return WORDS[r.nextInt(WORDS.length)];
  }

  Random random() {
    return r;
  }
}
