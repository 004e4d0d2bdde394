package dev.shepherd.provider.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChatCompletionsTest extends SimTestSupport {

  static final String HELLO = "{\"model\":\"gpt-test\",\"messages\":[{\"role\":\"system\",\"content\":\"Be brief.\"},"
      + "{\"role\":\"user\",\"content\":\"Hello there!\"}]";

  @Test
  void nonStreamHasEveryOpenAiField() throws Exception {
    HttpResponse<String> r = post("/chat/completions", HELLO + "}");
    assertEquals(200, r.statusCode());
    assertEquals("application/json", r.headers().firstValue("content-type").orElseThrow());
    JsonNode c = json(r.body());
    assertTrue(c.get("id").textValue().startsWith("chatcmpl-sim"));
    assertEquals("chat.completion", c.get("object").textValue());
    assertTrue(Math.abs(c.get("created").longValue() - System.currentTimeMillis() / 1000) < 60);
    assertEquals("gpt-test", c.get("model").textValue());
    assertEquals("fp_shepherd_sim", c.get("system_fingerprint").textValue());
    assertEquals(1, c.get("choices").size());
    JsonNode choice = c.get("choices").get(0);
    assertEquals(0, choice.get("index").intValue());
    assertEquals("assistant", choice.at("/message/role").textValue());
    assertEquals("Lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor incididunt ut labore et",
        choice.at("/message/content").textValue());
    assertTrue(choice.get("message").get("refusal").isNull());
    assertFalse(choice.get("message").has("tool_calls"));
    assertTrue(choice.get("logprobs").isNull());
    assertEquals("stop", choice.get("finish_reason").textValue());
    // simulated: ceil(("Be brief." + "Hello there!").length / 4) + 3 per message = ceil(21 / 4) + 6
    assertEquals(12, c.at("/usage/prompt_tokens").intValue());
    assertEquals(16, c.at("/usage/completion_tokens").intValue());
    assertEquals(28, c.at("/usage/total_tokens").intValue());
    assertEquals(1, sim.stats().completed());
    assertEquals(16, sim.stats().completionTokens());
  }

  @Test
  void streamWithoutUsageHasNoUsageField() throws Exception {
    sim.settings(settings(0, 0, 3));
    HttpResponse<String> r = post("/chat/completions", HELLO + ",\"stream\":true}");
    assertEquals(200, r.statusCode());
    assertEquals("text/event-stream; charset=utf-8", r.headers().firstValue("content-type").orElseThrow());
    List<String> events = events(r.body());
    assertEquals(6, events.size()); // role, 3 tokens, finish, [DONE]
    assertEquals("[DONE]", events.getLast());
    StringBuilder content = new StringBuilder();
    String id = null;
    for (int i = 0; i < 5; i++) {
      JsonNode chunk = json(events.get(i));
      assertChunkEnvelope(chunk);
      assertFalse(chunk.has("usage"), "no usage field without include_usage");
      id = id == null ? chunk.get("id").textValue() : id;
      assertEquals(id, chunk.get("id").textValue(), "one id per stream");
      JsonNode choice = chunk.get("choices").get(0);
      if (i == 0) {
        assertEquals("assistant", choice.at("/delta/role").textValue());
        assertEquals("", choice.at("/delta/content").textValue());
      }
      if (i < 4) {
        assertTrue(choice.get("finish_reason").isNull());
        content.append(choice.at("/delta/content").textValue());
      } else {
        assertEquals(0, choice.get("delta").size(), "final delta is empty");
        assertEquals("stop", choice.get("finish_reason").textValue());
      }
    }
    assertEquals("Lorem ipsum dolor", content.toString());
    assertEquals(1, sim.stats().streams());
    assertEquals(1, sim.stats().completed());
  }

  @Test
  void streamWithIncludeUsageEndsWithUsageChunk() throws Exception {
    sim.settings(settings(0, 0, 2));
    HttpResponse<String> r = post("/chat/completions",
        HELLO + ",\"stream\":true,\"stream_options\":{\"include_usage\":true}}");
    List<String> events = events(r.body());
    assertEquals(6, events.size()); // role, 2 tokens, finish, usage, [DONE]
    for (int i = 0; i < 4; i++) {
      JsonNode chunk = json(events.get(i));
      assertChunkEnvelope(chunk);
      assertTrue(chunk.has("usage") && chunk.get("usage").isNull(), "usage: null before the usage chunk");
    }
    JsonNode usage = json(events.get(4));
    assertEquals("chat.completion.chunk", usage.get("object").textValue());
    assertEquals(0, usage.get("choices").size());
    assertEquals(12, usage.at("/usage/prompt_tokens").intValue());
    assertEquals(2, usage.at("/usage/completion_tokens").intValue());
    assertEquals(14, usage.at("/usage/total_tokens").intValue());
    assertEquals("[DONE]", events.get(5));
  }

  @Test
  void maxTokensBelowOutputGivesLength() throws Exception {
    JsonNode c = json(post("/chat/completions", HELLO + ",\"max_tokens\":4}").body());
    assertEquals("length", c.at("/choices/0/finish_reason").textValue());
    assertEquals("Lorem ipsum dolor sit", c.at("/choices/0/message/content").textValue());
    assertEquals(4, c.at("/usage/completion_tokens").intValue());

    c = json(post("/chat/completions", HELLO + ",\"max_completion_tokens\":2,\"max_tokens\":100}").body());
    assertEquals("length", c.at("/choices/0/finish_reason").textValue());
    assertEquals(2, c.at("/usage/completion_tokens").intValue());

    c = json(post("/chat/completions", HELLO + ",\"max_tokens\":16}").body());
    assertEquals("stop", c.at("/choices/0/finish_reason").textValue(), "a cap equal to the output is not a cut");

    List<String> events = events(post("/chat/completions", HELLO + ",\"max_tokens\":1,\"stream\":true}").body());
    assertEquals("length", json(events.get(events.size() - 2)).at("/choices/0/finish_reason").textValue());
  }

  @Test
  void echoRepliesWithTheTextAfterTheMarker() throws Exception {
    String body = "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"first echo: wrong\"},"
        + "{\"role\":\"assistant\",\"content\":\"ok\"},"
        + "{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"please echo: Hi \\\"there\\\",\\n  ünïcode 👋\"}]}]";
    JsonNode c = json(post("/chat/completions", body + "}").body());
    assertEquals("Hi \"there\",\n  ünïcode 👋", c.at("/choices/0/message/content").textValue());
    assertEquals(4, c.at("/usage/completion_tokens").intValue());

    List<String> events = events(post("/chat/completions", body + ",\"stream\":true}").body());
    StringBuilder content = new StringBuilder();
    for (String e : events.subList(1, events.size() - 2)) {
      content.append(json(e).at("/choices/0/delta/content").textValue());
    }
    assertEquals("Hi \"there\",\n  ünïcode 👋", content.toString());
    assertEquals(4 + 3, events.size());

    c = json(post("/chat/completions", body + ",\"max_tokens\":2}").body());
    assertEquals("Hi \"there\",", c.at("/choices/0/message/content").textValue());
    assertEquals("length", c.at("/choices/0/finish_reason").textValue());
  }

  @Test
  void callToolRepliesWithAToolCall() throws Exception {
    String tools = ",\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"parameters\":{}}},"
        + "{\"type\":\"function\",\"function\":{\"name\":\"other\"}}]";
    String body = "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"please call_tool now\"}]" + tools;
    JsonNode c = json(post("/chat/completions", body + "}").body());
    JsonNode choice = c.at("/choices/0");
    assertEquals("tool_calls", choice.get("finish_reason").textValue());
    assertTrue(choice.at("/message/content").isNull());
    JsonNode call = choice.at("/message/tool_calls/0");
    assertTrue(call.get("id").textValue().startsWith("call_sim"));
    assertEquals("function", call.get("type").textValue());
    assertEquals("get_weather", call.at("/function/name").textValue());
    assertEquals("{}", call.at("/function/arguments").textValue());
    assertTrue(c.at("/usage/completion_tokens").intValue() > 0);

    List<String> events = events(post("/chat/completions", body + ",\"stream\":true}").body());
    assertEquals(4, events.size()); // role + call header, arguments, finish, [DONE]
    JsonNode head = json(events.get(0)).at("/choices/0/delta");
    assertEquals("assistant", head.get("role").textValue());
    assertEquals("get_weather", head.at("/tool_calls/0/function/name").textValue());
    assertEquals(0, head.at("/tool_calls/0/index").intValue());
    assertEquals("{}", json(events.get(1)).at("/choices/0/delta/tool_calls/0/function/arguments").textValue());
    assertEquals("tool_calls", json(events.get(2)).at("/choices/0/finish_reason").textValue());

    JsonNode plain = json(post("/chat/completions",
        "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]" + tools + "}").body());
    assertEquals("stop", plain.at("/choices/0/finish_reason").textValue(), "no call_tool, no call");
    JsonNode none = json(post("/chat/completions", body + ",\"tool_choice\":\"none\"}").body());
    assertEquals("stop", none.at("/choices/0/finish_reason").textValue());
    JsonNode named = json(post("/chat/completions", body
        + ",\"tool_choice\":{\"type\":\"function\",\"function\":{\"name\":\"other\"}}}").body());
    assertEquals("other", named.at("/choices/0/message/tool_calls/0/function/name").textValue());
  }

  static void assertChunkEnvelope(JsonNode chunk) {
    assertTrue(chunk.get("id").textValue().startsWith("chatcmpl-sim"));
    assertEquals("chat.completion.chunk", chunk.get("object").textValue());
    assertTrue(chunk.get("created").isIntegralNumber());
    assertEquals("gpt-test", chunk.get("model").textValue());
    assertEquals("fp_shepherd_sim", chunk.get("system_fingerprint").textValue());
    assertEquals(1, chunk.get("choices").size());
    JsonNode choice = chunk.get("choices").get(0);
    assertEquals(0, choice.get("index").intValue());
    assertTrue(choice.has("delta"));
    assertTrue(choice.get("logprobs").isNull());
    assertTrue(choice.has("finish_reason"));
  }
}
