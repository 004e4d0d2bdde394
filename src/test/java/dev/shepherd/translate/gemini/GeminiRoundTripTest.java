package dev.shepherd.translate.gemini;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * No loss: for 500 seeded random valid chat requests, every message, media part, tool, tool call
 * and tool result appears in the Gemini body, in the conversation's order, with its role, and
 * every generation parameter is there.
 */
class GeminiRoundTripTest {
  static final String[] WORDS = {"alpha", "beta", "gamma", "delta", "ünïcode", "😀", "line\nbreak", "\"quoted\"", "tab\t"};

  @Test
  void everyMessageToolAndToolCallSurvives() {
    for (long seed = 1; seed <= 500; seed++) {
      Random r = new Random(seed);
      ObjectNode chat = randomChat(r);
      ObjectNode body = GeminiRequests.fromChat(chat, Set.of());
      try {
        check(chat, body);
      } catch (AssertionError e) {
        throw new AssertionError("seed " + seed + ": " + e.getMessage() + "\nchat: " + chat + "\nbody: " + body, e);
      }
    }
  }

  static ObjectNode randomChat(Random r) {
    ObjectNode chat = Fixtures.JSON.createObjectNode();
    chat.put("model", "m");
    ArrayNode tools = chat.putArray("tools");
    int nTools = 1 + r.nextInt(4);
    for (int i = 0; i < nTools; i++) {
      ObjectNode fn = tools.addObject().put("type", "function").putObject("function");
      fn.put("name", "tool_" + i);
      if (r.nextBoolean()) {
        fn.put("description", text(r));
      }
      ObjectNode params = fn.putObject("parameters").put("type", "object");
      params.putObject("properties").putObject("p" + r.nextInt(9)).put("type", r.nextBoolean() ? "string" : "integer");
    }
    ArrayNode messages = chat.putArray("messages");
    int turns = 1 + r.nextInt(8);
    int callId = 0;
    for (int t = 0; t < turns; t++) {
      if (r.nextInt(5) == 0) {
        messages.addObject().put("role", r.nextBoolean() ? "system" : "developer").put("content", text(r));
      }
      ObjectNode user = messages.addObject().put("role", "user");
      if (r.nextBoolean()) {
        user.put("content", text(r));
      } else {
        ArrayNode parts = user.putArray("content");
        parts.addObject().put("type", "text").put("text", text(r));
        if (r.nextInt(3) == 0) {
          String url = r.nextBoolean() ? "data:image/png;base64,iVBOR" + r.nextInt(1000) : "https://x.io/" + r.nextInt(1000) + ".png";
          parts.addObject().put("type", "image_url").putObject("image_url").put("url", url);
        }
      }
      if (r.nextInt(4) == 0) {
        messages.addObject().put("role", "user").put("content", text(r)); // two in a row: merged turn
      }
      ObjectNode assistant = messages.addObject().put("role", "assistant");
      boolean calls = r.nextBoolean();
      if (!calls || r.nextBoolean()) {
        assistant.put("content", text(r));
      } else {
        assistant.putNull("content");
      }
      if (calls) {
        ArrayNode tc = assistant.putArray("tool_calls");
        List<String> ids = new ArrayList<>();
        for (int k = 0, n = 1 + r.nextInt(3); k < n; k++) {
          String id = "call_" + callId++;
          ids.add(id);
          ObjectNode args = Fixtures.JSON.createObjectNode().put("q", text(r)).put("n", r.nextInt(100));
          ObjectNode call = tc.addObject().put("id", id).put("type", "function");
          call.putObject("function").put("name", "tool_" + r.nextInt(nTools)).put("arguments", args.toString());
          if (r.nextBoolean()) {
            call.putObject("extra_content").putObject("google").put("thought_signature", "sig" + r.nextInt(1000));
          }
        }
        for (String id : ids) {
          String content = r.nextBoolean() ? "{\"ok\":true,\"v\":\"" + r.nextInt(100) + "\"}" : text(r);
          messages.addObject().put("role", "tool").put("tool_call_id", id).put("content", content);
        }
      }
    }
    if (r.nextBoolean()) {
      chat.put("temperature", r.nextInt(20) / 10.0);
    }
    if (r.nextBoolean()) {
      chat.put("max_tokens", 1 + r.nextInt(4000));
    }
    if (r.nextBoolean()) {
      chat.putArray("stop").add(text(r));
    }
    return chat;
  }

  static String text(Random r) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0, n = 1 + r.nextInt(5); i < n; i++) {
      sb.append(i == 0 ? "" : " ").append(WORDS[r.nextInt(WORDS.length)]);
    }
    return sb.append(' ').append(r.nextInt(1_000_000)).toString();
  }

  /** What each message contributes, in order: "role|kind|identity". */
  static List<String> expectedItems(ObjectNode chat, List<String> system) {
    List<String> items = new ArrayList<>();
    for (JsonNode m : chat.get("messages")) {
      String role = m.get("role").asText();
      switch (role) {
        case "system", "developer" -> system.add(m.get("content").asText());
        case "user" -> {
          if (m.get("content").isTextual()) {
            items.add("user|text|" + m.get("content").asText());
          } else {
            for (JsonNode p : m.get("content")) {
              items.add(p.has("text") ? "user|text|" + p.get("text").asText()
                  : "user|media|" + p.at("/image_url/url").asText());
            }
          }
        }
        case "assistant" -> {
          if (m.path("content").isTextual()) {
            items.add("model|text|" + m.get("content").asText());
          }
          for (JsonNode c : m.path("tool_calls")) {
            JsonNode args = GeminiJson.parse(c.at("/function/arguments").asText(), "a");
            items.add("model|call|" + c.get("id").asText() + "|" + c.at("/function/name").asText() + "|" + args);
          }
        }
        case "tool" -> items.add("user|result|" + m.get("tool_call_id").asText() + "|" + m.get("content").asText());
        default -> throw new AssertionError(role);
      }
    }
    return items;
  }

  static void check(ObjectNode chat, ObjectNode body) {
    List<String> system = new ArrayList<>();
    List<String> expected = expectedItems(chat, system);
    List<String> actualSystem = new ArrayList<>();
    body.at("/systemInstruction/parts").forEach(p -> actualSystem.add(p.get("text").asText()));
    assertEquals(system, actualSystem, "system text");

    List<String> actual = new ArrayList<>();
    String previousRole = null;
    for (JsonNode turn : body.get("contents")) {
      String role = turn.get("role").asText();
      assertNotEquals(previousRole, role, "turns alternate");
      previousRole = role;
      for (JsonNode p : turn.get("parts")) {
        if (p.has("text")) {
          actual.add(role + "|text|" + p.get("text").asText());
        } else if (p.has("inlineData")) {
          actual.add(role + "|media|data:" + p.at("/inlineData/mimeType").asText() + ";base64," + p.at("/inlineData/data").asText());
        } else if (p.has("fileData")) {
          actual.add(role + "|media|" + p.at("/fileData/fileUri").asText());
        } else if (p.has("functionCall")) {
          JsonNode fc = p.get("functionCall");
          actual.add(role + "|call|" + fc.get("id").asText() + "|" + fc.get("name").asText() + "|" + fc.get("args"));
        } else if (p.has("functionResponse")) {
          JsonNode fr = p.get("functionResponse");
          JsonNode response = fr.get("response");
          String content = response.has("output") && response.size() == 1 ? response.get("output").asText() : response.toString();
          actual.add(role + "|result|" + fr.get("id").asText() + "|" + content);
          assertTrue(fr.get("name").asText().startsWith("tool_"), "function response named");
        } else {
          throw new AssertionError("unexpected part " + p);
        }
      }
    }
    assertEquals(normalizeResults(expected), actual);

    JsonNode declarations = body.at("/tools/0/functionDeclarations");
    assertEquals(chat.get("tools").size(), declarations.size(), "every tool declared");
    for (int i = 0; i < declarations.size(); i++) {
      JsonNode fn = chat.get("tools").get(i).get("function");
      assertEquals(fn.get("name"), declarations.get(i).get("name"));
      assertEquals(fn.get("description"), declarations.get(i).get("description"));
      assertEquals(fn.get("parameters"), declarations.get(i).get("parametersJsonSchema"));
    }
    JsonNode gen = body.path("generationConfig");
    assertEquals(chat.has("temperature"), gen.has("temperature"));
    assertEquals(chat.has("max_tokens"), gen.has("maxOutputTokens"));
    assertEquals(chat.has("stop"), gen.has("stopSequences"));
  }

  /** Tool results that are JSON objects arrive as the response object itself: compare them as JSON. */
  static List<String> normalizeResults(List<String> items) {
    List<String> out = new ArrayList<>();
    for (String item : items) {
      int bar = item.indexOf('|', "user|result|".length());
      if (item.startsWith("user|result|") && item.substring(bar + 1).startsWith("{")) {
        out.add(item.substring(0, bar + 1) + GeminiJson.parse(item.substring(bar + 1), "r"));
      } else {
        out.add(item);
      }
    }
    return out;
  }
}
