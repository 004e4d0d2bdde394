package dev.shepherd.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shepherd.testing.Chunks;
import dev.shepherd.testing.GatewayExtension;
import dev.shepherd.testing.Http;

import java.net.http.HttpResponse;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every row of the error table, and bad input of every kind; the server keeps serving after each. */
class ErrorTableTest {
  @RegisterExtension
  static final GatewayExtension env = new GatewayExtension();
  static final ObjectMapper JSON = new ObjectMapper();
  static String chatUrl;

  @BeforeAll
  static void start() throws Exception {
    env.upstream().json(200, Chunks.completion("upstream/real-model", "ok"));
    chatUrl = env.gateway().baseUrl() + "/chat/completions";
  }

  static JsonNode assertError(HttpResponse<String> r, int status, String code, String param) throws Exception {
    assertEquals(status, r.statusCode(), r.body());
    assertTrue(r.headers().firstValue("x-request-id").isPresent());
    assertTrue(r.headers().firstValue("content-type").orElseThrow().startsWith("application/json"));
    JsonNode e = JSON.readTree(r.body()).get("error");
    for (String f : new String[] {"message", "type", "param", "code"}) {
      assertTrue(e.has(f), "error has " + f + ": " + r.body());
    }
    assertEquals(code, e.get("code").asText());
    if (param != null) {
      assertEquals(param, e.get("param").asText());
    }
    assertTrue(e.get("message").asText().length() > 10);
    assertTrue(!r.body().contains("at dev.shepherd") && !r.body().contains("Exception"), "no stack trace");
    return e;
  }

  static Stream<Arguments> badBodies() {
    return Stream.of(
        Arguments.of("{\"model\":\"test-model\",\"messages\":[", "invalid_json", null),
        Arguments.of("not json at all", "invalid_json", null),
        Arguments.of("[1,2]", "invalid_json", null),
        Arguments.of("{\"model\":\"test-model\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]} trailing", "invalid_json", null),
        Arguments.of("{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}", "missing_required_parameter", "model"),
        Arguments.of("{\"model\":42,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}", "invalid_type", "model"),
        Arguments.of("{\"model\":\"test-model\"}", "missing_required_parameter", "messages"),
        Arguments.of("{\"model\":\"test-model\",\"messages\":[]}", "invalid_value", "messages"),
        Arguments.of("{\"model\":\"test-model\",\"messages\":\"hi\"}", "invalid_type", "messages"),
        Arguments.of("{\"model\":\"test-model\",\"messages\":[{\"content\":\"x\"}]}", "missing_required_parameter", "messages[0].role"),
        Arguments.of("{\"model\":\"test-model\",\"messages\":[{\"role\":\"wizard\",\"content\":\"x\"}]}", "invalid_value", "messages[0].role"),
        Arguments.of("{\"model\":\"test-model\",\"messages\":[{\"role\":\"user\"}]}", "missing_required_parameter", "messages[0].content"),
        Arguments.of("{\"model\":\"test-model\",\"messages\":[{\"role\":\"user\",\"content\":5}]}", "invalid_type", "messages[0].content"),
        Arguments.of("{\"model\":\"test-model\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"stream\":\"yes\"}", "invalid_type", "stream"),
        Arguments.of("{\"model\":\"test-model\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"max_tokens\":-5}", "invalid_value", "max_tokens"),
        Arguments.of("{\"model\":\"test-model\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"max_tokens\":1.5}", "invalid_type", "max_tokens"),
        Arguments.of("{\"model\":\"test-model\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"temperature\":7}", "invalid_value", "temperature"),
        Arguments.of("{\"model\":\"test-model\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"n\":0}", "invalid_value", "n"),
        Arguments.of("{\"model\":\"test-model\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"stop\":[1]}", "invalid_type", "stop"),
        Arguments.of("{\"model\":\"test-model\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"tools\":{}}", "invalid_type", "tools"),
        Arguments.of("{\"model\":\"test-model\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"stream_options\":{\"include_usage\":true}}", "invalid_value", "stream_options"));
  }

  @ParameterizedTest
  @MethodSource("badBodies")
  void badInputGetsAClear400NamingTheField(String body, String code, String param) throws Exception {
    int before = env.upstream().received().size();
    assertError(Http.post(chatUrl, env.gateway().key(), body), 400, code, param);
    assertEquals(before, env.upstream().received().size(), "upstream never called");
    assertEquals(200, Http.post(chatUrl, env.gateway().key(), okBody()).statusCode(), "still serving");
  }

  static String okBody() {
    return "{\"model\":\"test-model\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
  }

  @Test
  void invalidUtf8Is400() throws Exception {
    byte[] prefix = "{\"model\":\"test-model\",\"messages\":[{\"role\":\"user\",\"content\":\"".getBytes();
    byte[] bad = {(byte) 0xC3, (byte) 0x28, (byte) 0xFF};
    byte[] suffix = "\"}]}".getBytes();
    byte[] body = new byte[prefix.length + bad.length + suffix.length];
    System.arraycopy(prefix, 0, body, 0, prefix.length);
    System.arraycopy(bad, 0, body, prefix.length, bad.length);
    System.arraycopy(suffix, 0, body, prefix.length + bad.length, suffix.length);
    assertError(Http.postBytes(chatUrl, env.gateway().key(), body), 400, "invalid_json", null);
  }

  @Test
  void missingKeyAndWrongKeyAre401() throws Exception {
    assertError(Http.post(chatUrl, null, okBody()), 401, "invalid_api_key", null);
    assertError(Http.post(chatUrl, "sk-shp-nope", okBody()), 401, "invalid_api_key", null);
    assertError(Http.get(env.gateway().baseUrl() + "/models", "sk-shp-nope"), 401, "invalid_api_key", null);
  }

  @Test
  void unknownModelIs404AndUnconfiguredModelIs503() throws Exception {
    assertError(Http.post(chatUrl, env.gateway().key(),
        "{\"model\":\"gpt-9\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}"), 404, "model_not_found", "model");
    HttpResponse<String> r = Http.post(chatUrl, env.gateway().key(),
        "{\"model\":\"offline-model\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}");
    assertError(r, 503, "model_unavailable", "model");
  }

  @Test
  void largeBodiesAreParsedOffTheEventLoopWithTheSameAnswers() throws Exception {
    String text = "x".repeat(300_000);
    String good = "{\"model\":\"test-model\",\"messages\":[{\"role\":\"user\",\"content\":\"" + text + "\"}]}";
    int before = env.upstream().received().size();
    assertEquals(200, Http.post(chatUrl, env.gateway().key(), good).statusCode());
    assertEquals(before + 1, env.upstream().received().size());
    assertTrue(env.upstream().last().body().contains(text));
    assertError(Http.post(chatUrl, env.gateway().key(), good.replace("\"user\"", "\"wizard\"")),
        400, "invalid_value", "messages[0].role");
    assertError(Http.post(chatUrl, env.gateway().key(), good.substring(0, good.length() - 3)), 400, "invalid_json", null);
  }

  @Test
  void bodyTooLargeIs413() throws Exception {
    String big = "{\"model\":\"test-model\",\"messages\":[{\"role\":\"user\",\"content\":\"" + "x".repeat(1_100_000) + "\"}]}";
    assertError(Http.post(chatUrl, env.gateway().key(), big), 413, "request_too_large", null);
    assertEquals(200, Http.post(chatUrl, env.gateway().key(), okBody()).statusCode());
  }

  @Test
  void unknownPathIs404AndWrongMethodIs405() throws Exception {
    assertError(Http.get(env.gateway().baseUrl() + "/nope", env.gateway().key()), 404, "unknown_url", null);
    assertError(Http.get(chatUrl, env.gateway().key()), 405, "method_not_allowed", null);
  }

  @Test
  void embeddingsNeedInputAndCompletionsNeedPrompt() throws Exception {
    assertError(Http.post(env.gateway().baseUrl() + "/embeddings", env.gateway().key(), "{\"model\":\"test-model\"}"),
        400, "missing_required_parameter", "input");
    assertError(Http.post(env.gateway().baseUrl() + "/embeddings", env.gateway().key(),
        "{\"model\":\"test-model\",\"input\":\"x\",\"encoding_format\":\"hex\"}"), 400, "invalid_value", "encoding_format");
    assertError(Http.post(env.gateway().baseUrl() + "/completions", env.gateway().key(), "{\"model\":\"test-model\"}"),
        400, "missing_required_parameter", "prompt");
  }
}
