package dev.shepherd.tokens;

/**
 * Models of unknown family (counted with the estimate): a generous overhead that covers the
 * templates Shepherd knows — ChatML and Llama 3 spend 5 tokens per message around the role, OpenAI
 * 3 — so 6 per message plus the role, name and content; 6 to prime the reply; 1 begin-of-text
 * token; tool definitions and calls as their text; images at {@link ChatReader#IMAGE_TOKENS}.
 */
final class GenericTemplate implements ChatTemplate {
  static final GenericTemplate INSTANCE = new GenericTemplate();

  static final int PER_MESSAGE = 6;
  static final int REPLY_PRIMING = 6;

  private GenericTemplate() {}

  @Override
  public long count(ChatPrompt prompt, Tokenizer t) {
    long n = 1 + REPLY_PRIMING;
    for (ChatPrompt.Message m : prompt.messages()) {
      n += PER_MESSAGE + t.count(m.role()) + t.count(m.name()) + t.count(m.toolCallId())
          + m.imageTokens() + ChatTemplate.toolCalls(m, t);
      for (String text : m.texts()) {
        n += t.count(text);
      }
    }
    for (String tool : prompt.tools()) {
      n += PER_MESSAGE + t.count(tool);
    }
    return n;
  }

  @Override
  public int perInput() {
    return 1;
  }
}
