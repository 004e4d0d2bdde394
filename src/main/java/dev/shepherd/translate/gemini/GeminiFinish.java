package dev.shepherd.translate.gemini;

import dev.shepherd.api.ErrorKind;

/**
 * Gemini {@code finishReason} → OpenAI {@code finish_reason}, or the error a reason stands for.
 * Reasons that mean "the model's output is broken" (a malformed or unexpected function call) are
 * errors rather than a normal stop: a client told {@code stop} would take leftover text for the
 * answer; as an upstream error the request can be retried or failed over.
 */
final class GeminiFinish {
  private GeminiFinish() {}

  /**
   * The OpenAI finish reason, or {@code null} for a reason that is an error ({@link #failure}).
   *
   * @param toolCalls whether the candidate produced function calls (STOP then means tool_calls)
   */
  static String openAi(String reason, boolean toolCalls) {
    return switch (reason) {
      case "MAX_TOKENS" -> "length";
      case "SAFETY", "RECITATION", "BLOCKLIST", "PROHIBITED_CONTENT", "SPII", "LANGUAGE",
           "IMAGE_SAFETY", "IMAGE_PROHIBITED_CONTENT", "IMAGE_RECITATION" -> "content_filter";
      case "MALFORMED_FUNCTION_CALL", "UNEXPECTED_TOOL_CALL", "TOO_MANY_TOOL_CALLS", "MALFORMED_RESPONSE",
           "MISSING_THOUGHT_SIGNATURE" -> null;
      default -> toolCalls ? "tool_calls" : "stop"; // STOP, OTHER, FINISH_REASON_UNSPECIFIED, NO_IMAGE, new ones
    };
  }

  /** The error kind of a reason {@link #openAi} returns {@code null} for. */
  static ErrorKind failure(String reason) {
    return "MISSING_THOUGHT_SIGNATURE".equals(reason) ? ErrorKind.UPSTREAM_REJECTED : ErrorKind.UPSTREAM_ERROR;
  }

  /** A client-safe explanation of a failure reason. */
  static String failureMessage(String reason) {
    return switch (reason) {
      case "MISSING_THOUGHT_SIGNATURE" -> "Gemini rejected the conversation: an earlier tool call lacks its thought"
          + " signature; send back each tool call's extra_content.google.thought_signature unchanged.";
      case "TOO_MANY_TOOL_CALLS" -> "The Gemini model made too many tool calls in one turn (finishReason "
          + reason + ").";
      default -> "The Gemini model produced an invalid response (finishReason " + reason + "); retrying may help.";
    };
  }

  /** A tool call id for a function call Gemini gave none: {@code call_<chat id tail>_<n>}, stable per response. */
  static String callId(String chatId, int n) {
    String tail = chatId == null ? "" : chatId.startsWith("chatcmpl-") ? chatId.substring(9) : chatId;
    StringBuilder sb = new StringBuilder("call_");
    int kept = 0;
    for (int i = 0; i < tail.length() && kept < 24; i++) {
      char c = tail.charAt(i);
      if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-') {
        sb.append(c);
        kept++;
      }
    }
    if (kept > 0) {
      sb.append('_');
    }
    return sb.append(n).toString();
  }
}
