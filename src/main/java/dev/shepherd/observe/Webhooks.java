package dev.shepherd.observe;

import java.net.URI;

/** What every webhook sender shares: a log-safe form of the URL, and an interruptible pause between retries. */
public final class Webhooks {
  private Webhooks() {}

  /** {@code scheme://host[:port]} of {@code url}: never its user info, path or query (they may hold tokens). */
  public static String origin(String url) {
    try {
      URI u = URI.create(url);
      return u.getScheme() + "://" + u.getHost() + (u.getPort() < 0 ? "" : ":" + u.getPort());
    } catch (IllegalArgumentException e) {
      return "(invalid URL)";
    }
  }

  /** Sleeps {@code millis}; false (interrupt flag kept) when interrupted. */
  public static boolean pause(long millis) {
    try {
      Thread.sleep(millis);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
