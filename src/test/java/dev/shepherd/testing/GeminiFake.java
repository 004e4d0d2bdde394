package dev.shepherd.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.util.ArrayList;
import java.util.List;

/**
 * A fake Gemini API upstream ({@code POST /v1/models/M:generateContent} and
 * {@code :streamGenerateContent?alt=sse}) serving recorded-shape answers: {@code candidates} with
 * {@code parts}, {@code usageMetadata} on every event and the counts in the last, events separated
 * by CRLF as Google sends them. Every request is checked: {@code x-goog-api-key} = {@link #KEY}, no
 * {@code authorization}, {@code alt=sse} exactly for streams, a JSON body with {@code contents} and no
 * {@code model}; a wrong one gets Google's 400 {@code INVALID_ARGUMENT} naming it. Failure modes:
 * any status with a Google status (and {@code retryDelay}), an error payload mid-stream.
 */
public final class GeminiFake implements AutoCloseable {
  public static final String KEY = "gemini-upstream-key";
  public static final int PROMPT_TOKENS = 9;
  private static final ObjectMapper JSON = new ObjectMapper();
  private final FakeUpstream server;

  public GeminiFake() throws Exception {
    server = new FakeUpstream();
    text("Hello from Gemini");
  }

  /** Answers with {@code text}, one word per stream event, finish reason {@code STOP}. */
  public GeminiFake text(String text) {
    return answer(text, null, false);
  }

  /** Answers with a {@code functionCall} part calling {@code name} with {@code argsJson}. */
  public GeminiFake functionCall(String name, String argsJson) {
    return answer(name, argsJson, false);
  }

  /** Streams two words, then an error payload ({@code INTERNAL}). */
  public GeminiFake errorAfterContent() {
    return answer("one two three", null, true);
  }

  /** Answers {@code status} with a Google error of {@code googleStatus}, with a RetryInfo delay when ≥ 0. */
  public GeminiFake status(int status, String googleStatus, int retryDelaySeconds) {
    String details = retryDelaySeconds < 0 ? "" : ",\"details\":[{\"@type\":\"type.googleapis.com/google.rpc.RetryInfo\","
        + "\"retryDelay\":\"" + retryDelaySeconds + "s\"}]";
    server.respond(req -> req.response().setStatusCode(status).putHeader("content-type", "application/json")
        .end("{\"error\":{\"code\":" + status + ",\"message\":\"fake " + googleStatus + " at project 1234\",\"status\":\""
            + googleStatus + "\"" + details + "}}"));
    return this;
  }

  private GeminiFake answer(String textOrName, String args, boolean errorMidStream) {
    server.respond(req -> {
      JsonNode body;
      try {
        body = JSON.readTree(server.last().body());
      } catch (Exception e) {
        body = null;
      }
      boolean stream = req.path().endsWith(":streamGenerateContent");
      String problem = problem(req, body, stream);
      if (problem != null) {
        req.response().setStatusCode(400).putHeader("content-type", "application/json")
            .end("{\"error\":{\"code\":400,\"message\":\"" + problem.replace("\"", "'") + "\",\"status\":\"INVALID_ARGUMENT\"}}");
        return;
      }
      if (stream) {
        stream(req.response(), textOrName, args, errorMidStream);
      } else {
        req.response().putHeader("content-type", "application/json").end(args != null
            ? event(call(textOrName, args), "STOP", true) : event(textPart(textOrName), "STOP", true));
      }
    });
    return this;
  }

  private static String problem(HttpServerRequest req, JsonNode body, boolean stream) {
    if (!req.path().startsWith("/v1/models/") || !(stream || req.path().endsWith(":generateContent"))) {
      return "fake: path " + req.path();
    }
    if (stream != "alt=sse".equals(req.query())) {
      return "fake: query " + req.query();
    }
    if (!KEY.equals(req.getHeader("x-goog-api-key")) || req.getHeader("authorization") != null) {
      return "fake: x-goog-api-key " + req.getHeader("x-goog-api-key");
    }
    if (body == null || !body.path("contents").isArray() || body.has("model") || body.has("messages")) {
      return "fake: not a generateContent body: " + body;
    }
    return null;
  }

  private static void stream(HttpServerResponse r, String text, String args, boolean errorMidStream) {
    List<String> events = new ArrayList<>();
    if (args != null) {
      events.add(event(call(text, args), "STOP", true));
    } else {
      String[] words = text.split(" ");
      for (int i = 0; i < words.length; i++) {
        if (errorMidStream && i == 2) {
          events.add("{\"error\":{\"code\":500,\"message\":\"internal at host-10.0.0.1\",\"status\":\"INTERNAL\"}}");
          break;
        }
        boolean last = i == words.length - 1;
        events.add(event(textPart((i == 0 ? "" : " ") + words[i]), last ? "STOP" : null, last));
      }
    }
    r.setChunked(true).putHeader("content-type", "text/event-stream");
    events.forEach(e -> r.write("data: " + e + "\r\n\r\n"));
    r.end();
  }

  private static String textPart(String text) {
    return "{\"text\":\"" + text + "\"}";
  }

  private static String call(String name, String args) {
    return "{\"functionCall\":{\"name\":\"" + name + "\",\"args\":" + args + "}}";
  }

  private static final int OUTPUT_TOKENS = 4;

  private static String event(String part, String finish, boolean last) {
    String usage = last
        ? "{\"promptTokenCount\":" + PROMPT_TOKENS + ",\"candidatesTokenCount\":" + OUTPUT_TOKENS + ",\"totalTokenCount\":"
            + (PROMPT_TOKENS + OUTPUT_TOKENS) + "}"
        : "{\"promptTokenCount\":" + PROMPT_TOKENS + ",\"totalTokenCount\":" + PROMPT_TOKENS + "}";
    return "{\"candidates\":[{\"content\":{\"parts\":[" + part + "],\"role\":\"model\"}"
        + (finish == null ? "" : ",\"finishReason\":\"" + finish + "\"") + ",\"index\":0}],\"usageMetadata\":" + usage
        + ",\"modelVersion\":\"gemini-2.5-flash\",\"responseId\":\"fake-resp\"}";
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
