package dev.shepherd.translate.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shepherd.pipeline.Usage;

/**
 * Anthropic usage → OpenAI usage. Anthropic's {@code input_tokens} excludes cached tokens, so
 * {@code prompt_tokens = input_tokens + cache_read_input_tokens + cache_creation_input_tokens} and
 * {@code prompt_tokens_details.cached_tokens = cache_read_input_tokens}.
 */
final class ChatUsage {
  private ChatUsage() {}

  /** The pipeline's usage from an Anthropic {@code usage} object; {@link Usage#NONE} when absent. */
  static Usage fromAnthropic(JsonNode usage) {
    if (usage == null || !usage.isObject() || !usage.has("input_tokens")) {
      return Usage.NONE;
    }
    long cacheRead = usage.path("cache_read_input_tokens").asLong(0);
    long prompt = usage.path("input_tokens").asLong(0) + cacheRead + usage.path("cache_creation_input_tokens").asLong(0);
    long completion = usage.has("output_tokens") ? usage.path("output_tokens").asLong(0) : -1;
    return new Usage(prompt, completion, cacheRead);
  }

  /** OpenAI {@code usage} object for {@code u} (unknown counts as 0). */
  static ObjectNode toChat(Usage u) {
    long prompt = Math.max(0, u.promptTokens());
    long completion = Math.max(0, u.completionTokens());
    ObjectNode out = AnthropicJson.object();
    out.put("prompt_tokens", prompt).put("completion_tokens", completion).put("total_tokens", prompt + completion);
    out.putObject("prompt_tokens_details").put("cached_tokens", u.cachedPromptTokens());
    return out;
  }

  /** The same object as JSON text, appended without building a tree. */
  static StringBuilder appendChat(StringBuilder sb, Usage u) {
    long prompt = Math.max(0, u.promptTokens());
    long completion = Math.max(0, u.completionTokens());
    return sb.append("{\"prompt_tokens\":").append(prompt).append(",\"completion_tokens\":").append(completion)
        .append(",\"total_tokens\":").append(prompt + completion).append(",\"prompt_tokens_details\":{\"cached_tokens\":")
        .append(u.cachedPromptTokens()).append("}}");
  }
}
