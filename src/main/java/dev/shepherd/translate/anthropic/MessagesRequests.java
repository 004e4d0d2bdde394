package dev.shepherd.translate.anthropic;

import static dev.shepherd.translate.anthropic.AnthropicJson.present;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shepherd.api.ApiException;
import dev.shepherd.api.ErrorKind;
import java.util.Map;
import java.util.Set;

/**
 * Anthropic Messages API request ({@code /v1/messages}) → OpenAI {@code chat.completions} request,
 * for any OpenAI-compatible upstream.
 *
 * <p>Guarantees: the request is validated as the Messages API does it where a field matters here
 * ({@code model}, {@code max_tokens}, {@code messages}, roles, content, tools), each failure a 400
 * naming the field; a top-level field with no OpenAI translation is a 400 {@link
 * ErrorKind#UNSUPPORTED_PARAMETER} rather than lost; streams always ask for usage
 * ({@code stream_options.include_usage}). The input tree is never modified. Mapping table: {@code
 * docs/translation-anthropic.md}.
 */
public final class MessagesRequests {
  private static final Set<String> TRANSLATED = Set.of("model", "max_tokens", "messages", "system", "stop_sequences",
      "temperature", "top_p", "top_k", "metadata", "thinking", "tools", "tool_choice", "stream",
      "service_tier"); // service_tier: a capacity preference; no OpenAI-compatible equivalent worth sending

  private MessagesRequests() {}

  /** @throws ApiException 400 naming the field at fault */
  public static ObjectNode toChat(JsonNode messagesRequest) {
    if (messagesRequest == null || !messagesRequest.isObject()) {
      throw new ApiException(ErrorKind.INVALID_TYPE, "request body: expected a JSON object");
    }
    JsonNode r = messagesRequest;
    String model = ParamChecks.string(ParamChecks.required(r, "model", "model"), "model");
    long maxTokens = ParamChecks.integer(ParamChecks.required(r, "max_tokens", "max_tokens"), "max_tokens", 1);
    JsonNode messages = ParamChecks.array(ParamChecks.required(r, "messages", "messages"), "messages");
    if (messages.isEmpty()) {
      throw ParamChecks.value("messages", "at least one message is required");
    }
    for (Map.Entry<String, JsonNode> f : r.properties()) {
      if (!TRANSLATED.contains(f.getKey()) && !f.getValue().isNull()) {
        throw new ApiException(ErrorKind.UNSUPPORTED_PARAMETER, f.getKey()
            + ": not supported when this model is served by an OpenAI-compatible upstream", f.getKey());
      }
    }
    ObjectNode out = AnthropicJson.object();
    out.put("model", model);
    ArrayNode chat = out.putArray("messages");
    system(present(r, "system"), chat);
    MessagesContent.convert(messages, chat);
    out.put("max_tokens", maxTokens);
    stop(present(r, "stop_sequences"), out);
    sampling(r, out);
    JsonNode metadata = present(r, "metadata");
    if (metadata != null) {
      JsonNode user = present(ParamChecks.object(metadata, "metadata"), "user_id");
      if (user != null) {
        out.put("user", ParamChecks.string(user, "metadata.user_id"));
      }
    }
    thinking(present(r, "thinking"), out);
    MessagesTools.convert(present(r, "tools"), present(r, "tool_choice"), out);
    JsonNode stream = present(r, "stream");
    if (stream != null && ParamChecks.bool(stream, "stream")) {
      out.put("stream", true);
      out.putObject("stream_options").put("include_usage", true);
    }
    return out;
  }

  private static void system(JsonNode system, ArrayNode chat) {
    if (system == null) {
      return;
    }
    if (system.isTextual()) {
      chat.addObject().put("role", "system").put("content", system.textValue());
      return;
    }
    if (!system.isArray()) {
      throw ParamChecks.type("system", "a string or an array of text blocks");
    }
    ArrayNode parts = AnthropicJson.array();
    for (int i = 0; i < system.size(); i++) {
      String at = "system[" + i + "]";
      JsonNode b = ParamChecks.object(system.get(i), at);
      if (!"text".equals(AnthropicJson.text(b, "type"))) {
        throw ParamChecks.value(at + ".type", "system blocks must be text");
      }
      parts.addObject().put("type", "text")
          .put("text", ParamChecks.string(ParamChecks.required(b, "text", at + ".text"), at + ".text"));
    }
    if (parts.size() == 1) {
      chat.addObject().put("role", "system").put("content", parts.get(0).get("text").textValue());
    } else if (!parts.isEmpty()) {
      chat.addObject().put("role", "system").set("content", parts);
    }
  }

  private static void stop(JsonNode stop, ObjectNode out) {
    if (stop == null) {
      return;
    }
    ParamChecks.array(stop, "stop_sequences");
    ArrayNode sequences = AnthropicJson.array();
    for (int i = 0; i < stop.size(); i++) {
      sequences.add(ParamChecks.string(stop.get(i), "stop_sequences[" + i + "]"));
    }
    if (!sequences.isEmpty()) {
      out.set("stop", sequences);
    }
  }

  /** temperature (Anthropic 0–1, within OpenAI's 0–2), top_p, top_k (vLLM/SGLang accept it). */
  private static void sampling(JsonNode r, ObjectNode out) {
    JsonNode temperature = present(r, "temperature");
    if (temperature != null) {
      ParamChecks.number(temperature, "temperature", 0, 1);
      out.set("temperature", temperature);
    }
    JsonNode topP = present(r, "top_p");
    if (topP != null) {
      ParamChecks.number(topP, "top_p", 0, 1);
      out.set("top_p", topP);
    }
    JsonNode topK = present(r, "top_k");
    if (topK != null) {
      ParamChecks.integer(topK, "top_k", 0);
      out.set("top_k", topK);
    }
  }

  /** enabled → the nearest reasoning_effort; disabled and adaptive → nothing (the model's default). */
  private static void thinking(JsonNode thinking, ObjectNode out) {
    if (thinking == null) {
      return;
    }
    ParamChecks.object(thinking, "thinking");
    String type = ParamChecks.string(ParamChecks.required(thinking, "type", "thinking.type"), "thinking.type");
    switch (type) {
      case "enabled" -> {
        long budget = ParamChecks.integer(ParamChecks.required(thinking, "budget_tokens", "thinking.budget_tokens"),
            "thinking.budget_tokens", 1);
        out.put("reasoning_effort", ReasoningEffort.effort(budget));
      }
      case "disabled", "adaptive" -> { }
      default -> throw ParamChecks.value("thinking.type", "\"" + type + "\" (expected: enabled, disabled, adaptive)");
    }
  }
}
