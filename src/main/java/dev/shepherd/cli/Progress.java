package dev.shepherd.cli;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Progress of a long command on stderr, e.g. {@code verifying accounts 1,200/5,000}, so stdout stays
 * data. Shown when {@code --progress} is given, or without the option when stderr is a terminal
 * ({@code --no-progress} turns it off). On a terminal one line is rewritten in place (at most ten
 * times a second); elsewhere a line is printed at most once a second, and always the last one.
 */
final class Progress {
  private static final Progress OFF = new Progress(null, false);
  private final PrintStream out;
  private final boolean terminal;
  private long lastNanos;
  private long lastDone = -1;
  private int width;

  private Progress(PrintStream out, boolean terminal) {
    this.out = out;
    this.terminal = terminal;
  }

  /** For the {@code --progress} / {@code --no-progress} option ({@code null}: not given). */
  static Progress of(Boolean option) {
    boolean terminal = stderrIsTerminal();
    boolean on = option == null ? terminal : option;
    return on ? new Progress(System.err, terminal) : OFF;
  }

  boolean enabled() {
    return out != null;
  }

  /** Whether file descriptor 2 is a terminal (Linux: {@code /proc/self/fd/2} points to a tty). */
  static boolean stderrIsTerminal() {
    try {
      String target = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
      return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
    } catch (Exception e) {
      java.io.Console c = System.console();
      return c != null && c.isTerminal();
    }
  }

  /** Reports {@code done} of {@code total} {@code what} (e.g. "verifying accounts"); throttled. */
  void update(String what, long done, long total) {
    if (out == null) {
      return;
    }
    long now = System.nanoTime();
    boolean last = done >= total;
    if (done == lastDone || !last && lastNanos != 0 && now - lastNanos < (terminal ? 100_000_000L : 1_000_000_000L)) {
      return;
    }
    lastNanos = now;
    lastDone = done;
    String line = String.format(Locale.ROOT, "%s %,d/%,d", what, Math.min(done, total), total);
    if (terminal) {
      out.print("\r" + line + " ".repeat(Math.max(0, width - line.length())));
      width = line.length();
      if (last) {
        out.println();
      }
    } else {
      out.println(line);
    }
    out.flush();
  }
}
