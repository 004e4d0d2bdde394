package dev.shepherd.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shepherd.testing.Chunks;
import dev.shepherd.testing.GatewayExtension;
import dev.shepherd.testing.Http;
import dev.shepherd.testing.OpenApiSchemas;

import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every response and every stream chunk the gateway produces (its own errors and models list,
 * and answers relayed from the simulator) validates against the OpenAI OpenAPI schemas.
 */
class OpenApiConformanceTest {
  @RegisterExtension
  static final GatewayExtension env = new GatewayExtension();
  static final OpenApiSchemas SCHEMAS = OpenApiSchemas.load();

  static HttpResponse<String> post(String path, String body) throws Exception {
    return Http.post(env.gateway().baseUrl() + path, env.gateway().key(), body);
  }

  @Test
  void chatCompletionAndEveryStreamChunk() throws Exception {
    HttpResponse<String> r = post("/chat/completions",
        "{\"model\":\"sim-model\",\"messages\":[{\"role\":\"user\",\"content\":\"hello\"}],\"max_tokens\":5}");
    assertEquals(200, r.statusCode(), r.body());
    SCHEMAS.assertValid(OpenApiSchemas.CHAT_COMPLETION, r.body());
    for (String usage : new String[] {"", ",\"stream_options\":{\"include_usage\":true}"}) {
      r = post("/chat/completions", "{\"model\":\"sim-model\",\"stream\":true" + usage
          + ",\"messages\":[{\"role\":\"user\",\"content\":\"hello\"}]}");
      List<String> events = Http.dataEvents(r.body());
      assertEquals("[DONE]", events.getLast());
      assertTrue(events.size() > 3);
      for (String e : events.subList(0, events.size() - 1)) {
        SCHEMAS.assertValid(OpenApiSchemas.CHAT_COMPLETION_CHUNK, e);
      }
    }
  }

  @Test
  void toolCallCompletion() throws Exception {
    HttpResponse<String> r = post("/chat/completions", "{\"model\":\"sim-model\",\"messages\":[{\"role\":\"user\","
        + "\"content\":\"call_tool please\"}],\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"lookup\","
        + "\"parameters\":{\"type\":\"object\",\"properties\":{}}}}]}");
    SCHEMAS.assertValid(OpenApiSchemas.CHAT_COMPLETION, r.body());
    assertTrue(r.body().contains("\"tool_calls\""));
  }

  @Test
  void completionsAndEmbeddings() throws Exception {
    SCHEMAS.assertValid(OpenApiSchemas.COMPLETION,
        post("/completions", "{\"model\":\"sim-model\",\"prompt\":\"Once\",\"max_tokens\":4}").body());
    SCHEMAS.assertValidEmbeddingResponse(post("/embeddings", "{\"model\":\"sim-model\",\"input\":[\"a\",\"b\"]}").body());
    SCHEMAS.assertValidEmbeddingResponse(
        post("/embeddings", "{\"model\":\"sim-model\",\"input\":\"a\",\"encoding_format\":\"base64\"}").body());
  }

  @Test
  void modelsListAndModel() throws Exception {
    SCHEMAS.assertValid(OpenApiSchemas.MODEL_LIST, Http.get(env.gateway().baseUrl() + "/models", env.gateway().key()).body());
    SCHEMAS.assertValid(OpenApiSchemas.MODEL, Http.get(env.gateway().baseUrl() + "/models/sim-model", env.gateway().key()).body());
  }

  @Test
  void everyErrorBodyAndTheMidStreamErrorEvent() throws Exception {
    String[] bodies = {
        Http.post(env.gateway().baseUrl() + "/chat/completions", null, "{}").body(),
        post("/chat/completions", "{").body(),
        post("/chat/completions", "{\"model\":\"nope\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}").body(),
        post("/chat/completions", "{\"model\":\"offline-model\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}").body(),
        Http.get(env.gateway().baseUrl() + "/nowhere", env.gateway().key()).body(),
    };
    for (String b : bodies) {
      SCHEMAS.assertValid(OpenApiSchemas.ERROR_RESPONSE, b);
    }
    List<String> events = Chunks.stream("upstream/real-model", 4);
    env.upstream().respond(req -> {
      var resp = req.response().setChunked(true).putHeader("content-type", "text/event-stream");
      resp.write(events.get(0) + "\n\n" + events.get(1) + "\n\n");
      env.upstream().vertx().setTimer(30, id -> req.connection().close());
    });
    List<String> got = Http.dataEvents(post("/chat/completions",
        "{\"model\":\"test-model\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}").body());
    SCHEMAS.assertValid(OpenApiSchemas.ERROR_RESPONSE, got.getLast());
  }
}
