package dev.shepherd.tokens;

/**
 * The Llama 3 and Llama 4 chat templates, rendered and counted message by message:
 * {@code <|begin_of_text|>} once, then per message {@code HEADER_START ROLE HEADER_END \n\n
 * CONTENT(trimmed) EOT}, and the assistant header to prime the reply. Llama 3 uses
 * {@code <|start_header_id|>}, {@code <|end_header_id|>}, {@code <|eot_id|>} (its
 * {@code tokenizer_config.json} template); Llama 4 {@code <|header_start|>},
 * {@code <|header_end|>}, {@code <|eot|>}. Each message starts with an added token, so the sum
 * of the rendered messages equals the whole prompt. Content parts are joined with a newline.
 *
 * <p>Approximations: tool results use the {@code ipython} role and tool calls the
 * {@code {"name": …, "parameters": …}} form of Llama 3.1+; tool definitions cost fixed
 * instructions ({@value #TOOLS_PREAMBLE} tokens; Llama 3.1's are 51) plus their JSON as sent;
 * Llama 3.1+ templates also open with a "Cutting Knowledge Date" system header (about 25 tokens)
 * that the Llama 3 template does not have and that is not counted; images cost
 * {@link ChatReader#IMAGE_TOKENS}. Completions and embeddings inputs get the begin-of-text token.
 */
final class LlamaTemplate implements ChatTemplate {
  static final LlamaTemplate LLAMA3 =
      new LlamaTemplate("<|begin_of_text|>", "<|start_header_id|>", "<|end_header_id|>", "<|eot_id|>");
  static final LlamaTemplate LLAMA4 =
      new LlamaTemplate("<|begin_of_text|>", "<|header_start|>", "<|header_end|>", "<|eot|>");

  static final int TOOLS_PREAMBLE = 60;

  private final String bos;
  private final String headerStart;
  private final String headerEnd;
  private final String eot;

  private LlamaTemplate(String bos, String headerStart, String headerEnd, String eot) {
    this.bos = bos;
    this.headerStart = headerStart;
    this.headerEnd = headerEnd;
    this.eot = eot;
  }

  @Override
  public long count(ChatPrompt prompt, Tokenizer t) {
    long n = t.count(bos);
    for (ChatPrompt.Message m : prompt.messages()) {
      n += m.imageTokens() + t.count(render(m));
    }
    if (!prompt.tools().isEmpty()) {
      n += TOOLS_PREAMBLE;
      for (String tool : prompt.tools()) {
        n += t.count(tool);
      }
    }
    return n + t.count(headerStart + "assistant" + headerEnd + "\n\n");
  }

  private String render(ChatPrompt.Message m) {
    String role = m.role().equals("tool") ? "ipython" : m.role();
    StringBuilder content = new StringBuilder(m.text().strip());
    for (ChatPrompt.ToolCall c : m.toolCalls()) {
      if (!content.isEmpty()) {
        content.append('\n');
      }
      content.append("{\"name\": \"").append(c.name()).append("\", \"parameters\": ")
          .append(c.arguments().isEmpty() ? "{}" : c.arguments()).append('}');
    }
    return headerStart + role + headerEnd + "\n\n" + content + eot;
  }

  @Override
  public int perInput() {
    return 1;
  }
}
