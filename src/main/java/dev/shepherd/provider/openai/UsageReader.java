package dev.shepherd.provider.openai;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.shepherd.pipeline.Usage;
import java.io.IOException;

/**
 * Reads {@code usage} from an OpenAI response object or stream chunk without building a tree.
 * Also reports whether the object's {@code choices} array was empty (a usage-only chunk).
 */
final class UsageReader {
  private static final JsonFactory JSON = new JsonFactory();

  private UsageReader() {}

  /** Result of one read. */
  record Result(Usage usage, boolean choicesEmpty) {}

  /** Reads the top-level {@code usage} of the JSON object in {@code b[off, off+len)}; never throws. */
  static Result read(byte[] b, int off, int len) {
    Usage usage = Usage.NONE;
    boolean choicesEmpty = false;
    try (JsonParser p = JSON.createParser(b, off, len)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return new Result(usage, false);
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken t = p.nextToken();
        if (name.equals("usage") && t == JsonToken.START_OBJECT) {
          usage = usage(p);
        } else if (name.equals("choices") && t == JsonToken.START_ARRAY) {
          choicesEmpty = p.nextToken() == JsonToken.END_ARRAY;
          if (!choicesEmpty) {
            p.skipChildren();
            while (p.nextToken() != JsonToken.END_ARRAY) {
              p.skipChildren();
            }
          }
        } else {
          p.skipChildren();
        }
      }
    } catch (IOException | RuntimeException e) {
      return new Result(usage, choicesEmpty);
    }
    return new Result(usage, choicesEmpty);
  }

  private static Usage usage(JsonParser p) throws IOException {
    long prompt = -1;
    long completion = 0;
    long cached = 0;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken t = p.nextToken();
      switch (name) {
        case "prompt_tokens" -> prompt = t == JsonToken.VALUE_NUMBER_INT ? p.getLongValue() : prompt;
        case "completion_tokens" -> completion = t == JsonToken.VALUE_NUMBER_INT ? p.getLongValue() : completion;
        case "prompt_tokens_details" -> cached = cachedTokens(p);
        default -> p.skipChildren();
      }
    }
    return new Usage(prompt, completion, cached);
  }

  private static long cachedTokens(JsonParser p) throws IOException {
    long cached = 0;
    if (p.currentToken() != JsonToken.START_OBJECT) {
      p.skipChildren();
      return 0;
    }
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken t = p.nextToken();
      if (name.equals("cached_tokens") && t == JsonToken.VALUE_NUMBER_INT) {
        cached = p.getLongValue();
      } else {
        p.skipChildren();
      }
    }
    return cached;
  }
}
