package dev.shepherd.translate.gemini;

import static dev.shepherd.translate.gemini.GeminiJson.absent;
import static dev.shepherd.translate.gemini.GeminiJson.invalid;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shepherd.api.ApiException;
import dev.shepherd.api.ErrorKind;
import java.util.Map;
import java.util.Set;

/**
 * OpenAI {@code chat.completions} request → Gemini {@code generateContent} body (the same body
 * serves {@code streamGenerateContent}). Guarantees that nothing is lost silently: every field of
 * the request is either translated, consumed by the caller ({@code model}, {@code stream},
 * {@code stream_options}, {@code user}), named in {@code drop} (removed on purpose), a value that
 * means "default" (e.g. {@code logprobs: false}), or the request is refused with a 400
 * ({@link ErrorKind#UNSUPPORTED_PARAMETER} naming the parameter, or {@link ErrorKind#INVALID_VALUE}
 * naming the field that cannot be carried). Pure: the input is never modified.
 */
public final class GeminiRequests {
  /** Handled by the caller: the URL carries the model and the method the streaming mode. */
  private static final Set<String> CALLER = Set.of("model", "stream", "stream_options", "user");

  private GeminiRequests() {}

  /** {@link #fromChat(JsonNode, Set, String)} for a current (Gemini 3 style) model. */
  public static ObjectNode fromChat(JsonNode chatRequest, Set<String> drop) {
    return fromChat(chatRequest, drop, null);
  }

  /**
   * @param drop parameter names the deployment removes silently instead of refusing
   * @param upstreamModel the Gemini model the body is for (e.g. {@code gemini-2.5-flash}); decides
   *     only how {@code reasoning_effort} is expressed (a token budget for Gemini 1.x/2.x, a
   *     thinking level otherwise); {@code null} means a current model
   * @throws ApiException 400 for what cannot be sent to Gemini, naming the parameter
   */
  public static ObjectNode fromChat(JsonNode chatRequest, Set<String> drop, String upstreamModel) {
    if (chatRequest == null || !chatRequest.isObject()) {
      throw new ApiException(ErrorKind.INVALID_TYPE, "The request body must be a JSON object.");
    }
    JsonNode messages = chatRequest.get("messages");
    if (absent(messages)) {
      throw new ApiException(ErrorKind.MISSING_PARAMETER, "messages: missing", "messages");
    }
    Set<String> dropped = drop == null ? Set.of() : drop;
    ObjectNode body = GeminiJson.object();
    GeminiContents.translate(messages, body);
    ObjectNode gen = GeminiJson.object();
    JsonNode tools = null;
    JsonNode toolChoice = null;
    for (Map.Entry<String, JsonNode> field : chatRequest.properties()) {
      String name = field.getKey();
      JsonNode value = field.getValue();
      if (name.equals("messages") || CALLER.contains(name) || dropped.contains(name) || absent(value)) {
        continue;
      }
      switch (name) {
        case "tools" -> tools = value;
        case "tool_choice" -> toolChoice = value;
        case "temperature" -> gen.set("temperature", number(name, value));
        case "top_p" -> gen.set("topP", number(name, value));
        case "top_k" -> gen.set("topK", integer(name, value));
        case "max_tokens" -> gen.putIfAbsent("maxOutputTokens", integer(name, value));
        case "max_completion_tokens" -> gen.set("maxOutputTokens", integer(name, value));
        case "n" -> gen.set("candidateCount", integer(name, value));
        case "seed" -> gen.set("seed", integer(name, value));
        case "presence_penalty" -> gen.set("presencePenalty", number(name, value));
        case "frequency_penalty" -> gen.set("frequencyPenalty", number(name, value));
        case "stop" -> gen.set("stopSequences", stop(value));
        case "response_format" -> responseFormat(value, gen);
        case "reasoning_effort" -> Thinking.apply(value, upstreamModel, gen);
        case "parallel_tool_calls" -> defaultOnly(name, value, true);
        case "logprobs" -> defaultOnly(name, value, false);
        case "store" -> defaultOnly(name, value, false);
        case "modalities" -> {
          if (!(value.isArray() && value.size() == 1 && "text".equals(value.get(0).asText()))) {
            throw unsupported(name);
          }
        }
        default -> throw unsupported(name);
      }
    }
    if (tools != null || toolChoice != null) {
      GeminiTools.translate(tools, toolChoice, body);
    }
    if (!gen.isEmpty()) {
      body.set("generationConfig", gen);
    }
    return body;
  }

  /** The 400 for a parameter Gemini has no equivalent for. */
  static ApiException unsupported(String name) {
    return new ApiException(ErrorKind.UNSUPPORTED_PARAMETER, "The parameter '" + name
        + "' is not supported by this model's Gemini upstream; remove it from the request.", name);
  }

  private static void defaultOnly(String name, JsonNode value, boolean defaultValue) {
    if (!value.isBoolean()) {
      throw GeminiJson.type(name, "a boolean");
    }
    if (value.booleanValue() != defaultValue) {
      throw unsupported(name);
    }
  }

  private static JsonNode number(String name, JsonNode value) {
    if (!value.isNumber()) {
      throw GeminiJson.type(name, "a number");
    }
    return value;
  }

  private static JsonNode integer(String name, JsonNode value) {
    if (!value.isIntegralNumber()) {
      throw GeminiJson.type(name, "an integer");
    }
    return value;
  }

  private static ArrayNode stop(JsonNode value) {
    ArrayNode out = GeminiJson.NODES.arrayNode();
    if (value.isTextual()) {
      return out.add(value.asText());
    }
    if (!value.isArray()) {
      throw GeminiJson.type("stop", "a string or an array of strings");
    }
    for (JsonNode s : value) {
      if (!s.isTextual()) {
        throw GeminiJson.type("stop", "a string or an array of strings");
      }
      out.add(s.asText());
    }
    return out;
  }

  private static void responseFormat(JsonNode value, ObjectNode gen) {
    String type = value.path("type").asText("");
    switch (type) {
      case "text" -> { } // Gemini's default
      case "json_object" -> gen.put("responseMimeType", "application/json");
      case "json_schema" -> {
        JsonNode schema = value.path("json_schema").get("schema");
        if (schema == null || !schema.isObject()) {
          throw invalid("response_format.json_schema.schema", "expected a JSON Schema object");
        }
        gen.put("responseMimeType", "application/json");
        gen.set("responseJsonSchema", GeminiTools.schema(schema));
      }
      default -> throw invalid("response_format.type", "'" + type + "' (expected: text, json_object, json_schema)");
    }
  }
}
