package dev.shepherd.config;

import java.util.Locale;

/** A window SLOs are computed over: the last hour, day or week, ending now. */
public enum SloWindow {
  H1("1h", 1),
  H24("24h", 24),
  D7("7d", 168);

  private final String id;
  private final int hours;

  SloWindow(String id, int hours) {
    this.id = id;
    this.hours = hours;
  }

  /** {@code 1h}, {@code 24h} or {@code 7d}. */
  public String id() {
    return id;
  }

  public int hours() {
    return hours;
  }

  public long millis() {
    return hours * 3_600_000L;
  }

  /** The window named {@code text} ({@code 1h}, {@code 24h}, {@code 7d}; any case), or {@code null}. */
  public static SloWindow parse(String text) {
    if (text == null) {
      return null;
    }
    String t = text.trim().toLowerCase(Locale.ROOT);
    for (SloWindow w : values()) {
      if (w.id.equals(t)) {
        return w;
      }
    }
    return null;
  }

  /** {@code 1h, 24h or 7d}, for messages. */
  public static String names() {
    return "1h, 24h or 7d";
  }
}
