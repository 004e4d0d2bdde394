package dev.shepherd.pipeline;

/**
 * Token usage of one exchange as reported by the upstream.
 *
 * @param promptTokens -1 when unknown
 * @param completionTokens -1 when unknown (0 for embeddings)
 * @param cachedPromptTokens prompt tokens served from the upstream's cache, 0 when not reported
 */
public record Usage(long promptTokens, long completionTokens, long cachedPromptTokens) {
  /** No usage reported. */
  public static final Usage NONE = new Usage(-1, -1, 0);

  public boolean reported() {
    return promptTokens >= 0;
  }
}
