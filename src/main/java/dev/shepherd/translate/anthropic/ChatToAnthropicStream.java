package dev.shepherd.translate.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shepherd.pipeline.Usage;
import dev.shepherd.translate.StreamTranslator;
import dev.shepherd.translate.UpstreamStreamError;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * OpenAI {@code chat.completion.chunk} payloads → Anthropic Messages stream events, each written as
 * complete SSE text ({@code event: NAME\ndata: JSON\n\n}).
 *
 * <p>Guarantees: {@code message_start} first (its {@code input_tokens} is the gateway's own count
 * until the upstream reports usage); then content blocks with indexes 0, 1, 2… each opened by
 * {@code content_block_start} and closed by {@code content_block_stop} before the next opens —
 * thinking (from {@code reasoning_content}), text, and one {@code tool_use} block per tool call,
 * whose {@code input_json_delta}s are the upstream's argument fragments unchanged; at {@link #end}
 * (the caller saw {@code [DONE]}) one {@code message_delta} with the stop reason and usage, then
 * {@code message_stop}. Only choice 0 is read. An error payload throws {@link UpstreamStreamError}.
 */
public final class ChatToAnthropicStream implements StreamTranslator {
  private static final int NONE = 0;
  private static final int TEXT = 1;
  private static final int THINKING = 2;
  private static final int TOOL = 3;

  private final String messageId;
  private final String model;
  private final long promptTokens;
  private int[] toolBlock = new int[4]; // OpenAI tool-call index → Anthropic block index + 1 (0 = none yet)
  private int nextBlock;
  private int openBlock = -1;
  private int openKind = NONE;
  private boolean started;
  private boolean ended;
  private String finishReason;
  private String stopSequence;
  private boolean refusalOnly = true;
  private boolean anyRefusal;
  private Usage usage = Usage.NONE;

  /**
   * @param messageId the {@code msg_…} id to report
   * @param model the model name to report (the client's public model)
   * @param promptTokens the gateway's prompt count, reported in {@code message_start}
   */
  public ChatToAnthropicStream(String messageId, String model, long promptTokens) {
    this.messageId = messageId;
    this.model = model;
    this.promptTokens = promptTokens;
  }

  @Override
  public void event(String type, String data, Consumer<String> out) {
    JsonNode chunk = AnthropicJson.parse(data);
    UpstreamStreamError error = ChatStreamErrors.of(chunk);
    if (error != null) {
      throw error;
    }
    ensureStarted(out);
    JsonNode u = chunk.get("usage");
    if (u != null && u.isObject()) {
      long prompt = u.path("prompt_tokens").asLong(-1);
      usage = new Usage(prompt, u.path("completion_tokens").asLong(-1),
          u.path("prompt_tokens_details").path("cached_tokens").asLong(0));
    }
    for (JsonNode choice : chunk.path("choices")) {
      if (choice.path("index").asInt(0) == 0) {
        choice(choice, out);
      }
    }
  }

  @Override
  public void end(Consumer<String> out) {
    if (ended) {
      return;
    }
    ensureStarted(out);
    closeOpen(out);
    boolean refused = anyRefusal && refusalOnly;
    String stopReason = refused ? "refusal" : StopReasons.stopReason(finishReason, stopSequence != null);
    StringBuilder sb = new StringBuilder(160).append("{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"")
        .append(stopReason).append("\",\"stop_sequence\":");
    if (stopSequence != null && stopReason.equals("stop_sequence")) {
      AnthropicJson.quote(sb, stopSequence);
    } else {
      sb.append("null");
    }
    sb.append("},\"usage\":{");
    if (usage.reported()) {
      sb.append("\"input_tokens\":").append(Math.max(0, usage.promptTokens() - usage.cachedPromptTokens()))
          .append(",\"cache_read_input_tokens\":").append(usage.cachedPromptTokens()).append(',');
    }
    sb.append("\"output_tokens\":").append(Math.max(0, usage.completionTokens())).append("}}");
    out.accept(sse("message_delta", sb.toString()));
    out.accept(sse("message_stop", "{\"type\":\"message_stop\"}"));
    ended = true;
  }

  /** True once {@link #end} ran: the caller saw the upstream's {@code [DONE]}. */
  @Override
  public boolean complete() {
    return ended;
  }

  /** The upstream's reported usage ({@link Usage#NONE} until its usage chunk). */
  @Override
  public Usage usage() {
    return usage;
  }

  private void choice(JsonNode choice, Consumer<String> out) {
    JsonNode delta = choice.path("delta");
    String reasoning = MessagesResponses.reasoning(delta);
    if (reasoning != null && !reasoning.isEmpty()) {
      open(THINKING, -1, null, null, out);
      delta(out, "thinking_delta", "thinking", reasoning);
    }
    String content = AnthropicJson.text(delta, "content");
    String refusal = AnthropicJson.text(delta, "refusal");
    if (content != null && !content.isEmpty()) {
      refusalOnly = false;
      open(TEXT, -1, null, null, out);
      delta(out, "text_delta", "text", content);
    } else if (refusal != null && !refusal.isEmpty()) {
      anyRefusal = true;
      open(TEXT, -1, null, null, out);
      delta(out, "text_delta", "text", refusal);
    }
    JsonNode calls = delta.path("tool_calls");
    for (int j = 0; j < calls.size(); j++) {
      toolCall(calls.get(j), j, out);
    }
    String finish = AnthropicJson.text(choice, "finish_reason");
    if (finish != null) {
      finishReason = finish;
      stopSequence = AnthropicJson.text(choice, "stop_reason"); // vLLM: the stop string matched
      closeOpen(out);
    }
  }

  private void toolCall(JsonNode call, int position, Consumer<String> out) {
    refusalOnly = false;
    int k = call.path("index").asInt(position);
    if (k < 0) {
      throw new IllegalArgumentException("tool call with a negative index: " + call);
    }
    if (k >= toolBlock.length) {
      toolBlock = Arrays.copyOf(toolBlock, Math.max(k + 1, toolBlock.length * 2));
    }
    JsonNode fn = call.path("function");
    if (toolBlock[k] == 0) {
      String id = AnthropicJson.text(call, "id");
      open(TOOL, k, id != null ? id : "toolu_" + messageId + "_" + k, fn.path("name").asText(), out);
    }
    String arguments = AnthropicJson.text(fn, "arguments");
    if (arguments != null && !arguments.isEmpty()) {
      // A fragment for an earlier, already closed call (never seen from OpenAI or vLLM) still goes to
      // that call's index: the Anthropic SDKs accumulate input by index.
      delta(out, toolBlock[k] - 1, "input_json_delta", "partial_json", arguments);
    }
  }

  /** Makes a block of {@code kind} the open one (always a new block for a new tool call). */
  private void open(int kind, int toolIndex, String id, String name, Consumer<String> out) {
    if (kind != TOOL && openKind == kind) {
      return;
    }
    closeOpen(out);
    int index = nextBlock++;
    StringBuilder sb = new StringBuilder(128).append("{\"type\":\"content_block_start\",\"index\":").append(index)
        .append(",\"content_block\":");
    switch (kind) {
      case TEXT -> sb.append("{\"type\":\"text\",\"text\":\"\"}");
      case THINKING -> sb.append("{\"type\":\"thinking\",\"thinking\":\"\",\"signature\":\"\"}");
      default -> {
        toolBlock[toolIndex] = index + 1;
        AnthropicJson.quote(sb.append("{\"type\":\"tool_use\",\"id\":"), id).append(",\"name\":");
        AnthropicJson.quote(sb, name).append(",\"input\":{}}");
      }
    }
    out.accept(sse("content_block_start", sb.append('}').toString()));
    openBlock = index;
    openKind = kind;
  }

  private void closeOpen(Consumer<String> out) {
    if (openBlock >= 0) {
      out.accept(sse("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":" + openBlock + "}"));
      openBlock = -1;
      openKind = NONE;
    }
  }

  private void delta(Consumer<String> out, String deltaType, String field, String value) {
    delta(out, openBlock, deltaType, field, value);
  }

  private void delta(Consumer<String> out, int index, String deltaType, String field, String value) {
    StringBuilder sb = new StringBuilder(96 + value.length()).append("{\"type\":\"content_block_delta\",\"index\":")
        .append(index).append(",\"delta\":{\"type\":\"").append(deltaType).append("\",\"").append(field).append("\":");
    out.accept(sse("content_block_delta", AnthropicJson.quote(sb, value).append("}}").toString()));
  }

  private void ensureStarted(Consumer<String> out) {
    if (started) {
      return;
    }
    started = true;
    StringBuilder sb = new StringBuilder(256).append("{\"type\":\"message_start\",\"message\":{\"id\":");
    AnthropicJson.quote(sb, messageId).append(",\"type\":\"message\",\"role\":\"assistant\",\"model\":");
    AnthropicJson.quote(sb, model).append(",\"content\":[],\"stop_reason\":null,\"stop_sequence\":null,")
        .append("\"usage\":{\"input_tokens\":").append(Math.max(0, promptTokens))
        .append(",\"cache_creation_input_tokens\":0,\"cache_read_input_tokens\":0,\"output_tokens\":0}}}");
    out.accept(sse("message_start", sb.toString()));
  }

  private static String sse(String event, String json) {
    return "event: " + event + "\ndata: " + json + "\n\n";
  }
}
