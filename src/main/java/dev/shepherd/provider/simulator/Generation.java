package dev.shepherd.provider.simulator;

/**
 * What one chat or legacy completion request asks the simulator to produce.
 *
 * @param chat true for {@code /v1/chat/completions}, false for legacy {@code /v1/completions}
 * @param model the request's model, echoed back verbatim
 * @param stream whether to answer with server-sent events
 * @param includeUsage {@code stream_options.include_usage}
 * @param promptTokens simulated prompt token count (see {@link Requests})
 * @param output the text to send, already capped by max tokens
 * @param finishReason {@code stop}, {@code length} or {@code tool_calls}
 * @param toolName function to call instead of answering with text, or null
 */
record Generation(
    boolean chat,
    String model,
    boolean stream,
    boolean includeUsage,
    int promptTokens,
    Tokens output,
    String finishReason,
    String toolName) {

  /** Arguments of the simulated tool call. */
  static final String TOOL_ARGUMENTS = "{}";

  /** Simulated completion tokens: the text's tokens, or for a tool call its name and arguments. */
  int completionTokens() {
    return toolName != null ? Requests.estimate(toolName.length() + TOOL_ARGUMENTS.length()) : output.size();
  }
}
