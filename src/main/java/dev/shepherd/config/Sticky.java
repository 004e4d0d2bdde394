package dev.shepherd.config;

/** What keeps a caller on the same deployment of a model while that deployment is healthy. */
public enum Sticky {
  /** Every request is an independent weighted choice. */
  NONE,
  /** Same API key → same deployment. */
  KEY,
  /** Same {@code user} field → same deployment (the API key when a request has no {@code user}). */
  USER
}
