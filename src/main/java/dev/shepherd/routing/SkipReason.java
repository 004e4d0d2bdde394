package dev.shepherd.routing;

/** Why a deployment was not tried for a request (shown in route traces and the access log). */
public enum SkipReason {
  /** Its provider has no credentials or address configured. */
  UNAVAILABLE("unavailable"),
  /** Weight 0: drained by the operator. */
  DRAINED("drained"),
  /** It does not serve this endpoint. */
  ENDPOINT("endpoint"),
  /** Prompt + max_tokens exceed its context window. */
  CONTEXT("context_window"),
  /** Its circuit breaker is open. */
  BREAKER_OPEN("breaker_open"),
  /** Its half-open probe slots are taken. */
  PROBES_BUSY("probes_busy"),
  /** It asked for a pause (Retry-After) that has not run out. */
  COOLING_DOWN("cooling_down"),
  /** The per-request attempt limit or the instance's retry budget was reached. */
  NO_BUDGET("retry_budget");

  private final String label;

  SkipReason(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }
}
