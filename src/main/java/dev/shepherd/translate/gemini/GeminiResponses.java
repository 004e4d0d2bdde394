package dev.shepherd.translate.gemini;

import static dev.shepherd.translate.gemini.GeminiJson.NODES;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shepherd.api.ApiException;
import dev.shepherd.api.ErrorKind;
import dev.shepherd.pipeline.Usage;

/**
 * Gemini {@code GenerateContentResponse} → OpenAI {@code chat.completion}. One choice per candidate
 * (its {@code index}); text parts concatenated into {@code content}, thought parts into
 * {@code reasoning_content}, function calls into {@code tool_calls} (with the thought signature in
 * {@code extra_content.google.thought_signature}, as Google's OpenAI-compatible endpoint does). A
 * prompt blocked before any candidate becomes one empty choice with {@code content_filter}. A
 * finish reason that means broken output throws instead (see {@link GeminiFinish}).
 */
public final class GeminiResponses {
  private GeminiResponses() {}

  /**
   * @param model the {@code model} to report (the caller's choice: public or upstream name)
   * @param id the completion id, e.g. {@code chatcmpl-…}; also seeds generated tool call ids
   * @throws ApiException UPSTREAM_ERROR (or UPSTREAM_REJECTED) when Gemini's answer is unusable
   */
  public static ObjectNode toChat(JsonNode response, String model, String id, long createdSeconds) {
    ObjectNode out = NODES.objectNode();
    out.put("id", id);
    out.put("object", "chat.completion");
    out.put("created", createdSeconds);
    out.put("model", model);
    ArrayNode choices = out.putArray("choices");
    JsonNode candidates = response.path("candidates");
    if (candidates.isEmpty()) {
      if (response.path("promptFeedback").path("blockReason").isMissingNode()) {
        throw new ApiException(ErrorKind.UPSTREAM_ERROR, "The Gemini upstream returned no candidates.");
      }
      choices.add(choice(0, message("", null, null), "content_filter"));
    }
    int[] calls = {0};
    for (int p = 0; p < candidates.size(); p++) {
      JsonNode c = candidates.get(p);
      StringBuilder text = new StringBuilder();
      StringBuilder thoughts = new StringBuilder();
      ArrayNode toolCalls = NODES.arrayNode();
      for (JsonNode part : c.path("content").path("parts")) {
        if (part.has("functionCall")) {
          toolCalls.add(toolCall(part, id, calls[0]++, -1));
        } else if (part.path("text").isTextual()) {
          (part.path("thought").asBoolean(false) ? thoughts : text).append(part.get("text").asText());
        }
      }
      String reason = c.path("finishReason").asText("STOP");
      String finish = GeminiFinish.openAi(reason, !toolCalls.isEmpty());
      if (finish == null) {
        throw new ApiException(GeminiFinish.failure(reason), GeminiFinish.failureMessage(reason));
      }
      String content = text.isEmpty() && !toolCalls.isEmpty() ? null : text.toString();
      ObjectNode message = message(content, thoughts.isEmpty() ? null : thoughts.toString(),
          toolCalls.isEmpty() ? null : toolCalls);
      choices.add(choice(c.path("index").asInt(p), message, finish));
    }
    JsonNode metadata = response.get("usageMetadata");
    if (metadata != null && metadata.isObject()) {
      out.set("usage", usageJson(metadata));
    }
    return out;
  }

  /** The token usage of a response or stream chunk ({@link Usage#NONE} without {@code usageMetadata}). */
  public static Usage usage(JsonNode response) {
    JsonNode m = response.path("usageMetadata");
    if (!m.isObject() || !counted(m)) {
      return Usage.NONE;
    }
    return new Usage(promptTokens(m), completionTokens(m), m.path("cachedContentTokenCount").asLong(0));
  }

  /** Whether a {@code usageMetadata} carries token counts (Vertex sends some with only a traffic type). */
  static boolean counted(JsonNode m) {
    return m.has("promptTokenCount") || m.has("candidatesTokenCount") || m.has("totalTokenCount");
  }

  /** Prompt tokens: the prompt plus what tools (e.g. search results) added to it, both billed as input. */
  static long promptTokens(JsonNode m) {
    return m.path("promptTokenCount").asLong(0) + m.path("toolUsePromptTokenCount").asLong(0);
  }

  /** Completion tokens: the candidates plus thinking, both billed as output (as OpenAI counts reasoning). */
  static long completionTokens(JsonNode m) {
    return m.path("candidatesTokenCount").asLong(0) + m.path("thoughtsTokenCount").asLong(0);
  }

  /** The OpenAI {@code usage} object of a {@code usageMetadata}. */
  static ObjectNode usageJson(JsonNode m) {
    long prompt = promptTokens(m);
    long completion = completionTokens(m);
    ObjectNode u = NODES.objectNode();
    u.put("prompt_tokens", prompt);
    u.put("completion_tokens", completion);
    u.put("total_tokens", prompt + completion);
    u.putObject("prompt_tokens_details").put("cached_tokens", m.path("cachedContentTokenCount").asLong(0));
    u.putObject("completion_tokens_details").put("reasoning_tokens", m.path("thoughtsTokenCount").asLong(0));
    return u;
  }

  /**
   * One OpenAI tool call of a Gemini {@code functionCall} part.
   *
   * @param index the stream's tool call index, or -1 for a whole message (no index)
   */
  static ObjectNode toolCall(JsonNode part, String chatId, int n, int index) {
    JsonNode fc = part.get("functionCall");
    ObjectNode call = NODES.objectNode();
    if (index >= 0) {
      call.put("index", index);
    }
    String given = fc.path("id").asText("");
    call.put("id", given.isEmpty() ? GeminiFinish.callId(chatId, n) : given);
    call.put("type", "function");
    ObjectNode fn = call.putObject("function");
    fn.put("name", fc.path("name").asText(""));
    JsonNode args = fc.get("args");
    fn.put("arguments", args == null || args.isNull() ? "{}" : GeminiJson.write(args));
    JsonNode signature = part.get("thoughtSignature");
    if (signature != null && signature.isTextual()) {
      call.putObject("extra_content").putObject("google").put("thought_signature", signature.asText());
    }
    return call;
  }

  private static ObjectNode message(String content, String reasoning, ArrayNode toolCalls) {
    ObjectNode m = NODES.objectNode();
    m.put("role", "assistant");
    m.put("content", content);
    if (reasoning != null) {
      m.put("reasoning_content", reasoning);
    }
    m.putNull("refusal");
    if (toolCalls != null) {
      m.set("tool_calls", toolCalls);
    }
    return m;
  }

  private static ObjectNode choice(int index, ObjectNode message, String finish) {
    ObjectNode c = NODES.objectNode();
    c.put("index", index);
    c.set("message", message);
    c.putNull("logprobs");
    c.put("finish_reason", finish);
    return c;
  }
}
