package dev.shepherd.limits;

import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

/**
 * Outcome of {@link Limiter#admit}: admitted or not, and what the {@code x-ratelimit-*} headers
 * should say. Immutable, except that it remembers being settled (so a second settle is ignored).
 *
 * <p>The header figures describe the tightest limited scope, separately for requests and for tokens
 * (fewest remaining; -1 in all three when no scope limits that dimension). Remaining counts are
 * after this request's take when admitted, and as they stand when refused.
 */
public final class Admission {
  /** Why a request was refused. */
  public enum Reason {
    /** A requests-per-minute bucket is empty. */
    RPM,
    /** A tokens-per-minute bucket holds fewer tokens than the request reserves. */
    TPM,
    /** The reservation is larger than a TPM limit itself: it can never pass; don't retry. */
    TPM_TOO_LARGE,
    /** A scope has {@code maxParallel} requests in flight. */
    PARALLEL,
    /** Shared limits are unreachable and the fail mode is {@code closed}. */
    UNAVAILABLE
  }

  private static final AtomicIntegerFieldUpdater<Admission> SETTLED =
      AtomicIntegerFieldUpdater.newUpdater(Admission.class, "settled");

  /** Admitted with nothing to count or settle; headers say "no limit". */
  static final Admission UNLIMITED = new Admission(true, 0, null, null, Headers.NONE, null);

  private final boolean admitted;
  private final long retryAfterMillis;
  private final Reason reason;
  private final String scopeId;
  private final Headers headers;
  /** What {@link Limiter#settle} needs; null when there is nothing to settle. */
  final Ticket ticket;
  private volatile int settled;

  Admission(boolean admitted, long retryAfterMillis, Reason reason, String scopeId, Headers headers, Ticket ticket) {
    this.admitted = admitted;
    this.retryAfterMillis = admitted ? 0 : Math.max(1, retryAfterMillis);
    this.reason = admitted ? null : reason;
    this.scopeId = scopeId;
    this.headers = headers;
    this.ticket = admitted ? ticket : null;
  }

  /** Refused because shared limits are unreachable (fail mode {@code closed}). */
  static Admission unavailable(long retryAfterMillis) {
    return new Admission(false, retryAfterMillis, Reason.UNAVAILABLE, null, Headers.NONE, null);
  }

  public boolean admitted() {
    return admitted;
  }

  /** When refused: milliseconds until a retry can pass (at least 1); 0 when admitted. */
  public long retryAfterMillis() {
    return retryAfterMillis;
  }

  /** Why it was refused; null when admitted. */
  public Reason reason() {
    return reason;
  }

  /** The scope that refused (the one with the longest wait), or the tightest one; may be null. */
  public String scopeId() {
    return scopeId;
  }

  public long limitRequests() {
    return headers.limitRequests();
  }

  public long remainingRequests() {
    return headers.remainingRequests();
  }

  /** Milliseconds until the tightest requests bucket is full again. */
  public long resetRequestsMillis() {
    return headers.resetRequestsMillis();
  }

  public long limitTokens() {
    return headers.limitTokens();
  }

  public long remainingTokens() {
    return headers.remainingTokens();
  }

  /** Milliseconds until the tightest tokens bucket is full again. */
  public long resetTokensMillis() {
    return headers.resetTokensMillis();
  }

  /** True the first time only: the caller settles this admission. */
  boolean claimSettle() {
    return ticket != null && SETTLED.compareAndSet(this, 0, 1);
  }

  @Override
  public String toString() {
    return admitted
        ? "Admission[admitted, " + headers + "]"
        : "Admission[refused " + reason + " by " + scopeId + ", retry after " + retryAfterMillis + " ms, " + headers + "]";
  }

  /** The header figures; -1 throughout a dimension no scope limits. */
  record Headers(long limitRequests, long remainingRequests, long resetRequestsMillis,
      long limitTokens, long remainingTokens, long resetTokensMillis) {
    static final Headers NONE = new Headers(-1, -1, -1, -1, -1, -1);
  }

  /**
   * What settling needs: the limiter that admitted (so a fallback's admissions go back to it), the
   * counted scopes in lock order, which of them took a parallel slot, the tokens reserved, and the
   * Redis lease id of the parallel slots (null locally).
   */
  record Ticket(Limiter owner, LimitScope[] scopes, boolean[] slots, long reserved, String leaseId) {}
}
