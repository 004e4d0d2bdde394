package dev.shepherd.store;

import static org.junit.jupiter.api.Assertions.assertFalse;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.slf4j.LoggerFactory;

/** Captures every log event (all levels) while open; for asserting that secrets never leak. */
final class LogCapture implements AutoCloseable {

  private final Logger root = (Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
  private final Level previous = root.getLevel();

  private LogCapture() {
    appender.start();
    root.addAppender(appender);
    root.setLevel(Level.ALL);
  }

  static LogCapture start() {
    return new LogCapture();
  }

  List<ILoggingEvent> events() {
    synchronized (appender.list) {
      return List.copyOf(appender.list);
    }
  }

  void assertNoneContain(String secret) {
    for (ILoggingEvent e : events()) {
      assertFalse(e.getFormattedMessage().contains(secret), "leaked: " + e.getFormattedMessage());
      for (IThrowableProxy t = e.getThrowableProxy(); t != null; t = t.getCause()) {
        assertFalse(String.valueOf(t.getMessage()).contains(secret), "leaked: " + t.getMessage());
      }
    }
  }

  @Override
  public void close() {
    root.detachAppender(appender);
    root.setLevel(previous);
    appender.stop();
  }
}
