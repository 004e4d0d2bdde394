package dev.shepherd.api.openai;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import dev.shepherd.api.ApiException;
import dev.shepherd.api.ErrorKind;
import java.io.IOException;

/**
 * Validates an OpenAI request body in one streaming pass and extracts a {@link ParsedRequest}.
 *
 * <p>Guarantees: malformed JSON, invalid UTF-8, a missing required field, or a known field of the
 * wrong type or out of range is an {@link ApiException} whose {@code param} names the field.
 * Fields this parser does not know are accepted and forwarded untouched (upstreams have their
 * own extensions). Thread-safe and allocation-light.
 */
public final class RequestParser {
  private static final JsonFactory JSON =
      JsonFactory.builder().enable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION).build();

  private RequestParser() {}

  /** Parses {@code body} for {@code endpoint}. */
  public static ParsedRequest parse(Endpoint endpoint, byte[] body) {
    try (JsonParser p = JSON.createParser(body)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw invalid(ErrorKind.INVALID_JSON, "request body must be a JSON object", null);
      }
      return new Reader(endpoint, body, p).read();
    } catch (JsonProcessingException e) {
      throw invalid(ErrorKind.INVALID_JSON, "malformed JSON in request body: " + e.getOriginalMessage(), null);
    } catch (IOException e) {
      throw invalid(ErrorKind.INVALID_JSON, "unreadable request body", null);
    }
  }

  static ApiException invalid(ErrorKind kind, String message, String param) {
    return new ApiException(kind, message, param);
  }

  /** State of one parse. */
  private static final class Reader {
    private final Endpoint endpoint;
    private final byte[] body;
    private final JsonParser p;
    private final FieldChecks check;
    private String model;
    private int modelStart = -1;
    private int modelEnd = -1;
    private boolean stream;
    private boolean wantsUsage;
    private int optionsStart = -1;
    private int optionsEnd = -1;
    private long maxTokens = -1;
    private int maxTokensStart = -1;
    private int maxTokensEnd = -1;
    private String user;
    private boolean sawMessages;
    private boolean sawPrompt;
    private boolean sawInput;

    Reader(Endpoint endpoint, byte[] body, JsonParser p) {
      this.endpoint = endpoint;
      this.body = body;
      this.p = p;
      this.check = new FieldChecks(p);
    }

    ParsedRequest read() throws IOException {
      int objectStart = (int) p.currentTokenLocation().getByteOffset();
      JsonToken t;
      while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        p.nextToken();
        field(name);
      }
      if (t != JsonToken.END_OBJECT || p.nextToken() != null) {
        throw invalid(ErrorKind.INVALID_JSON, "unexpected content after the request object", null);
      }
      requireFields();
      return new ParsedRequest(endpoint, body, objectStart, model, modelStart, modelEnd, stream,
          wantsUsage, optionsStart, optionsEnd, maxTokens, maxTokensStart, maxTokensEnd, user);
    }

    private void field(String name) throws IOException {
      switch (name) {
        case "model" -> readModel();
        case "stream" -> stream = check.bool(name);
        case "stream_options" -> readStreamOptions();
        case "max_tokens", "max_completion_tokens" -> readMaxTokens(name);
        case "user" -> user = check.string(name);
        case "n" -> check.integer(name, 1, 128);
        case "temperature" -> check.number(name, 0, 2);
        case "top_p" -> check.number(name, 0, 1);
        case "presence_penalty", "frequency_penalty" -> check.number(name, -2, 2);
        case "seed" -> check.integer(name, Long.MIN_VALUE, Long.MAX_VALUE);
        case "logprobs" -> logprobs(name);
        case "top_logprobs" -> check.integer(name, 0, 20);
        case "stop" -> check.stringOrStrings(name);
        case "tools", "functions" -> check.arrayOfObjects(name);
        case "tool_choice", "function_call" -> check.stringOrObject(name);
        case "response_format", "logit_bias", "metadata" -> check.object(name);
        case "parallel_tool_calls", "echo", "store" -> check.bool(name);
        case "messages" -> messages();
        case "prompt" -> prompt();
        case "input" -> input();
        case "encoding_format" -> check.oneOf(name, "float", "base64");
        case "dimensions" -> check.integer(name, 1, 65_536);
        default -> p.skipChildren();
      }
    }

    private void logprobs(String name) throws IOException {
      if (endpoint == Endpoint.COMPLETIONS) {
        check.integer(name, 0, 5);
      } else {
        check.bool(name);
      }
    }

    /** The value and where its digits are (the last of the two fields wins, as upstreams read it). */
    private void readMaxTokens(String name) throws IOException {
      int start = (int) p.currentTokenLocation().getByteOffset();
      maxTokens = check.integer(name, 1, Integer.MAX_VALUE);
      int end = start;
      while (end < body.length && body[end] >= '0' && body[end] <= '9') {
        end++;
      }
      maxTokensStart = start;
      maxTokensEnd = end;
    }

    private void readModel() throws IOException {
      if (p.currentToken() != JsonToken.VALUE_STRING) {
        throw invalid(ErrorKind.INVALID_TYPE, "model: expected a string", "model");
      }
      if (model != null) {
        throw invalid(ErrorKind.INVALID_VALUE, "model: given more than once", "model");
      }
      modelStart = (int) p.currentTokenLocation().getByteOffset();
      model = p.getText();
      modelEnd = Json.endOfString(body, modelStart);
      if (model.isEmpty()) {
        throw invalid(ErrorKind.INVALID_VALUE, "model: must not be empty", "model");
      }
    }

    private void readStreamOptions() throws IOException {
      if (p.currentToken() == JsonToken.VALUE_NULL) {
        return;
      }
      if (p.currentToken() != JsonToken.START_OBJECT) {
        throw invalid(ErrorKind.INVALID_TYPE, "stream_options: expected an object", "stream_options");
      }
      optionsStart = (int) p.currentTokenLocation().getByteOffset();
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        p.nextToken();
        if (name.equals("include_usage")) {
          wantsUsage = check.bool("stream_options.include_usage");
        } else {
          p.skipChildren();
        }
      }
      optionsEnd = (int) p.currentTokenLocation().getByteOffset() + 1;
    }

    private void messages() throws IOException {
      sawMessages = true;
      new MessageChecks(p).messages();
    }

    private void prompt() throws IOException {
      sawPrompt = true;
      JsonToken t = p.currentToken();
      if (t == JsonToken.VALUE_STRING) {
        return;
      }
      if (t != JsonToken.START_ARRAY) {
        throw invalid(ErrorKind.INVALID_TYPE, "prompt: expected a string or an array", "prompt");
      }
      p.skipChildren();
    }

    private void input() throws IOException {
      sawInput = true;
      JsonToken t = p.currentToken();
      if (t == JsonToken.VALUE_STRING) {
        return;
      }
      if (t != JsonToken.START_ARRAY) {
        throw invalid(ErrorKind.INVALID_TYPE, "input: expected a string or an array", "input");
      }
      if (p.nextToken() == JsonToken.END_ARRAY) {
        throw invalid(ErrorKind.INVALID_VALUE, "input: must not be empty", "input");
      }
      p.skipChildren();
      while (p.nextToken() != JsonToken.END_ARRAY) {
        p.skipChildren();
      }
    }

    private void requireFields() {
      if (model == null) {
        throw invalid(ErrorKind.MISSING_PARAMETER, "you must provide a model parameter", "model");
      }
      switch (endpoint) {
        case CHAT -> {
          if (!sawMessages) {
            throw invalid(ErrorKind.MISSING_PARAMETER, "missing required parameter: 'messages'", "messages");
          }
        }
        case COMPLETIONS -> {
          if (!sawPrompt) {
            throw invalid(ErrorKind.MISSING_PARAMETER, "missing required parameter: 'prompt'", "prompt");
          }
        }
        case EMBEDDINGS -> {
          if (!sawInput) {
            throw invalid(ErrorKind.MISSING_PARAMETER, "missing required parameter: 'input'", "input");
          }
          if (stream) {
            throw invalid(ErrorKind.INVALID_VALUE, "stream: embeddings cannot be streamed", "stream");
          }
        }
      }
      if (!stream && optionsStart >= 0) {
        throw invalid(ErrorKind.INVALID_VALUE,
            "stream_options: only allowed when stream is true", "stream_options");
      }
    }
  }
}
