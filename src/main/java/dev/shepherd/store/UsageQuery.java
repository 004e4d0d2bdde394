package dev.shepherd.store;

import java.util.Locale;

/**
 * What a usage report asks the store for: the usage records of one account (or of all) started in
 * {@code [fromMillis, toMillis)}, summed per group.
 *
 * @param accountId the account, or {@code null} for every account (admin reports only)
 * @param fromMillis epoch millis, inclusive
 * @param toMillis epoch millis, exclusive; after {@code fromMillis}
 * @param by how records are grouped
 */
public record UsageQuery(String accountId, long fromMillis, long toMillis, By by) {

  /** Grouping of a usage report. */
  public enum By {
    /** The public model name the client asked for. */
    MODEL,
    /** The key id (never the secret). */
    KEY,
    /** The UTC day the request started, as an ISO date ({@code 2026-11-24}). */
    DAY;

    /** {@code model}, {@code key} or {@code day}, any case. */
    public static By parse(String text) {
      if (text != null) {
        for (By b : values()) {
          if (b.name().equalsIgnoreCase(text.trim())) {
            return b;
          }
        }
      }
      throw new IllegalArgumentException("by: " + text + " (expected: model, key or day)");
    }

    /** The lower-case name used on the command line and in the API. */
    public String id() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public UsageQuery {
    if (by == null) {
      throw new IllegalArgumentException("by: missing (expected: model, key or day)");
    }
    if (fromMillis >= toMillis) {
      throw new IllegalArgumentException("from: " + fromMillis + " (expected: before to, " + toMillis + ")");
    }
  }
}
