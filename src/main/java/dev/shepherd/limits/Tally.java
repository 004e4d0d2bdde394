package dev.shepherd.limits;

import dev.shepherd.limits.Admission.Headers;
import dev.shepherd.limits.Admission.Reason;

/**
 * Builds one {@link Admission} from the levels of its scopes, the same way for the local limiter
 * and for the Redis script's answer: {@link #check} each scope at its refilled levels (collecting
 * the refusal with the longest wait), {@link #observe} each scope's levels for the headers, then
 * {@link #admitted} or {@link #refused}. One per call; not thread-safe.
 */
final class Tally {
  /** Retry hint for a full parallel limit: slots free when requests end, which nobody can predict. */
  static final long PARALLEL_RETRY_MS = 1_000;

  /** Retry hint for a reservation larger than a TPM limit (a retry of the same request never passes). */
  static final long TOO_LARGE_RETRY_MS = 60_000;

  private Reason reason;
  private String refusedBy;
  private long retryAfter;

  private String firstId;
  private String requestsId;
  private long limitRequests = -1;
  private long remainingRequests = -1;
  private long resetRequests = -1;
  private String tokensId;
  private long limitTokens = -1;
  private long remainingTokens = -1;
  private long resetTokens = -1;

  /**
   * Whether one scope admits a request reserving {@code reserved} tokens, given its levels after
   * refill ({@code rpm}, {@code tpm}, {@code par} are 0 when unlimited).
   */
  boolean check(String id, long rpm, long tpm, int par, long req, long tok, long inFlight, long reserved) {
    boolean ok = true;
    if (rpm > 0 && req < Bucket.UNIT) {
      refuse(id, Reason.RPM, Bucket.waitMillis(req, Bucket.UNIT, rpm));
      ok = false;
    }
    if (tpm > 0 && reserved > tpm) {
      refuse(id, Reason.TPM_TOO_LARGE, TOO_LARGE_RETRY_MS);
      ok = false;
    } else if (tpm > 0 && tok < reserved * Bucket.UNIT) {
      refuse(id, Reason.TPM, Bucket.waitMillis(tok, reserved * Bucket.UNIT, tpm));
      ok = false;
    }
    if (par > 0 && inFlight >= par) {
      refuse(id, Reason.PARALLEL, PARALLEL_RETRY_MS);
      ok = false;
    }
    return ok;
  }

  /** A request can pass only when every scope can, so the longest wait wins; TOO_LARGE always does. */
  private void refuse(String id, Reason r, long wait) {
    if (reason == Reason.TPM_TOO_LARGE) {
      return;
    }
    if (reason == null || r == Reason.TPM_TOO_LARGE || wait > retryAfter) {
      reason = r;
      refusedBy = id;
      retryAfter = wait;
    }
  }

  /** Counts one scope's levels toward the headers: the one with the fewest remaining is shown. */
  void observe(String id, long rpm, long tpm, long req, long tok) {
    if (firstId == null) {
      firstId = id;
    }
    if (rpm > 0) {
      long left = Bucket.remaining(req);
      long reset = Bucket.resetMillis(req, rpm);
      if (requestsId == null || left < remainingRequests || (left == remainingRequests && reset > resetRequests)) {
        requestsId = id;
        limitRequests = rpm;
        remainingRequests = left;
        resetRequests = reset;
      }
    }
    if (tpm > 0) {
      long left = Bucket.remaining(tok);
      long reset = Bucket.resetMillis(tok, tpm);
      if (tokensId == null || left < remainingTokens || (left == remainingTokens && reset > resetTokens)) {
        tokensId = id;
        limitTokens = tpm;
        remainingTokens = left;
        resetTokens = reset;
      }
    }
  }

  Admission admitted(Admission.Ticket ticket) {
    String id = requestsId != null ? requestsId : tokensId != null ? tokensId : firstId;
    return new Admission(true, 0, null, id, headers(), ticket);
  }

  /** The refusal found by {@link #check}; UNAVAILABLE if none was (a script and this disagree). */
  Admission refused() {
    if (reason == null) {
      return new Admission(false, PARALLEL_RETRY_MS, Reason.UNAVAILABLE, firstId, headers(), null);
    }
    return new Admission(false, retryAfter, reason, refusedBy, headers(), null);
  }

  private Headers headers() {
    if (requestsId == null && tokensId == null) {
      return Headers.NONE;
    }
    return new Headers(limitRequests, remainingRequests, resetRequests, limitTokens, remainingTokens, resetTokens);
  }
}
