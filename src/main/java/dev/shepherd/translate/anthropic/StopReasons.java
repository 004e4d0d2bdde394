package dev.shepherd.translate.anthropic;

/**
 * Anthropic {@code stop_reason} ↔ OpenAI {@code finish_reason}. Both directions are total: an
 * unknown or missing value maps to the "ended normally" value of the other side.
 */
final class StopReasons {
  private StopReasons() {}

  /** Anthropic {@code stop_reason} → OpenAI {@code finish_reason}. */
  static String finishReason(String stopReason) {
    if (stopReason == null) {
      return "stop";
    }
    return switch (stopReason) {
      case "max_tokens", "model_context_window_exceeded" -> "length";
      case "tool_use" -> "tool_calls";
      case "refusal" -> "content_filter";
      // end_turn, stop_sequence, pause_turn and anything newer: the turn ended without error.
      default -> "stop";
    };
  }

  /** OpenAI {@code finish_reason} → Anthropic {@code stop_reason}. */
  static String stopReason(String finishReason, boolean stopSequenceMatched) {
    if (finishReason == null) {
      return "end_turn";
    }
    return switch (finishReason) {
      case "length" -> "max_tokens";
      case "tool_calls", "function_call" -> "tool_use";
      case "content_filter" -> "refusal";
      case "stop" -> stopSequenceMatched ? "stop_sequence" : "end_turn";
      default -> "end_turn";
    };
  }
}
