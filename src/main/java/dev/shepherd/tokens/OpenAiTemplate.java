package dev.shepherd.tokens;

/**
 * OpenAI chat models (o200k, cl100k): the rule of OpenAI's cookbook "How to count tokens with
 * tiktoken" ({@code num_tokens_from_messages}): 3 tokens per message plus the tokens of its role,
 * content and name, 1 more when a name is given, and 3 to prime the reply
 * ({@code <|start|>assistant<|message|>}). The cookbook shows it matching the API's
 * {@code prompt_tokens} for GPT-4 and GPT-4o; {@code TokenizerAgreementTest} checks its example.
 *
 * <p>Approximations (the cookbook gives no exact rule): a tool call costs its function name and
 * arguments; a tool message's {@code tool_call_id} counts as text; tool definitions cost their
 * JSON text plus the cookbook's fixed overheads for GPT-4o (7 per function, 12 once) — OpenAI
 * renders them more compactly than JSON, so this over-counts; each image part costs
 * {@link ChatReader#IMAGE_TOKENS}.
 */
final class OpenAiTemplate implements ChatTemplate {
  static final OpenAiTemplate INSTANCE = new OpenAiTemplate();

  static final int PER_MESSAGE = 3;
  static final int PER_NAME = 1;
  static final int REPLY_PRIMING = 3;
  static final int PER_TOOL = 7;
  static final int TOOLS_END = 12;

  private OpenAiTemplate() {}

  @Override
  public long count(ChatPrompt prompt, Tokenizer t) {
    long n = REPLY_PRIMING;
    for (ChatPrompt.Message m : prompt.messages()) {
      n += PER_MESSAGE + t.count(m.role()) + m.imageTokens() + ChatTemplate.toolCalls(m, t);
      for (String text : m.texts()) {
        n += t.count(text);
      }
      if (m.name() != null) {
        n += t.count(m.name()) + PER_NAME;
      }
      if (m.toolCallId() != null) {
        n += t.count(m.toolCallId());
      }
    }
    if (!prompt.tools().isEmpty()) {
      n += TOOLS_END;
      for (String tool : prompt.tools()) {
        n += PER_TOOL + t.count(tool);
      }
    }
    return n;
  }

  @Override
  public int perInput() {
    return 0;
  }
}
