package dev.shepherd.tokens;

import java.util.List;

/**
 * What of a chat request reaches the model's prompt: its messages and its tool (or legacy
 * function) definitions, as read by {@link ChatReader}.
 *
 * @param messages in request order
 * @param tools each definition's JSON text as the client sent it
 */
record ChatPrompt(List<Message> messages, List<String> tools) {

  /**
   * One message.
   *
   * @param role as sent ({@code system}, {@code developer}, {@code user}, {@code assistant}, {@code tool}, …)
   * @param name the optional participant name, or {@code null}
   * @param texts the text of a string content, or of each text (and refusal) part, in order
   * @param imageTokens the fixed cost of the message's image parts ({@link ChatReader#IMAGE_TOKENS})
   * @param toolCalls an assistant's tool calls (and a legacy {@code function_call})
   * @param toolCallId the id a tool message answers, or {@code null}
   */
  record Message(String role, String name, List<String> texts, long imageTokens, List<ToolCall> toolCalls,
      String toolCallId) {

    /** The text parts joined with a newline, as servers flatten content parts for a template. */
    String text() {
      return texts.size() == 1 ? texts.getFirst() : String.join("\n", texts);
    }
  }

  /** A function call an assistant made: the function's name and its JSON arguments text. */
  record ToolCall(String name, String arguments) {}
}
