package dev.shepherd.translate.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shepherd.pipeline.Usage;
import dev.shepherd.translate.StreamTranslator;
import dev.shepherd.translate.UpstreamStreamError;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Gemini {@code streamGenerateContent?alt=sse} events → OpenAI {@code chat.completion.chunk}
 * payloads. Each input event is a whole {@code GenerateContentResponse} chunk. Per choice (Gemini
 * candidate {@code index}) it writes: a role chunk first; a {@code content} or
 * {@code reasoning_content} delta per run of text or thought parts; each function call whole in
 * one chunk (id, name, arguments, tool index 0, 1, 2…); a finish chunk when the candidate has a
 * {@code finishReason}. A prompt blocked before any candidate gives choice 0 a role chunk and a
 * {@code content_filter} finish. Usage is the last {@code usageMetadata} with counts; with
 * {@code includeUsage}, {@link #end} writes the usage-only chunk ({@code choices: []}) once the
 * stream is complete.
 *
 * <p>Throws {@link UpstreamStreamError} for an error payload and for a finish reason that means
 * broken output (see {@link GeminiFinish}). Not thread-safe; one instance per response.
 */
public final class GeminiToChatStream implements StreamTranslator {
  private final ChatChunks chunks;
  private final String id;
  private final boolean includeUsage;
  /** Per choice index: role written, finished, produced tool calls, next tool call index. */
  private boolean[] started = new boolean[1];
  private boolean[] finished = new boolean[1];
  private boolean[] calledTools = new boolean[1];
  private int[] toolIndex = new int[1];
  private int choicesSeen;
  private int calls;
  private JsonNode usageMetadata;

  /**
   * @param id the completion id of every chunk; also seeds generated tool call ids
   * @param includeUsage whether {@link #end} writes the usage-only chunk
   */
  public GeminiToChatStream(String id, String model, long createdSeconds, boolean includeUsage) {
    this.chunks = new ChatChunks(id, model, createdSeconds);
    this.id = id;
    this.includeUsage = includeUsage;
  }

  @Override
  public void event(String type, String data, Consumer<String> out) {
    if (data == null || data.isBlank()) {
      return;
    }
    JsonNode root;
    try {
      root = GeminiJson.JSON.readTree(data);
    } catch (Exception e) {
      throw new IllegalArgumentException("Gemini stream event is not JSON: " + e.getMessage());
    }
    if (root.isArray()) { // the non-SSE framing sends one array; accept its elements alike
      for (JsonNode element : root) {
        chunk(element, out);
      }
    } else {
      chunk(root, out);
    }
  }

  private void chunk(JsonNode root, Consumer<String> out) {
    if (!root.isObject()) {
      throw new IllegalArgumentException("Gemini stream event is not a JSON object");
    }
    if (root.has("error")) {
      throw GeminiErrors.streamError(root);
    }
    JsonNode metadata = root.get("usageMetadata");
    if (metadata != null && GeminiResponses.counted(metadata)) {
      usageMetadata = metadata;
    }
    JsonNode candidates = root.path("candidates");
    if (candidates.isEmpty() && root.path("promptFeedback").has("blockReason")) {
      start(0, out);
      finish(0, "content_filter", out);
      return;
    }
    for (int p = 0; p < candidates.size(); p++) {
      JsonNode c = candidates.get(p);
      int index = c.path("index").asInt(p);
      start(index, out);
      if (finished[index]) {
        continue; // nothing may follow a choice's finish chunk
      }
      parts(index, c.path("content").path("parts"), out);
      JsonNode reason = c.get("finishReason");
      if (reason != null && reason.isTextual()) {
        String r = reason.asText();
        String finish = GeminiFinish.openAi(r, calledTools[index]);
        if (finish == null) {
          throw new UpstreamStreamError(GeminiFinish.failure(r), r, GeminiFinish.failureMessage(r));
        }
        finish(index, finish, out);
      }
    }
  }

  /** Text runs become one delta each; thought text goes to {@code reasoning_content}. */
  private void parts(int index, JsonNode parts, Consumer<String> out) {
    StringBuilder run = null;
    boolean runIsThought = false;
    for (JsonNode part : parts) {
      if (part.has("functionCall")) {
        flush(index, run, runIsThought, out);
        run = null;
        calledTools[index] = true;
        out.accept(chunks.toolCall(index, GeminiResponses.toolCall(part, id, calls++, toolIndex[index]++)));
        continue;
      }
      JsonNode text = part.get("text");
      if (text == null || !text.isTextual() || text.asText().isEmpty()) {
        continue;
      }
      boolean thought = part.path("thought").asBoolean(false);
      if (run != null && thought != runIsThought) {
        flush(index, run, runIsThought, out);
        run = null;
      }
      if (run == null) {
        run = new StringBuilder();
        runIsThought = thought;
      }
      run.append(text.asText());
    }
    flush(index, run, runIsThought, out);
  }

  private void flush(int index, StringBuilder run, boolean thought, Consumer<String> out) {
    if (run != null && !run.isEmpty()) {
      out.accept(chunks.text(index, thought ? "reasoning_content" : "content", run.toString()));
    }
  }

  private void start(int index, Consumer<String> out) {
    if (index < 0 || index > 64) {
      throw new IllegalArgumentException("Gemini candidate index out of range: " + index);
    }
    if (index >= started.length) {
      int n = index + 1;
      started = Arrays.copyOf(started, n);
      finished = Arrays.copyOf(finished, n);
      calledTools = Arrays.copyOf(calledTools, n);
      toolIndex = Arrays.copyOf(toolIndex, n);
    }
    if (!started[index]) {
      started[index] = true;
      choicesSeen++;
      out.accept(chunks.role(index));
    }
  }

  private void finish(int index, String reason, Consumer<String> out) {
    if (!finished[index]) {
      finished[index] = true;
      out.accept(chunks.finish(index, reason));
    }
  }

  /** Writes the usage-only chunk when asked for, only after a complete stream (an incomplete one ends in an error). */
  @Override
  public void end(Consumer<String> out) {
    if (includeUsage && usageMetadata != null && complete()) {
      out.accept(chunks.usage(GeminiResponses.usageJson(usageMetadata)));
    }
  }

  /** True once every choice seen so far has its finish reason (and there was at least one). */
  @Override
  public boolean complete() {
    if (choicesSeen == 0) {
      return false;
    }
    for (int i = 0; i < started.length; i++) {
      if (started[i] && !finished[i]) {
        return false;
      }
    }
    return true;
  }

  /**
   * The last counted {@code usageMetadata}. Gemini reports only prompt tokens until the last chunk,
   * so completion tokens are -1 (unknown) while no candidate count has arrived and the stream is not
   * complete; a complete stream without them (a blocked prompt) used 0.
   */
  @Override
  public Usage usage() {
    if (usageMetadata == null) {
      return Usage.NONE;
    }
    boolean counted = usageMetadata.has("candidatesTokenCount") || usageMetadata.has("thoughtsTokenCount");
    return new Usage(GeminiResponses.promptTokens(usageMetadata),
        counted || complete() ? GeminiResponses.completionTokens(usageMetadata) : -1,
        usageMetadata.path("cachedContentTokenCount").asLong(0));
  }
}
