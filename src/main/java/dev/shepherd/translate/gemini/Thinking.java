package dev.shepherd.translate.gemini;

import static dev.shepherd.translate.gemini.GeminiJson.invalid;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * {@code reasoning_effort} → {@code generationConfig.thinkingConfig}. Gemini 3 and later take a
 * {@code thinkingLevel}; Gemini 1.x/2.x a {@code thinkingBudget} in tokens (the budgets common
 * OpenAI-compatible gateways use: 1,024 / 8,192 / 24,576). Any effort but {@code none} also asks
 * for thought summaries ({@code includeThoughts}), which come back as {@code reasoning_content}.
 */
final class Thinking {
  private Thinking() {}

  static void apply(JsonNode value, String upstreamModel, ObjectNode gen) {
    if (!value.isTextual()) {
      throw GeminiJson.type("reasoning_effort", "a string");
    }
    String effort = value.asText();
    ObjectNode config = GeminiJson.object();
    if (budgetStyle(upstreamModel)) {
      int budget = switch (effort) {
        case "none" -> 0;
        case "minimal" -> 512;
        case "low" -> 1024;
        case "medium" -> 8192;
        case "high", "xhigh" -> 24576;
        default -> throw unknown(effort);
      };
      config.put("thinkingBudget", budget);
    } else {
      String level = switch (effort) {
        case "none", "minimal" -> "MINIMAL"; // Gemini 3 cannot switch thinking off; minimal is the least
        case "low" -> "LOW";
        case "medium" -> "MEDIUM";
        case "high", "xhigh" -> "HIGH";
        default -> throw unknown(effort);
      };
      config.put("thinkingLevel", level);
    }
    if (!"none".equals(effort)) {
      config.put("includeThoughts", true);
    }
    gen.set("thinkingConfig", config);
  }

  /** Gemini 1.x and 2.x models only understand a token budget. */
  static boolean budgetStyle(String model) {
    if (model == null) {
      return false;
    }
    String m = model.startsWith("models/") ? model.substring("models/".length()) : model;
    return m.startsWith("gemini-1.") || m.startsWith("gemini-2.") || m.startsWith("gemini-2-");
  }

  private static RuntimeException unknown(String effort) {
    return invalid("reasoning_effort", "'" + effort + "' (expected: none, minimal, low, medium, high, xhigh)");
  }
}
