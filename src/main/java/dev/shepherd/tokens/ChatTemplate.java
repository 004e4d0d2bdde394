package dev.shepherd.tokens;

/**
 * How a family's chat template turns messages into prompt tokens, and what a completions or
 * embeddings input adds. Implementations count the template text with the tokenizer they are
 * given, so a family without its file (an estimate) over-counts the markers rather than
 * under-counting them.
 */
sealed interface ChatTemplate permits OpenAiTemplate, ChatMlTemplate, LlamaTemplate, GenericTemplate {

  /** Prompt tokens of the whole chat, with the template's per-message overhead and reply priming. */
  long count(ChatPrompt prompt, Tokenizer tokenizer);

  /** Tokens a server adds to each completions prompt or embeddings input (a begin-of-text token). */
  int perInput();

  /** The template of a tokenizer family ({@link Tokenizer#family()}). */
  static ChatTemplate of(String family) {
    Family f = Family.of(family);
    return switch (f == null ? Family.ESTIMATE : f) {
      case O200K, CL100K -> OpenAiTemplate.INSTANCE;
      case QWEN3 -> ChatMlTemplate.INSTANCE;
      case LLAMA3 -> LlamaTemplate.LLAMA3;
      case LLAMA4 -> LlamaTemplate.LLAMA4;
      case ESTIMATE -> GenericTemplate.INSTANCE;
    };
  }

  /** Tokens of the tool calls' function names and arguments. */
  static long toolCalls(ChatPrompt.Message m, Tokenizer t) {
    long n = 0;
    for (ChatPrompt.ToolCall c : m.toolCalls()) {
      n += t.count(c.name()) + t.count(c.arguments());
    }
    return n;
  }
}
