package dev.shepherd.tokens;

import java.util.List;

/**
 * Qwen 3's chat template (ChatML, from the model's {@code tokenizer_config.json}), rendered and
 * counted message by message: {@code <|im_start|>ROLE\nCONTENT<|im_end|>\n}, tool results as
 * {@code <tool_response>} blocks inside one user turn, assistant tool calls as
 * {@code <tool_call>\n{"name": …, "arguments": …}\n</tool_call>}, and
 * {@code <|im_start|>assistant\n} to prime the reply. Every message starts with an added token,
 * so counting each rendered message alone equals counting the whole prompt. Content parts are
 * joined with a newline (as vLLM does); names are not part of this template.
 *
 * <p>Approximations: tool definitions cost the template's fixed tool instructions
 * ({@value #TOOLS_PREAMBLE} tokens, measured with the Qwen 3 tokenizer) plus each definition's JSON
 * as sent (the template re-serializes it); Qwen 3's {@code <think>} handling of the last assistant
 * turn is not modelled; images cost {@link ChatReader#IMAGE_TOKENS}.
 */
final class ChatMlTemplate implements ChatTemplate {
  static final ChatMlTemplate INSTANCE = new ChatMlTemplate();

  /** The "# Tools … </tool_call><|im_end|>\n" instructions around the definitions: 35 + 45 tokens. */
  static final int TOOLS_PREAMBLE = 80;

  private ChatMlTemplate() {}

  @Override
  public long count(ChatPrompt prompt, Tokenizer t) {
    List<ChatPrompt.Message> ms = prompt.messages();
    long n = 0;
    int first = 0;
    if (!prompt.tools().isEmpty()) {
      StringBuilder system = new StringBuilder("<|im_start|>system\n");
      if (!ms.isEmpty() && ms.getFirst().role().equals("system")) {
        system.append(ms.getFirst().text()).append("\n\n");
        n += ms.getFirst().imageTokens();
        first = 1;
      }
      n += t.count(system.toString()) + TOOLS_PREAMBLE;
      for (String tool : prompt.tools()) {
        n += t.count("\n" + tool);
      }
    }
    boolean inToolResults = false;
    for (int i = first; i < ms.size(); i++) {
      ChatPrompt.Message m = ms.get(i);
      n += m.imageTokens();
      if (m.role().equals("tool")) {
        String open = inToolResults ? "" : "<|im_start|>user";
        n += t.count(open + "\n<tool_response>\n" + m.text() + "\n</tool_response>");
        inToolResults = true;
        continue;
      }
      if (inToolResults) {
        n += t.count("<|im_end|>\n");
        inToolResults = false;
      }
      n += t.count(render(m));
    }
    if (inToolResults) {
      n += t.count("<|im_end|>\n");
    }
    return n + t.count("<|im_start|>assistant\n");
  }

  private static String render(ChatPrompt.Message m) {
    String text = m.text();
    StringBuilder s = new StringBuilder(text.length() + 32).append("<|im_start|>").append(m.role()).append('\n')
        .append(text);
    boolean first = true;
    for (ChatPrompt.ToolCall c : m.toolCalls()) {
      if (!first || !text.isEmpty()) {
        s.append('\n');
      }
      first = false;
      s.append("<tool_call>\n{\"name\": \"").append(c.name()).append("\", \"arguments\": ")
          .append(c.arguments().isEmpty() ? "{}" : c.arguments()).append("}\n</tool_call>");
    }
    return s.append("<|im_end|>\n").toString();
  }

  @Override
  public int perInput() {
    return 0;
  }
}
