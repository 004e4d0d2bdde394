package dev.shepherd.api.openai;

/** The OpenAI inference endpoints Shepherd relays, with the path appended to a provider's base URL. */
public enum Endpoint {
  CHAT("/chat/completions", true),
  COMPLETIONS("/completions", true),
  EMBEDDINGS("/embeddings", false);

  private final String path;
  private final boolean streamable;

  Endpoint(String path, boolean streamable) {
    this.path = path;
    this.streamable = streamable;
  }

  /** Path below {@code /v1} and below a provider's {@code base_url}. */
  public String path() {
    return path;
  }

  /** True when the endpoint accepts {@code "stream": true}. */
  public boolean streamable() {
    return streamable;
  }
}
