package dev.shepherd.provider.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

class BadRequestsTest extends SimTestSupport {

  @Test
  void badJsonIsAnOpenAiShaped400() throws Exception {
    HttpResponse<String> r = post("/chat/completions", "{\"model\": \"m\", \"messages\": [");
    assertEquals(400, r.statusCode());
    assertEquals("application/json", r.headers().firstValue("content-type").orElseThrow());
    JsonNode error = assertError(r, 400, null);
    assertTrue(error.get("message").textValue().startsWith("We could not parse the JSON body"));
    assertError(post("/chat/completions", "[1,2]"), 400, null);
    assertError(post("/embeddings", ""), 400, null);
    assertEquals(3, sim.stats().badRequests());
  }

  @Test
  void missingOrInvalidFieldsNameTheParam() throws Exception {
    assertError(post("/chat/completions", "{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}"), 400, "model");
    assertError(post("/chat/completions", "{\"model\":\"m\"}"), 400, "messages");
    assertError(post("/chat/completions", "{\"model\":\"m\",\"messages\":[]}"), 400, "messages");
    assertError(post("/chat/completions", "{\"model\":\"m\",\"messages\":[{\"content\":\"x\"}]}"), 400, "messages[0].role");
    String ok = "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]";
    assertError(post("/chat/completions", ok + ",\"max_tokens\":0}"), 400, "max_tokens");
    assertError(post("/chat/completions", ok + ",\"max_completion_tokens\":\"5\"}"), 400, "max_completion_tokens");
    assertError(post("/chat/completions", ok + ",\"stream\":\"yes\"}"), 400, "stream");
    assertError(post("/completions", "{\"model\":\"m\"}"), 400, "prompt");
    assertError(post("/embeddings", "{\"model\":\"m\"}"), 400, "input");
    JsonNode missing = assertError(post("/embeddings", "{\"model\":\"m\"}"), 400, "input");
    assertEquals("missing_required_parameter", missing.get("code").textValue());
  }

  @Test
  void unknownRoutesAndMethods() throws Exception {
    assertError(post("/nope", "{}"), 404, null);
    assertError(get("/chat/completions"), 405, null);
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + sim.port() + "/health"))
        .GET().build(), HttpResponse.BodyHandlers.ofString());
    assertError(r, 404, null);
  }

  static JsonNode assertError(HttpResponse<String> r, int status, String param) throws Exception {
    assertEquals(status, r.statusCode(), r.body());
    JsonNode root = json(r.body());
    assertEquals(1, root.size(), "only an error member");
    JsonNode error = root.get("error");
    assertTrue(error.get("message").isTextual());
    assertEquals("invalid_request_error", error.get("type").textValue());
    assertTrue(error.has("param") && error.has("code"), "param and code are always present");
    if (param == null) {
      assertTrue(error.get("param").isNull());
    } else {
      assertEquals(param, error.get("param").textValue());
    }
    return error;
  }
}
