package dev.shepherd.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.util.ArrayList;
import java.util.List;

/**
 * A fake Anthropic Messages API upstream ({@code POST /v1/messages}) serving recorded-shape answers
 * (the event sequence and fields of api.anthropic.com's documented streams). Every request is
 * checked as Anthropic would: {@code x-api-key} = {@link #KEY}, an {@code anthropic-version},
 * a JSON body with {@code model}, {@code max_tokens} and {@code messages}; a wrong request gets
 * Anthropic's 400 {@code invalid_request_error} naming what was wrong, so a test sees it. Answers
 * follow the request's {@code stream}. Failure modes: any status with an error type, an
 * {@code error} event before content or after it, a stream cut before {@code message_stop}.
 */
public final class AnthropicFake implements AutoCloseable {
  public static final String KEY = "anthropic-upstream-key";
  public static final int INPUT_TOKENS = 21;
  private static final ObjectMapper JSON = new ObjectMapper();
  private final FakeUpstream server;

  public AnthropicFake() throws Exception {
    server = new FakeUpstream();
    text("Hello from Claude");
  }

  /** Answers with {@code text} (its words as deltas), stop reason {@code end_turn}. */
  public AnthropicFake text(String text) {
    return answer(text, null, null, Fault.NONE);
  }

  /** Answers with a short text, then a {@code tool_use} block whose JSON input streams in {@code pieces}. */
  public AnthropicFake toolUse(String name, List<String> pieces) {
    return answer("Let me check.", name, pieces, Fault.NONE);
  }

  /** Streams an {@code overloaded_error} event right after {@code message_start} (before content). */
  public AnthropicFake errorBeforeContent() {
    return answer("never sent", null, null, Fault.ERROR_FIRST);
  }

  /** Streams two words of content, then an {@code overloaded_error} event. */
  public AnthropicFake errorAfterContent() {
    return answer("one two three four", null, null, Fault.ERROR_LATER);
  }

  /** Streams two words, then ends the response without {@code message_delta} / {@code message_stop}. */
  public AnthropicFake cutAfterContent() {
    return answer("one two three four", null, null, Fault.CUT);
  }

  /** Answers {@code status} with an Anthropic error body of {@code type}, and {@code retry-after} when ≥ 0. */
  public AnthropicFake status(int status, String type, int retryAfterSeconds) {
    server.respond(req -> {
      HttpServerResponse r = req.response().setStatusCode(status).putHeader("content-type", "application/json");
      if (retryAfterSeconds >= 0) {
        r.putHeader("retry-after", Integer.toString(retryAfterSeconds));
      }
      r.end(error(type, "fake " + type + " from upstream-host-10.1.2.3"));
    });
    return this;
  }

  private enum Fault { NONE, ERROR_FIRST, ERROR_LATER, CUT }

  private AnthropicFake answer(String text, String tool, List<String> pieces, Fault fault) {
    server.respond(req -> {
      JsonNode body;
      try {
        body = JSON.readTree(server.last().body());
      } catch (Exception e) {
        body = null;
      }
      String problem = problem(req, body);
      if (problem != null) {
        req.response().setStatusCode(400).putHeader("content-type", "application/json")
            .end(error("invalid_request_error", problem));
        return;
      }
      String model = body.get("model").asText();
      if (body.path("stream").asBoolean(false)) {
        stream(req.response(), model, text, tool, pieces, fault);
      } else {
        req.response().putHeader("content-type", "application/json").end(message(model, text, tool, pieces));
      }
    });
    return this;
  }

  /** What Anthropic would reject in this request, or {@code null}. */
  private static String problem(HttpServerRequest req, JsonNode body) {
    if (!req.path().equals("/v1/messages")) {
      return "fake: path " + req.path() + " (expected: /v1/messages)";
    }
    if (!KEY.equals(req.getHeader("x-api-key"))) {
      return "fake: x-api-key " + req.getHeader("x-api-key");
    }
    if (req.getHeader("anthropic-version") == null || req.getHeader("authorization") != null) {
      return "fake: anthropic-version missing or an authorization header sent";
    }
    if (body == null || !body.path("model").isTextual() || !body.path("max_tokens").isIntegralNumber()
        || !body.path("messages").isArray() || body.has("stream_options")) {
      return "fake: body is not a Messages request: " + body;
    }
    return null;
  }

  static String message(String model, String text, String tool, List<String> pieces) {
    String content = "{\"type\":\"text\",\"text\":\"" + text + "\"}";
    if (tool != null) {
      content += ",{\"type\":\"tool_use\",\"id\":\"toolu_01\",\"name\":\"" + tool + "\",\"input\":"
          + String.join("", pieces) + "}";
    }
    return "{\"id\":\"msg_fake01\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"" + model
        + "\",\"content\":[" + content + "],\"stop_reason\":\"" + (tool != null ? "tool_use" : "end_turn")
        + "\",\"stop_sequence\":null,\"usage\":{\"input_tokens\":" + INPUT_TOKENS + ",\"output_tokens\":"
        + outputTokens(text) + "}}";
  }

  static int outputTokens(String text) {
    return text.split(" ").length + 1;
  }

  private static void stream(HttpServerResponse r, String model, String text, String tool, List<String> pieces,
      Fault fault) {
    List<String> events = new ArrayList<>();
    events.add(event("message_start", "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_fake01\",\"type\":\"message\","
        + "\"role\":\"assistant\",\"model\":\"" + model + "\",\"content\":[],\"stop_reason\":null,\"stop_sequence\":null,"
        + "\"usage\":{\"input_tokens\":" + INPUT_TOKENS + ",\"output_tokens\":1}}}"));
    if (fault == Fault.ERROR_FIRST) {
      events.add(event("error", error("overloaded_error", "Overloaded")));
      write(r, events, true);
      return;
    }
    events.add(event("content_block_start", "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}"));
    events.add(event("ping", "{\"type\": \"ping\"}"));
    String[] words = text.split(" ");
    for (int i = 0; i < words.length; i++) {
      if (i == 2 && fault == Fault.ERROR_LATER) {
        events.add(event("error", error("overloaded_error", "Overloaded")));
        write(r, events, true);
        return;
      }
      if (i == 2 && fault == Fault.CUT) {
        write(r, events, false);
        return;
      }
      String piece = (i == 0 ? "" : " ") + words[i];
      events.add(event("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":"
          + "{\"type\":\"text_delta\",\"text\":\"" + piece + "\"}}"));
    }
    events.add(event("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}"));
    if (tool != null) {
      events.add(event("content_block_start", "{\"type\":\"content_block_start\",\"index\":1,\"content_block\":"
          + "{\"type\":\"tool_use\",\"id\":\"toolu_01\",\"name\":\"" + tool + "\",\"input\":{}}}"));
      for (String p : pieces) {
        events.add(event("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":1,\"delta\":"
            + "{\"type\":\"input_json_delta\",\"partial_json\":" + JSON.valueToTree(p) + "}}"));
      }
      events.add(event("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":1}"));
    }
    events.add(event("message_delta", "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\""
        + (tool != null ? "tool_use" : "end_turn") + "\",\"stop_sequence\":null},\"usage\":{\"output_tokens\":"
        + outputTokens(text) + "}}"));
    events.add(event("message_stop", "{\"type\":\"message_stop\"}"));
    write(r, events, true);
  }

  private static void write(HttpServerResponse r, List<String> events, boolean end) {
    r.setChunked(true).putHeader("content-type", "text/event-stream; charset=utf-8");
    events.forEach(r::write);
    if (end) {
      r.end();
    } else {
      r.reset(); // the connection breaks mid-stream
    }
  }

  static String event(String name, String data) {
    return "event: " + name + "\ndata: " + data + "\n\n";
  }

  static String error(String type, String message) {
    return "{\"type\":\"error\",\"error\":{\"type\":\"" + type + "\",\"message\":\"" + message + "\"}}";
  }

  /** The base URL to configure, ending in {@code /v1}. */
  public String baseUrl() {
    return server.baseUrl();
  }

  public List<FakeUpstream.Received> received() {
    return server.received();
  }

  public FakeUpstream.Received last() {
    return server.last();
  }

  @Override
  public void close() throws Exception {
    server.close();
  }
}
