package dev.shepherd.tokens;

/** A tokenizer file that is missing, unreadable, malformed or of a kind Shepherd cannot count exactly. */
public final class TokenizerException extends RuntimeException {
  TokenizerException(String message) {
    super(message);
  }

  TokenizerException(String message, Throwable cause) {
    super(message, cause);
  }
}
