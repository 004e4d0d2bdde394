package dev.shepherd.translate.anthropic;

import dev.shepherd.api.ApiException;
import dev.shepherd.api.ErrorKind;

/**
 * OpenAI {@code reasoning_effort} ↔ Anthropic {@code thinking.budget_tokens}. Forward: a fixed
 * budget per level (capped below {@code max_tokens}); backward: the level whose budget is nearest,
 * so that forward then backward returns the same level for low, medium and high.
 */
final class ReasoningEffort {
  /** Anthropic's smallest accepted {@code budget_tokens}. */
  static final long MIN_BUDGET = 1024;

  private ReasoningEffort() {}

  /** Thinking budget for {@code effort}, or 0 for {@code none} (thinking off). */
  static long budget(String effort) {
    return switch (effort) {
      case "none" -> 0;
      case "minimal" -> 1024;
      case "low" -> 2048;
      case "medium" -> 4096;
      case "high" -> 8192;
      case "xhigh" -> 16384;
      case "max" -> 32768;
      default -> throw new ApiException(ErrorKind.INVALID_VALUE, "reasoning_effort: \"" + effort
          + "\" is not a known level (expected: none, minimal, low, medium, high, xhigh, max)", "reasoning_effort");
    };
  }

  /** The effort level for a thinking budget: below 3072 low, below 6144 medium, else high. */
  static String effort(long budgetTokens) {
    if (budgetTokens < 3072) {
      return "low";
    }
    return budgetTokens < 6144 ? "medium" : "high";
  }
}
