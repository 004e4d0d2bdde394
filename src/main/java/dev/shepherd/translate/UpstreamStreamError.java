package dev.shepherd.translate;

import dev.shepherd.api.ErrorKind;

/**
 * An error event inside an upstream's stream (Anthropic {@code event: error}, a Gemini error
 * payload), already mapped to Shepherd's error vocabulary so the caller can fail over (before the
 * first byte) or end the stream with it.
 */
public final class UpstreamStreamError extends RuntimeException {
  private final ErrorKind kind;
  private final String upstreamType;

  public UpstreamStreamError(ErrorKind kind, String upstreamType, String message) {
    super(message, null, false, false);
    this.kind = kind;
    this.upstreamType = upstreamType;
  }

  /** The mapped error kind (decides retry and failover). */
  public ErrorKind kind() {
    return kind;
  }

  /** The upstream's own error type, e.g. {@code overloaded_error}. */
  public String upstreamType() {
    return upstreamType;
  }
}
