package dev.shepherd.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shepherd.testing.Chunks;
import dev.shepherd.testing.FakeUpstream;
import dev.shepherd.testing.GatewayExtension;
import dev.shepherd.testing.Http;

import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The relay against a fake upstream: bytes forwarded untouched except model; streams done right. */
class RelayTest {
  @RegisterExtension
  static final GatewayExtension env = new GatewayExtension();
  static final ObjectMapper JSON = new ObjectMapper();

  static final String CHAT = """
      {"model":"test-model","messages":[{"role":"system","content":"be brief"},{"role":"user","content":"héllo \\"quoted\\" ✓"}],
       "temperature":0.2,"top_p":0.9,"n":1,"stop":["\\n\\n"],"seed":42,"user":"u-1","logprobs":true,"top_logprobs":2,
       "tools":[{"type":"function","function":{"name":"get_weather","parameters":{"type":"object","properties":{}}}}],
       "tool_choice":"auto","response_format":{"type":"json_object"},"vendor_extension":{"top_k":5}}""";

  @Test
  void nonStreamForwardsEveryFieldButModelAndReturnsUpstreamBytes() throws Exception {
    String answer = Chunks.completion("upstream/real-model", "hi");
    env.upstream().json(200, answer);
    HttpResponse<String> r = Http.post(env.gateway().baseUrl() + "/chat/completions", env.gateway().key(), CHAT);
    assertEquals(200, r.statusCode(), r.body());
    assertEquals(answer, r.body());
    assertTrue(r.headers().firstValue("x-request-id").orElseThrow().startsWith("req_"));
    FakeUpstream.Received got = env.upstream().last();
    assertEquals("/v1/chat/completions", got.path());
    assertEquals("Bearer upstream-secret-key", got.authorization());
    ObjectNode sent = (ObjectNode) JSON.readTree(CHAT);
    ObjectNode forwarded = (ObjectNode) JSON.readTree(got.body());
    assertEquals("upstream/real-model", forwarded.get("model").asText());
    sent.remove("model");
    forwarded.remove("model");
    assertEquals(sent, forwarded);
    // Everything after the model value is the client's bytes, unchanged.
    assertTrue(got.body().endsWith(CHAT.substring(CHAT.indexOf("\"test-model\"") + 12)));
  }

  @Test
  void streamWithoutClientUsageAsksUpstreamForUsageButHidesTheUsageChunk() throws Exception {
    env.upstream().sse(Chunks.stream("upstream/real-model", 5), "\n\n");
    HttpResponse<String> r = Http.post(env.gateway().baseUrl() + "/chat/completions", env.gateway().key(),
        "{\"model\":\"test-model\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
    assertEquals(200, r.statusCode());
    assertTrue(r.headers().firstValue("content-type").orElseThrow().startsWith("text/event-stream"));
    JsonNode forwarded = JSON.readTree(env.upstream().last().body());
    assertTrue(forwarded.path("stream_options").path("include_usage").asBoolean());
    List<String> events = Http.dataEvents(r.body());
    assertEquals("[DONE]", events.getLast());
    assertEquals(5 + 2 + 1, events.size(), "role + 5 content + finish + [DONE], no usage chunk");
    assertFalse(r.body().contains("\"usage\":{"));
  }

  @Test
  void streamWithClientUsageKeepsTheUsageChunk() throws Exception {
    env.upstream().sse(Chunks.stream("upstream/real-model", 3), "\n\n");
    HttpResponse<String> r = Http.post(env.gateway().baseUrl() + "/chat/completions", env.gateway().key(),
        "{\"stream\":true,\"stream_options\":{\"include_usage\":true},\"model\":\"test-model\","
            + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
    List<String> events = Http.dataEvents(r.body());
    assertEquals("[DONE]", events.getLast());
    JsonNode usage = JSON.readTree(events.get(events.size() - 2)).get("usage");
    assertEquals(11, usage.get("prompt_tokens").asInt());
    assertEquals(3, usage.get("completion_tokens").asInt());
  }

  @Test
  void clientStreamOptionsFalseIsRewrittenForUpstreamOnly() throws Exception {
    env.upstream().sse(Chunks.stream("upstream/real-model", 2), "\n\n");
    HttpResponse<String> r = Http.post(env.gateway().baseUrl() + "/chat/completions", env.gateway().key(),
        "{\"model\":\"test-model\",\"stream_options\":{\"include_usage\":false},\"stream\":true,"
            + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
    assertTrue(JSON.readTree(env.upstream().last().body()).path("stream_options").path("include_usage").asBoolean());
    assertFalse(r.body().contains("\"usage\":{"));
    assertEquals("[DONE]", Http.dataEvents(r.body()).getLast());
  }

  @Test
  void crlfAndSplitEventsPassThrough() throws Exception {
    List<String> events = Chunks.stream("upstream/real-model", 4);
    env.upstream().respond(req -> {
      var resp = req.response().setChunked(true).putHeader("content-type", "text/event-stream");
      String all = String.join("\r\n\r\n", events) + "\r\n\r\n";
      // Write in 7-byte pieces so events and CRLF pairs split across chunks.
      for (int i = 0; i < all.length(); i += 7) {
        resp.write(all.substring(i, Math.min(all.length(), i + 7)));
      }
      resp.end();
    });
    HttpResponse<String> r = Http.post(env.gateway().baseUrl() + "/chat/completions", env.gateway().key(),
        "{\"model\":\"test-model\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
    List<String> got = Http.dataEvents(r.body());
    assertEquals("[DONE]", got.getLast());
    assertEquals(4 + 3, got.size());
    assertFalse(r.body().contains("\"usage\":{"));
  }

  @Test
  void upstreamBreakingMidStreamBecomesAnErrorEventNotASuccess() throws Exception {
    List<String> events = Chunks.stream("upstream/real-model", 6);
    env.upstream().respond(req -> {
      var resp = req.response().setChunked(true).putHeader("content-type", "text/event-stream");
      for (int i = 0; i < 3; i++) {
        resp.write(events.get(i) + "\n\n");
      }
      env.upstream().vertx().setTimer(50, id -> req.connection().close());
    });
    HttpResponse<String> r = Http.post(env.gateway().baseUrl() + "/chat/completions", env.gateway().key(),
        "{\"model\":\"test-model\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
    List<String> got = Http.dataEvents(r.body());
    assertFalse(got.contains("[DONE]"));
    JsonNode error = JSON.readTree(got.getLast()).get("error");
    assertNotNull(error, got.getLast());
    assertEquals("upstream_error", error.get("code").asText());
    assertEquals(3 + 1, got.size());
  }

  @Test
  void embeddingsAndCompletionsAreRelayed() throws Exception {
    String emb = "{\"object\":\"list\",\"data\":[{\"object\":\"embedding\",\"index\":0,\"embedding\":[0.1,0.2]}],"
        + "\"model\":\"upstream/real-model\",\"usage\":{\"prompt_tokens\":2,\"total_tokens\":2}}";
    env.upstream().json(200, emb);
    HttpResponse<String> r = Http.post(env.gateway().baseUrl() + "/embeddings", env.gateway().key(),
        "{\"model\":\"test-model\",\"input\":[\"a\",\"b\"],\"encoding_format\":\"float\"}");
    assertEquals(200, r.statusCode());
    assertEquals(emb, r.body());
    assertEquals("/v1/embeddings", env.upstream().last().path());
    env.upstream().json(200, "{\"id\":\"cmpl-1\",\"object\":\"text_completion\",\"created\":1,\"model\":\"m\","
        + "\"choices\":[{\"text\":\"x\",\"index\":0,\"logprobs\":null,\"finish_reason\":\"stop\"}]}");
    r = Http.post(env.gateway().baseUrl() + "/completions", env.gateway().key(), "{\"model\":\"test-model\",\"prompt\":\"say\"}");
    assertEquals(200, r.statusCode());
    assertEquals("/v1/completions", env.upstream().last().path());
    assertEquals("upstream/real-model", JSON.readTree(env.upstream().last().body()).get("model").asText());
  }
}
