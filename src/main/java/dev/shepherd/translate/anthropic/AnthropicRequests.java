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
 * OpenAI {@code chat.completions} request → Anthropic Messages API request body.
 *
 * <p>Guarantees: no request parameter is lost silently. Each top-level field is either translated,
 * at a value that means nothing (e.g. {@code n: 1}, {@code presence_penalty: 0}, {@code null}),
 * named in the deployment's {@code drop} set (then removed), or rejected with a 400 {@link
 * ErrorKind#UNSUPPORTED_PARAMETER} naming it. Malformed values are 400s naming the field. The input
 * tree is never modified. Mapping table: {@code docs/translation-anthropic.md}.
 */
public final class AnthropicRequests {
  private static final Set<String> TRANSLATED = Set.of("model", "messages", "max_tokens", "max_completion_tokens",
      "temperature", "top_p", "top_k", "stop", "stream", "stream_options", "tools", "tool_choice",
      "parallel_tool_calls", "user", "safety_identifier", "reasoning_effort");

  private AnthropicRequests() {}

  /**
   * Translates {@code chatRequest} for {@code upstreamModel}.
   *
   * @param defaultMaxTokens {@code max_tokens} when the client sent neither {@code max_tokens} nor
   *     {@code max_completion_tokens} (Anthropic requires it)
   * @param drop top-level parameter names to remove silently instead of translating or rejecting
   * @throws ApiException 400 naming the parameter at fault
   * @throws IllegalArgumentException when {@code defaultMaxTokens} is below 1 (a configuration bug)
   */
  public static ObjectNode fromChat(JsonNode chatRequest, String upstreamModel, long defaultMaxTokens, Set<String> drop) {
    if (defaultMaxTokens < 1) {
      throw new IllegalArgumentException("defaultMaxTokens: " + defaultMaxTokens + " (expected: >= 1)");
    }
    if (chatRequest == null || !chatRequest.isObject()) {
      throw new ApiException(ErrorKind.INVALID_TYPE, "request body: expected a JSON object");
    }
    Params p = new Params(chatRequest, drop == null ? Set.of() : drop);
    rejectUntranslatable(p);
    ObjectNode out = AnthropicJson.object();
    out.put("model", upstreamModel);
    long maxTokens = maxTokens(p, defaultMaxTokens);
    out.put("max_tokens", maxTokens);
    ChatMessages.convert(chatRequest.get("messages"), out);
    String user = user(p);
    if (user != null) {
      out.putObject("metadata").put("user_id", user);
    }
    stop(p.get("stop"), out);
    sampling(p, out);
    thinking(p.get("reasoning_effort"), maxTokens, out);
    ChatTools.convert(p.get("tools"), p.get("tool_choice"), p.get("parallel_tool_calls"), out);
    JsonNode stream = p.get("stream");
    if (stream != null && ParamChecks.bool(stream, "stream")) {
      out.put("stream", true); // stream_options: Anthropic always reports usage in the stream
    }
    JsonNode streamOptions = p.get("stream_options");
    if (streamOptions != null) {
      ParamChecks.object(streamOptions, "stream_options");
    }
    return out;
  }

  /** Every field that is neither translated, neutral nor dropped is a 400. */
  private static void rejectUntranslatable(Params p) {
    for (Map.Entry<String, JsonNode> f : p.body.properties()) {
      String name = f.getKey();
      JsonNode v = f.getValue();
      if (v.isNull() || TRANSLATED.contains(name) || p.drop.contains(name) || neutral(name, v)) {
        continue;
      }
      throw new ApiException(ErrorKind.UNSUPPORTED_PARAMETER, name + ": " + snippet(v)
          + " is not supported by upstream anthropic (the Messages API has no equivalent);"
          + " remove it, or add it to the deployment's drop list", name);
    }
  }

  /** Values of untranslatable parameters that ask for the default behaviour, so nothing is lost. */
  private static boolean neutral(String name, JsonNode v) {
    return switch (name) {
      case "n" -> v.isIntegralNumber() && v.longValue() == 1;
      case "logprobs", "store" -> v.isBoolean() && !v.booleanValue();
      case "presence_penalty", "frequency_penalty", "top_logprobs" -> v.isNumber() && v.doubleValue() == 0;
      case "logit_bias", "metadata" -> v.isObject() && v.isEmpty();
      case "response_format" -> v.isObject() && "text".equals(AnthropicJson.text(v, "type")) && v.size() == 1;
      case "modalities" -> v.isArray() && v.size() == 1 && "text".equals(v.get(0).asText());
      case "service_tier" -> v.isTextual() && (v.textValue().equals("auto") || v.textValue().equals("default"));
      default -> false;
    };
  }

  private static String snippet(JsonNode v) {
    String s = v.toString();
    return s.length() <= 40 ? s : s.substring(0, 40) + "…";
  }

  private static long maxTokens(Params p, long defaultMaxTokens) {
    JsonNode completion = p.get("max_completion_tokens");
    JsonNode legacy = p.get("max_tokens");
    long legacyValue = legacy == null ? -1 : ParamChecks.integer(legacy, "max_tokens", 1);
    if (completion != null) {
      return ParamChecks.integer(completion, "max_completion_tokens", 1);
    }
    return legacyValue > 0 ? legacyValue : defaultMaxTokens;
  }

  private static String user(Params p) {
    JsonNode user = p.get("user");
    JsonNode safety = p.get("safety_identifier");
    if (user != null) {
      return ParamChecks.string(user, "user");
    }
    return safety == null ? null : ParamChecks.string(safety, "safety_identifier");
  }

  private static void stop(JsonNode stop, ObjectNode out) {
    if (stop == null) {
      return;
    }
    ArrayNode sequences = AnthropicJson.array();
    if (stop.isTextual()) {
      sequences.add(stop.textValue());
    } else {
      ParamChecks.array(stop, "stop");
      for (int i = 0; i < stop.size(); i++) {
        sequences.add(ParamChecks.string(stop.get(i), "stop[" + i + "]"));
      }
    }
    if (!sequences.isEmpty()) {
      out.set("stop_sequences", sequences);
    }
  }

  /** temperature (0–2, clamped to Anthropic's 0–1), top_p, top_k (≤ 0 means "off", as in vLLM). */
  private static void sampling(Params p, ObjectNode out) {
    JsonNode temperature = p.get("temperature");
    if (temperature != null) {
      double t = ParamChecks.number(temperature, "temperature", 0, 2);
      out.set("temperature", t <= 1 ? temperature : AnthropicJson.MAPPER.getNodeFactory().numberNode(1.0));
    }
    JsonNode topP = p.get("top_p");
    if (topP != null) {
      ParamChecks.number(topP, "top_p", 0, 1);
      out.set("top_p", topP);
    }
    JsonNode topK = p.get("top_k");
    if (topK != null && ParamChecks.integer(topK, "top_k", Long.MIN_VALUE) > 0) {
      out.set("top_k", topK);
    }
  }

  private static void thinking(JsonNode effortNode, long maxTokens, ObjectNode out) {
    if (effortNode == null) {
      return;
    }
    String effort = ParamChecks.string(effortNode, "reasoning_effort");
    long budget = ReasoningEffort.budget(effort);
    if (budget == 0) {
      return;
    }
    budget = Math.min(budget, maxTokens - 1);
    if (budget < ReasoningEffort.MIN_BUDGET) {
      throw ParamChecks.value("reasoning_effort", "\"" + effort + "\" needs max_tokens of at least "
          + (ReasoningEffort.MIN_BUDGET + 1) + " on upstream anthropic (thinking.budget_tokens must be at least "
          + ReasoningEffort.MIN_BUDGET + " and below max_tokens)");
    }
    out.putObject("thinking").put("type", "enabled").put("budget_tokens", budget);
  }

  /** The request's fields with {@code null} and dropped parameters read as absent. */
  private record Params(JsonNode body, Set<String> drop) {
    JsonNode get(String name) {
      return drop.contains(name) ? null : present(body, name);
    }
  }
}
