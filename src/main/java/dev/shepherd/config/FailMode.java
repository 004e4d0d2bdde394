package dev.shepherd.config;

/** What shared (Redis) limits do while Redis cannot be reached. */
public enum FailMode {
  /** Admit every request (limits are not enforced until Redis returns). */
  OPEN,
  /** Refuse every limited request with 503 until Redis returns. */
  CLOSED,
  /** Enforce limit ÷ {@code instances} on each instance from local counters. */
  LOCAL
}
