package dev.shepherd.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the store's INFO lines ("store opened: ...") off stdout while open, for commands whose
 * stdout is data (CSV, JSON) meant to be piped or redirected. Warnings and errors still print.
 * Closing restores the previous level (commands also run in-process, in tests).
 */
final class QuietStore implements AutoCloseable {
  private final Logger logger;
  private final Level previous;

  private QuietStore(Logger logger) {
    this.logger = logger;
    this.previous = logger == null ? null : logger.getLevel();
    if (logger != null) {
      logger.setLevel(Level.WARN);
    }
  }

  static QuietStore start() {
    return new QuietStore(LoggerFactory.getLogger("dev.shepherd.store") instanceof Logger l ? l : null);
  }

  @Override
  public void close() {
    if (logger != null) {
      logger.setLevel(previous);
    }
  }
}
