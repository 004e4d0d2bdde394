package dev.shepherd.provider.simulator;

import static dev.shepherd.provider.simulator.Tokens.utf8;
import static dev.shepherd.provider.simulator.Tokens.quote;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.vertx.core.buffer.Buffer;

/**
 * Server-sent events of one streamed {@link Generation}, encoded as OpenAI does:
 * {@code data: <chunk json>\n\n}, ending with {@code data: [DONE]\n\n}.
 *
 * <p>Chat: a role chunk, one chunk per token (or one arguments chunk for a tool call), a chunk with
 * an empty delta and the finish reason. Legacy completions: one chunk per token, then a finish
 * chunk. With {@code include_usage}, every such chunk carries {@code "usage":null} and a final
 * usage-only chunk ({@code "choices":[]}) precedes {@code [DONE]}. The per-request envelope is
 * encoded once; a token chunk is three byte copies.
 */
final class SseChunks {

  private static final byte[] DONE = utf8("data: [DONE]\n\n");
  private static final byte[] CHAT_TOKEN_START = utf8("{\"index\":0,\"delta\":{\"content\":");
  private static final byte[] CHAT_TOKEN_END = utf8("},\"logprobs\":null,\"finish_reason\":null}");
  private static final byte[] TEXT_TOKEN_START = utf8("{\"text\":");
  private static final byte[] TEXT_TOKEN_END = utf8(",\"index\":0,\"logprobs\":null,\"finish_reason\":null}");
  private static final byte[] CHAT_ROLE = utf8(
      "{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\",\"refusal\":null},"
          + "\"logprobs\":null,\"finish_reason\":null}");
  private static final byte[] TOOL_ARGUMENTS = utf8(
      "{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":"
          + new String(quote(Generation.TOOL_ARGUMENTS), UTF_8) + "}}]},\"logprobs\":null,\"finish_reason\":null}");

  private final Generation g;
  private final String toolCallId;
  /** {@code data: {"id":...,"choices":[} */
  private final byte[] prefix;
  /** {@code ]} then {@code ,"usage":null} when usage is included, then {@code }\n\n}. */
  private final byte[] suffix;

  SseChunks(Generation g, String id, long created, String toolCallId) {
    this.g = g;
    this.toolCallId = toolCallId;
    this.prefix = utf8("data: {\"id\":\"" + id + "\",\"object\":\""
        + (g.chat() ? "chat.completion.chunk" : "text_completion") + "\",\"created\":" + created
        + ",\"model\":" + new String(quote(g.model()), UTF_8)
        + ",\"system_fingerprint\":\"" + Bodies.FINGERPRINT + "\",\"choices\":[");
    this.suffix = utf8(g.includeUsage() ? "],\"usage\":null}\n\n" : "]}\n\n");
  }

  /** Number of token chunks (paced by tokens_per_second). */
  int tokens() {
    return g.toolName() != null ? 1 : g.output().size();
  }

  /** Simulated completion tokens reported for this stream. */
  int completionTokens() {
    return g.completionTokens();
  }

  /** Chunks sent with the first token: the chat role chunk (nothing for legacy completions). */
  void head(Buffer b) {
    if (!g.chat()) {
      return;
    }
    b.appendBytes(prefix);
    if (g.toolName() == null) {
      b.appendBytes(CHAT_ROLE);
    } else {
      b.appendBytes(utf8("{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"index\":0,"
          + "\"id\":\"" + toolCallId + "\",\"type\":\"function\",\"function\":{\"name\":"
          + new String(quote(g.toolName()), UTF_8)
          + ",\"arguments\":\"\"}}],\"refusal\":null},\"logprobs\":null,\"finish_reason\":null}"));
    }
    b.appendBytes(suffix);
  }

  /** Token chunk {@code i}. */
  void token(Buffer b, int i) {
    b.appendBytes(prefix);
    if (g.toolName() != null) {
      b.appendBytes(TOOL_ARGUMENTS);
    } else if (g.chat()) {
      b.appendBytes(CHAT_TOKEN_START);
      g.output().appendQuoted(b, i);
      b.appendBytes(CHAT_TOKEN_END);
    } else {
      b.appendBytes(TEXT_TOKEN_START);
      g.output().appendQuoted(b, i);
      b.appendBytes(TEXT_TOKEN_END);
    }
    b.appendBytes(suffix);
  }

  /** The finish chunk, the usage chunk when asked for, and {@code [DONE]}. */
  void tail(Buffer b) {
    b.appendBytes(prefix);
    if (g.chat()) {
      b.appendString("{\"index\":0,\"delta\":{},\"logprobs\":null,\"finish_reason\":\"" + g.finishReason() + "\"}");
    } else {
      b.appendString("{\"text\":\"\",\"index\":0,\"logprobs\":null,\"finish_reason\":\"" + g.finishReason() + "\"}");
    }
    b.appendBytes(suffix);
    if (g.includeUsage()) {
      int completion = g.completionTokens();
      b.appendBytes(prefix);
      b.appendString("],\"usage\":{\"prompt_tokens\":" + g.promptTokens() + ",\"completion_tokens\":" + completion
          + ",\"total_tokens\":" + ((long) g.promptTokens() + completion) + "}}\n\n");
    }
    b.appendBytes(DONE);
  }
}
