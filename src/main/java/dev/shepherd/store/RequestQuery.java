package dev.shepherd.store;

/**
 * Which request log rows to list, newest first.
 *
 * @param status which outcomes
 * @param model a model: matches the resolved catalog model or the model the client asked for;
 *     {@code null}: any
 * @param keyId a key id; {@code null}: any
 * @param beforeMillis only requests started before this epoch millis (paging); {@code Long.MAX_VALUE}: now
 * @param limit at most this many rows (1..1000)
 */
public record RequestQuery(Status status, String model, String keyId, long beforeMillis, int limit) {

  /** Outcome filter of a listing. */
  public enum Status {
    /** Every request. */
    ALL,
    /** Answered in full. */
    OK,
    /** Error answers and broken streams, whoever's fault. */
    FAILED,
    /** Failures that count against SLOs (upstream, internal, unavailable, broken streams). */
    SERVER_ERROR
  }

  public RequestQuery {
    if (status == null) {
      throw new IllegalArgumentException("status: missing (expected: all, ok, failed or server_error)");
    }
    if (limit < 1 || limit > 1_000) {
      throw new IllegalArgumentException("limit: " + limit + " (expected: 1..1000)");
    }
  }
}
