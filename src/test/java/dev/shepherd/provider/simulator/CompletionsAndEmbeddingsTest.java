package dev.shepherd.provider.simulator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class CompletionsAndEmbeddingsTest extends SimTestSupport {

  @Test
  void legacyCompletion() throws Exception {
    JsonNode c = json(post("/completions", "{\"model\":\"inst\",\"prompt\":\"Say this\",\"max_tokens\":5}").body());
    assertTrue(c.get("id").textValue().startsWith("cmpl-sim"));
    assertEquals("text_completion", c.get("object").textValue());
    assertEquals("inst", c.get("model").textValue());
    assertTrue(c.get("created").isIntegralNumber());
    JsonNode choice = c.at("/choices/0");
    assertEquals("Lorem ipsum dolor sit amet", choice.get("text").textValue());
    assertEquals(0, choice.get("index").intValue());
    assertTrue(choice.get("logprobs").isNull());
    assertEquals("length", choice.get("finish_reason").textValue());
    assertEquals(2, c.at("/usage/prompt_tokens").intValue());
    assertEquals(5, c.at("/usage/completion_tokens").intValue());
    assertEquals(7, c.at("/usage/total_tokens").intValue());

    JsonNode tokens = json(post("/completions", "{\"model\":\"inst\",\"prompt\":[[1,2,3],[4,5]]}").body());
    assertEquals(5, tokens.at("/usage/prompt_tokens").intValue());
    JsonNode echo = json(post("/completions", "{\"model\":\"inst\",\"prompt\":\"echo: one two\"}").body());
    assertEquals("one two", echo.at("/choices/0/text").textValue());
    assertEquals("stop", echo.at("/choices/0/finish_reason").textValue());
  }

  @Test
  void legacyCompletionStream() throws Exception {
    sim.settings(settings(0, 0, 3));
    List<String> plain = events(post("/completions", "{\"model\":\"inst\",\"prompt\":\"x\",\"stream\":true}").body());
    assertEquals(5, plain.size()); // 3 tokens, finish, [DONE]
    StringBuilder text = new StringBuilder();
    for (String e : plain.subList(0, 4)) {
      JsonNode chunk = json(e);
      assertEquals("text_completion", chunk.get("object").textValue());
      assertFalse(chunk.has("usage"));
      text.append(chunk.at("/choices/0/text").textValue());
    }
    assertEquals("Lorem ipsum dolor", text.toString());
    assertEquals("stop", json(plain.get(3)).at("/choices/0/finish_reason").textValue());
    assertEquals("[DONE]", plain.get(4));

    List<String> withUsage = events(post("/completions",
        "{\"model\":\"inst\",\"prompt\":\"x\",\"stream\":true,\"stream_options\":{\"include_usage\":true}}").body());
    assertEquals(6, withUsage.size());
    assertTrue(json(withUsage.get(0)).get("usage").isNull());
    JsonNode usage = json(withUsage.get(4));
    assertEquals(0, usage.get("choices").size());
    assertEquals(3, usage.at("/usage/completion_tokens").intValue());
    assertEquals(4, usage.at("/usage/total_tokens").intValue());
  }

  @Test
  void embeddingsAreDeterministicUnitVectorsAndBase64MatchesFloats() throws Exception {
    String req = "{\"model\":\"text-embedding-3-small\",\"input\":[\"hello world\",\"other\",\"hello world\"]";
    JsonNode f = json(post("/embeddings", req + "}").body());
    assertEquals("list", f.get("object").textValue());
    assertEquals("text-embedding-3-small", f.get("model").textValue());
    assertEquals(3, f.get("data").size());
    float[][] vectors = new float[3][];
    for (int i = 0; i < 3; i++) {
      JsonNode d = f.get("data").get(i);
      assertEquals("embedding", d.get("object").textValue());
      assertEquals(i, d.get("index").intValue());
      vectors[i] = floats(d.get("embedding"));
      assertEquals(64, vectors[i].length);
      assertEquals(1.0, norm(vectors[i]), 1e-5);
    }
    assertArrayEquals(vectors[0], vectors[2], "same text, same vector");
    assertFalse(java.util.Arrays.equals(vectors[0], vectors[1]));
    assertEquals(3 + 2 + 3, f.at("/usage/prompt_tokens").intValue());
    assertEquals(8, f.at("/usage/total_tokens").intValue());

    JsonNode b = json(post("/embeddings", req + ",\"encoding_format\":\"base64\"}").body());
    for (int i = 0; i < 3; i++) {
      float[] decoded = decode(b.at("/data/" + i + "/embedding").textValue());
      assertArrayEquals(vectors[i], decoded, "base64 is the little-endian float32 of the float vector");
    }
  }

  @Test
  void embeddingDimensionsAndTokenInputs() throws Exception {
    JsonNode d = json(post("/embeddings", "{\"model\":\"e\",\"input\":\"abc\",\"dimensions\":256}").body());
    float[] v = floats(d.at("/data/0/embedding"));
    assertEquals(256, v.length);
    assertEquals(1.0, norm(v), 1e-5);

    JsonNode tokens = json(post("/embeddings", "{\"model\":\"e\",\"input\":[1,2,3]}").body());
    assertEquals(1, tokens.get("data").size());
    assertEquals(3, tokens.at("/usage/prompt_tokens").intValue());
    JsonNode arrays = json(post("/embeddings", "{\"model\":\"e\",\"input\":[[1,2,3],[4]]}").body());
    assertEquals(2, arrays.get("data").size());
    assertEquals(4, arrays.at("/usage/prompt_tokens").intValue());
    assertArrayEquals(floats(tokens.at("/data/0/embedding")), floats(arrays.at("/data/0/embedding")));

    assertEquals(400, post("/embeddings", "{\"model\":\"e\",\"input\":[]}").statusCode());
    assertEquals(400, post("/embeddings", "{\"model\":\"e\",\"input\":\"x\",\"encoding_format\":\"hex\"}").statusCode());
    assertEquals("dimensions",
        json(post("/embeddings", "{\"model\":\"e\",\"input\":\"x\",\"dimensions\":0}").body()).at("/error/param").textValue());
  }

  @Test
  void modelsAreListed() throws Exception {
    JsonNode list = json(get("/models").body());
    assertEquals("list", list.get("object").textValue());
    assertEquals(SimulatorServer.MODELS.size(), list.get("data").size());
    JsonNode first = list.at("/data/0");
    assertEquals(SimulatorServer.MODELS.getFirst(), first.get("id").textValue());
    assertEquals("model", first.get("object").textValue());
    assertEquals("shepherd-simulator", first.get("owned_by").textValue());
    assertTrue(first.get("created").isIntegralNumber());

    JsonNode one = json(get("/models/any-model").body());
    assertEquals("any-model", one.get("id").textValue());
    assertEquals("model", one.get("object").textValue());
  }

  static float[] floats(JsonNode array) {
    float[] v = new float[array.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = array.get(i).floatValue();
    }
    return v;
  }

  static float[] decode(String base64) {
    ByteBuffer bytes = ByteBuffer.wrap(Base64.getDecoder().decode(base64)).order(ByteOrder.LITTLE_ENDIAN);
    float[] v = new float[bytes.remaining() / 4];
    bytes.asFloatBuffer().get(v);
    return v;
  }

  static double norm(float[] v) {
    double sum = 0;
    for (float f : v) {
      sum += (double) f * f;
    }
    return Math.sqrt(sum);
  }
}
