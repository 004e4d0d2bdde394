package dev.shepherd.translate.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shepherd.pipeline.Usage;
import dev.shepherd.translate.StreamTranslator;
import dev.shepherd.translate.UpstreamStreamError;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Anthropic Messages stream events → OpenAI {@code chat.completion.chunk} payloads.
 *
 * <p>Guarantees: one role chunk first; text, thinking ({@code reasoning_content}) and tool-call
 * chunks in upstream order, with OpenAI tool-call indexes counting 0, 1, 2… whatever Anthropic's
 * content-block indexes are; a tool call's argument deltas concatenate to exactly the upstream's
 * {@code partial_json} text ({@code "{}"} for a call streamed without any); exactly one chunk with
 * a {@code finish_reason}; with {@code includeUsage}, a final usage-only chunk ({@code choices: []}).
 * Everything is written by the time {@code message_stop} arrives: {@link #complete()} turns true
 * there and {@link #end} writes nothing (the caller writes {@code [DONE]}). {@code ping} and unknown
 * event types are ignored; an {@code error} event throws {@link UpstreamStreamError}.
 */
public final class AnthropicToChatStream implements StreamTranslator {
  private static final byte IGNORED = 0;
  private static final byte TEXT = 1;
  private static final byte TOOL = 2;
  private static final byte THINKING = 3;

  private final String chunkPrefix;
  private final boolean includeUsage;
  private byte[] blockKind = new byte[8];
  private int[] blockTool = new int[8];
  private boolean[] argsSeen = new boolean[8];
  private String[] startInput = new String[8];
  private int toolCalls;
  private boolean started;
  private boolean finished;
  private boolean complete;
  private long inputTokens = -1;
  private long cacheRead;
  private long cacheCreation;
  private long outputTokens = -1;

  /** @param includeUsage the client asked for {@code stream_options.include_usage} */
  public AnthropicToChatStream(String id, String model, long createdSeconds, boolean includeUsage) {
    StringBuilder sb = new StringBuilder(96).append("{\"id\":");
    AnthropicJson.quote(sb, id).append(",\"object\":\"chat.completion.chunk\",\"created\":").append(createdSeconds)
        .append(",\"model\":");
    this.chunkPrefix = AnthropicJson.quote(sb, model).toString();
    this.includeUsage = includeUsage;
  }

  @Override
  public void event(String type, String data, Consumer<String> out) {
    if ("ping".equals(type)) {
      return;
    }
    JsonNode e = AnthropicJson.parse(data);
    String t = type != null ? type : e.path("type").asText();
    switch (t) {
      case "message_start" -> messageStart(e.path("message"), out);
      case "content_block_start" -> blockStart(index(e), e.path("content_block"), out);
      case "content_block_delta" -> blockDelta(index(e), e.path("delta"), out);
      case "content_block_stop" -> blockStop(index(e), out);
      case "message_delta" -> messageDelta(e, out);
      case "message_stop" -> messageStop(out);
      case "error" -> throw error(e.path("error"));
      default -> { } // ping, and event types added after this was written
    }
  }

  @Override
  public void end(Consumer<String> out) {
    // Everything was written at message_stop; without it the stream is incomplete (see complete()).
  }

  @Override
  public boolean complete() {
    return complete;
  }

  @Override
  public Usage usage() {
    return inputTokens < 0 ? Usage.NONE
        : new Usage(inputTokens + cacheRead + cacheCreation, outputTokens, cacheRead);
  }

  private void messageStart(JsonNode message, Consumer<String> out) {
    readUsage(message.path("usage"));
    outputTokens = -1; // message_start's output_tokens is a placeholder; message_delta has the count
    ensureStarted(out);
  }

  private void blockStart(int i, JsonNode block, Consumer<String> out) {
    ensureStarted(out);
    grow(i);
    switch (block.path("type").asText()) {
      case "text" -> {
        blockKind[i] = TEXT;
        emitDelta(out, "content", block.path("text").asText());
      }
      case "thinking" -> {
        blockKind[i] = THINKING;
        emitDelta(out, "reasoning_content", block.path("thinking").asText());
      }
      case "tool_use" -> {
        blockKind[i] = TOOL;
        int k = toolCalls++;
        blockTool[i] = k;
        argsSeen[i] = false;
        JsonNode input = block.get("input");
        startInput[i] = input == null || !input.isObject() || input.isEmpty() ? "{}" : AnthropicJson.write(input);
        StringBuilder sb = open().append("{\"tool_calls\":[{\"index\":").append(k).append(",\"id\":");
        AnthropicJson.quote(sb, block.path("id").asText()).append(",\"type\":\"function\",\"function\":{\"name\":");
        AnthropicJson.quote(sb, block.path("name").asText()).append(",\"arguments\":\"\"}}]}");
        out.accept(close(sb, null));
      }
      default -> blockKind[i] = IGNORED; // redacted_thinking, server tools: no OpenAI form
    }
  }

  private void blockDelta(int i, JsonNode delta, Consumer<String> out) {
    ensureStarted(out);
    switch (delta.path("type").asText()) {
      case "text_delta" -> emitDelta(out, "content", delta.path("text").asText());
      case "thinking_delta" -> emitDelta(out, "reasoning_content", delta.path("thinking").asText());
      case "input_json_delta" -> {
        if (i >= blockKind.length || blockKind[i] != TOOL) {
          throw new IllegalArgumentException("input_json_delta for content block " + i + ", which is not a tool_use");
        }
        String partial = delta.path("partial_json").asText();
        if (!partial.isEmpty()) {
          argsSeen[i] = true;
          emitArguments(out, blockTool[i], partial);
        }
      }
      default -> { } // signature_delta, citations_delta, …
    }
  }

  private void blockStop(int i, Consumer<String> out) {
    if (i < blockKind.length && blockKind[i] == TOOL && !argsSeen[i]) {
      emitArguments(out, blockTool[i], startInput[i]); // OpenAI clients parse arguments: never leave them empty
      argsSeen[i] = true;
    }
  }

  private void messageDelta(JsonNode e, Consumer<String> out) {
    readUsage(e.path("usage"));
    String stop = AnthropicJson.text(e.path("delta"), "stop_reason");
    if (stop != null) {
      finish(out, StopReasons.finishReason(stop));
    }
  }

  private void messageStop(Consumer<String> out) {
    ensureStarted(out);
    finish(out, "stop");
    if (includeUsage) {
      StringBuilder sb = new StringBuilder(chunkPrefix.length() + 160).append(chunkPrefix)
          .append(",\"choices\":[],\"usage\":");
      out.accept(ChatUsage.appendChat(sb, usage()).append('}').toString());
    }
    complete = true;
  }

  private void finish(Consumer<String> out, String finishReason) {
    if (!finished) {
      finished = true;
      out.accept(close(open().append("{}"), finishReason));
    }
  }

  private void readUsage(JsonNode u) {
    if (!u.isObject()) {
      return;
    }
    if (u.has("input_tokens")) {
      inputTokens = u.get("input_tokens").asLong();
    }
    if (u.has("cache_read_input_tokens")) {
      cacheRead = u.get("cache_read_input_tokens").asLong();
    }
    if (u.has("cache_creation_input_tokens")) {
      cacheCreation = u.get("cache_creation_input_tokens").asLong();
    }
    if (u.has("output_tokens")) {
      outputTokens = u.get("output_tokens").asLong(); // cumulative in message_delta
    }
  }

  private void ensureStarted(Consumer<String> out) {
    if (!started) {
      started = true;
      out.accept(close(open().append("{\"role\":\"assistant\",\"content\":\"\"}"), null));
    }
  }

  private void emitDelta(Consumer<String> out, String field, String text) {
    if (!text.isEmpty()) {
      StringBuilder sb = open().append("{\"").append(field).append("\":");
      out.accept(close(AnthropicJson.quote(sb, text).append('}'), null));
    }
  }

  private void emitArguments(Consumer<String> out, int toolIndex, String arguments) {
    StringBuilder sb = open().append("{\"tool_calls\":[{\"index\":").append(toolIndex)
        .append(",\"function\":{\"arguments\":");
    out.accept(close(AnthropicJson.quote(sb, arguments).append("}}]}"), null));
  }

  /** Chunk text up to and including {@code "delta":}. */
  private StringBuilder open() {
    return new StringBuilder(chunkPrefix.length() + 128).append(chunkPrefix).append(",\"choices\":[{\"index\":0,\"delta\":");
  }

  private static String close(StringBuilder sb, String finishReason) {
    sb.append(",\"logprobs\":null,\"finish_reason\":");
    sb.append(finishReason == null ? "null" : "\"" + finishReason + "\"");
    return sb.append("}]}").toString();
  }

  private static int index(JsonNode e) {
    JsonNode i = e.get("index");
    if (i == null || !i.canConvertToInt() || i.intValue() < 0) {
      throw new IllegalArgumentException("content block event without a valid index: " + e);
    }
    return i.intValue();
  }

  private void grow(int i) {
    if (i >= blockKind.length) {
      int n = Math.max(i + 1, blockKind.length * 2);
      blockKind = Arrays.copyOf(blockKind, n);
      blockTool = Arrays.copyOf(blockTool, n);
      argsSeen = Arrays.copyOf(argsSeen, n);
      startInput = Arrays.copyOf(startInput, n);
    }
  }

  private static UpstreamStreamError error(JsonNode error) {
    String type = AnthropicJson.text(error, "type");
    return new UpstreamStreamError(AnthropicErrors.kind(0, type), type,
        AnthropicErrors.clientMessage(0, type, AnthropicJson.text(error, "message")));
  }
}
