package dev.shepherd.translate.anthropic;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Property: a random OpenAI chunk stream, translated to Anthropic events ({@link
 * ChatToAnthropicStream}) and back ({@link AnthropicToChatStream}), reassembles to the same
 * reasoning, text, tool calls (ids, names, argument text byte for byte), finish reason and usage;
 * the Anthropic events in between are well formed.
 */
class StreamRoundTripPropertyTest {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;
  private static final String[] FINISH = {"stop", "length", "tool_calls", "content_filter"};

  @Test
  void chunksToAnthropicAndBackReassembleTheSame() {
    for (int seed = 0; seed < 2000; seed++) {
      List<String> chunks = randomStream(seed);
      ChatToAnthropicStream toAnthropic = new ChatToAnthropicStream("msg_" + seed, "m", 10);
      StringBuilder sse = new StringBuilder();
      chunks.forEach(c -> toAnthropic.event(null, c, sse::append));
      toAnthropic.end(sse::append);
      List<SseText.Event> events = SseText.parse(sse.toString());
      AnthropicEventChecks.assertWellFormed(events);
      AnthropicToChatStream toChat = new AnthropicToChatStream("chatcmpl-x", "m", 1, true);
      List<String> back = new ArrayList<>();
      events.forEach(e -> toChat.event(e.type(), e.data(), back::add));
      toChat.end(back::add);
      assertEquals(Reassembled.of(chunks), Reassembled.of(back), "seed " + seed + "\n" + sse);
      assertEquals(toAnthropic.usage(), toChat.usage(), "seed " + seed);
    }
  }

  static List<String> randomStream(long seed) {
    RandomChat rc = new RandomChat(seed);
    Random r = rc.random();
    List<String> out = new ArrayList<>();
    out.add(chunk(F.objectNode().put("role", "assistant").put("content", ""), null));
    for (int i = r.nextInt(3); i > 0; i--) {
      out.add(chunk(F.objectNode().put("reasoning_content", rc.text()), null));
    }
    for (int i = r.nextInt(4); i > 0; i--) {
      out.add(chunk(F.objectNode().put("content", rc.text()), null));
    }
    int calls = r.nextInt(4);
    for (int k = 0; k < calls; k++) {
      String args = rc.object(3).toString();
      ObjectNode first = F.objectNode();
      first.putArray("tool_calls").addObject().put("index", k).put("id", "call_" + seed + "_" + k).put("type", "function")
          .putObject("function").put("name", "tool_" + k).put("arguments", "");
      out.add(chunk(first, null));
      for (int at = 0; at < args.length(); ) {
        int end = Math.min(args.length(), at + 1 + r.nextInt(12));
        ObjectNode d = F.objectNode();
        d.putArray("tool_calls").addObject().put("index", k).putObject("function").put("arguments", args.substring(at, end));
        out.add(chunk(d, null));
        at = end;
      }
    }
    out.add(chunk(F.objectNode(), calls > 0 ? "tool_calls" : FINISH[r.nextInt(FINISH.length)]));
    ObjectNode usage = F.objectNode().put("id", "c").put("object", "chat.completion.chunk");
    usage.putArray("choices");
    int prompt = r.nextInt(5000);
    usage.putObject("usage").put("prompt_tokens", prompt).put("completion_tokens", r.nextInt(900))
        .putObject("prompt_tokens_details").put("cached_tokens", r.nextInt(prompt + 1));
    out.add(usage.toString());
    return out;
  }

  private static String chunk(ObjectNode delta, String finish) {
    ObjectNode c = F.objectNode().put("id", "c").put("object", "chat.completion.chunk");
    ObjectNode choice = c.putArray("choices").addObject().put("index", 0);
    choice.set("delta", delta);
    choice.put("finish_reason", finish);
    return c.toString();
  }

  /** What an OpenAI client accumulates from a chunk stream. */
  record Reassembled(String reasoning, String content, List<String> calls, String finish, String usage) {
    static Reassembled of(List<String> chunks) {
      StringBuilder reasoning = new StringBuilder();
      StringBuilder content = new StringBuilder();
      List<StringBuilder> calls = new ArrayList<>();
      String finish = null;
      String usage = null;
      for (String s : chunks) {
        JsonNode c = AnthropicJson.parse(s);
        if (c.hasNonNull("usage")) {
          JsonNode u = c.get("usage");
          usage = u.get("prompt_tokens") + "/" + u.get("completion_tokens") + "/" + u.at("/prompt_tokens_details/cached_tokens");
        }
        for (JsonNode ch : c.path("choices")) {
          JsonNode d = ch.get("delta");
          reasoning.append(d.path("reasoning_content").asText(""));
          content.append(d.path("content").asText(""));
          for (JsonNode tc : d.path("tool_calls")) {
            int k = tc.get("index").asInt();
            while (calls.size() <= k) {
              calls.add(new StringBuilder());
            }
            if (tc.has("id")) {
              calls.get(k).append(tc.get("id").asText()).append(' ').append(tc.at("/function/name").asText()).append(' ');
            }
            calls.get(k).append(tc.at("/function/arguments").asText(""));
          }
          if (ch.hasNonNull("finish_reason")) {
            finish = finish == null ? ch.get("finish_reason").asText() : finish + "+" + ch.get("finish_reason").asText();
          }
        }
      }
      return new Reassembled(reasoning.toString(), content.toString(),
          calls.stream().map(StringBuilder::toString).toList(), finish, usage);
    }
  }

}
