package dev.shepherd.provider.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shepherd.config.SimulatorSettings;
import io.vertx.core.buffer.Buffer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;
import java.util.SplittableRandom;

/**
 * Simulated {@code /v1/embeddings}: each input maps to a deterministic, L2-normalised pseudo-random
 * vector seeded by a 64-bit FNV-1a hash of its text (or token ids), so equal inputs always give
 * equal vectors. With {@code encoding_format: "base64"} each vector is the base64 of its
 * little-endian float32 array, as OpenAI sends it. Usage counts {@code ceil(chars / 4)} per text
 * input and the length of each token array (simulated).
 */
final class Embeddings {

  static final int MAX_DIMENSIONS = 65_536;
  private static final long FNV_OFFSET = 0xcbf29ce484222325L;
  private static final long FNV_PRIME = 0x100000001b3L;

  /** A validated request: one seed per input. */
  record Request(String model, long[] seeds, int dimensions, boolean base64, int promptTokens) {}

  private Embeddings() {}

  static Request parse(JsonNode root, SimulatorSettings s) throws BadRequest {
    String model = Requests.model(root);
    JsonNode input = root.get("input");
    if (input == null || input.isNull()) {
      throw BadRequest.missing("input");
    }
    long[] seeds;
    long tokens = 0;
    if (input.isTextual()) {
      seeds = new long[] {textSeed(nonEmpty(input.textValue()))};
      tokens = Requests.estimate(input.textValue().length());
    } else if (input.isArray() && !input.isEmpty() && input.get(0).isIntegralNumber()) {
      seeds = new long[] {tokenSeed(input)};
      tokens = input.size();
    } else if (input.isArray() && !input.isEmpty()) {
      seeds = new long[input.size()];
      for (int i = 0; i < input.size(); i++) {
        JsonNode item = input.get(i);
        if (item.isTextual()) {
          seeds[i] = textSeed(nonEmpty(item.textValue()));
          tokens += Requests.estimate(item.textValue().length());
        } else if (item.isArray() && !item.isEmpty()) {
          seeds[i] = tokenSeed(item);
          tokens += item.size();
        } else {
          throw BadRequest.invalidType("input", "a string, array of strings, array of tokens or array of token arrays");
        }
      }
    } else {
      throw BadRequest.invalidValue("input", "expected a non-empty string or a non-empty array.");
    }
    return new Request(model, seeds, dimensions(root, s), base64(root), (int) Math.min(Integer.MAX_VALUE, tokens));
  }

  static Buffer body(Request r) {
    return Bodies.write(128 + r.seeds().length * r.dimensions() * (r.base64() ? 6 : 12), j -> {
      j.writeStartObject();
      j.writeStringField("object", "list");
      j.writeArrayFieldStart("data");
      for (int i = 0; i < r.seeds().length; i++) {
        float[] v = vector(r.seeds()[i], r.dimensions());
        j.writeStartObject();
        j.writeStringField("object", "embedding");
        j.writeNumberField("index", i);
        if (r.base64()) {
          j.writeStringField("embedding", base64(v));
        } else {
          j.writeArrayFieldStart("embedding");
          for (float f : v) {
            j.writeNumber(f);
          }
          j.writeEndArray();
        }
        j.writeEndObject();
      }
      j.writeEndArray();
      j.writeStringField("model", r.model());
      j.writeObjectFieldStart("usage");
      j.writeNumberField("prompt_tokens", r.promptTokens());
      j.writeNumberField("total_tokens", r.promptTokens());
      j.writeEndObject();
      j.writeEndObject();
    });
  }

  /** The unit vector for {@code seed}. */
  static float[] vector(long seed, int dimensions) {
    SplittableRandom random = new SplittableRandom(seed);
    double[] raw = new double[dimensions];
    double sum = 0;
    for (int i = 0; i < dimensions; i++) {
      raw[i] = random.nextGaussian();
      sum += raw[i] * raw[i];
    }
    double norm = Math.sqrt(sum);
    float[] v = new float[dimensions];
    for (int i = 0; i < dimensions; i++) {
      v[i] = norm == 0 ? (i == 0 ? 1f : 0f) : (float) (raw[i] / norm);
    }
    return v;
  }

  static String base64(float[] v) {
    ByteBuffer bytes = ByteBuffer.allocate(v.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    bytes.asFloatBuffer().put(v);
    return Base64.getEncoder().encodeToString(bytes.array());
  }

  static long textSeed(String text) {
    long h = FNV_OFFSET;
    for (int i = 0; i < text.length(); i++) {
      h = (h ^ text.charAt(i)) * FNV_PRIME;
    }
    return h;
  }

  private static long tokenSeed(JsonNode tokens) throws BadRequest {
    long h = FNV_OFFSET ^ 0x746f6b656e73L;
    for (JsonNode t : tokens) {
      if (!t.isIntegralNumber()) {
        throw BadRequest.invalidType("input", "an array of integer token ids");
      }
      h = (h ^ t.longValue()) * FNV_PRIME;
    }
    return h;
  }

  private static String nonEmpty(String text) throws BadRequest {
    if (text.isEmpty()) {
      throw BadRequest.invalidValue("input", "empty string. Expected a non-empty string.");
    }
    return text;
  }

  private static int dimensions(JsonNode root, SimulatorSettings s) throws BadRequest {
    JsonNode d = root.get("dimensions");
    if (d == null || d.isNull()) {
      return Math.max(1, s.embeddingDimensions());
    }
    if (!d.isIntegralNumber() || !d.canConvertToInt() || d.intValue() < 1 || d.intValue() > MAX_DIMENSIONS) {
      throw BadRequest.invalidValue("dimensions", "expected an integer from 1 to " + MAX_DIMENSIONS + ".");
    }
    return d.intValue();
  }

  private static boolean base64(JsonNode root) throws BadRequest {
    JsonNode f = root.get("encoding_format");
    if (f == null || f.isNull()) {
      return false;
    }
    if (f.isTextual() && (f.textValue().equals("float") || f.textValue().equals("base64"))) {
      return f.textValue().equals("base64");
    }
    throw BadRequest.invalidValue("encoding_format", "expected 'float' or 'base64'.");
  }
}
