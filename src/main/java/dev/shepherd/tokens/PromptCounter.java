package dev.shepherd.tokens;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.shepherd.api.openai.Endpoint;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Prompt tokens of a request body as the upstream will count them, template overhead included.
 *
 * <ul>
 *   <li>Chat: the family's chat template ({@link ChatTemplate#of}): OpenAI's per-message rule
 *       for o200k/cl100k, ChatML for Qwen 3, the Llama 3/4 headers, a generous generic overhead
 *       for the estimate; messages' text, names, tool calls, tool definitions and images as each
 *       template documents.</li>
 *   <li>Completions: {@code prompt} — a string, an array of strings (each a prompt), an array of
 *       token ids (its length) or an array of such arrays; Llama families add a begin-of-text
 *       token per text prompt.</li>
 *   <li>Embeddings: {@code input}, read the same way.</li>
 * </ul>
 *
 * <p>The body must already have passed {@link dev.shepherd.api.openai.RequestParser}; this reads
 * it once more with Jackson streaming. CPU-bound and proportional to the prompt (about 15–70 MB/s
 * for the exact families, see {@code bench/README.md}): large bodies belong off the event loop.
 * Thread-safe.
 */
public final class PromptCounter {
  private static final JsonFactory JSON = new JsonFactory();

  private PromptCounter() {}

  /** Prompt tokens of {@code body} sent to {@code endpoint}, counted with {@code tokenizer}. */
  public static long count(Endpoint endpoint, byte[] body, Tokenizer tokenizer) {
    ChatTemplate template = ChatTemplate.of(tokenizer.family());
    return switch (endpoint) {
      case CHAT -> template.count(ChatReader.read(body), tokenizer);
      case COMPLETIONS -> inputs(body, "prompt", tokenizer, template.perInput());
      case EMBEDDINGS -> inputs(body, "input", tokenizer, template.perInput());
    };
  }

  private static long inputs(byte[] body, String field, Tokenizer t, int perText) {
    long n = 0;
    try (JsonParser p = JSON.createParser(body)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return 0;
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        boolean wanted = p.currentName().equals(field);
        JsonToken v = p.nextToken();
        if (!wanted) {
          p.skipChildren();
        } else if (v == JsonToken.VALUE_STRING) {
          n += perText + t.count(p.getText());
        } else if (v == JsonToken.START_ARRAY) {
          n += array(p, t, perText);
        } else {
          p.skipChildren();
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("request body is not valid JSON", e);
    }
    return n;
  }

  /** An array of strings, of token ids, or of arrays of token ids. */
  private static long array(JsonParser p, Tokenizer t, int perText) throws IOException {
    long n = 0;
    JsonToken v;
    while ((v = p.nextToken()) != JsonToken.END_ARRAY) {
      switch (v) {
        case VALUE_STRING -> n += perText + t.count(p.getText());
        case VALUE_NUMBER_INT -> n++;
        case START_ARRAY -> {
          while (p.nextToken() != JsonToken.END_ARRAY) {
            n++;
            p.skipChildren();
          }
        }
        default -> p.skipChildren();
      }
    }
    return n;
  }
}
