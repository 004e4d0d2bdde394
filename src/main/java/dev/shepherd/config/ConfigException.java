package dev.shepherd.config;

import java.util.List;

/**
 * A configuration problem. Each problem reads {@code key.path: value (expected: ...)}; when a
 * file has several problems they are all reported, one per line of the message.
 */
public final class ConfigException extends RuntimeException {
  private final List<String> problems;

  public ConfigException(String message) {
    super(message);
    this.problems = List.of(message);
  }

  public ConfigException(String message, Throwable cause) {
    super(message, cause);
    this.problems = List.of(message);
  }

  /** One exception for several problems; the message joins them with newlines. */
  public ConfigException(List<String> problems) {
    super(String.join("\n", problems));
    this.problems = List.copyOf(problems);
  }

  /** Every problem found, in file order; never empty. */
  public List<String> problems() {
    return problems;
  }
}
