package dev.shepherd.api;

/**
 * A request rejected with one {@link ErrorKind}. Carries no stack trace (expected rejections
 * must be cheap) and a message that is safe to show the client: never a secret, host name or
 * upstream internal.
 */
public final class ApiException extends RuntimeException {
  private final ErrorKind kind;
  private final String param;
  private final long retryAfterMillis;

  public ApiException(ErrorKind kind, String message) {
    this(kind, message, null, -1);
  }

  public ApiException(ErrorKind kind, String message, String param) {
    this(kind, message, param, -1);
  }

  /**
   * @param retryAfterMillis sets {@code Retry-After}/{@code retry-after-ms} when ≥ 0
   */
  public ApiException(ErrorKind kind, String message, String param, long retryAfterMillis) {
    super(message, null, false, false);
    this.kind = kind;
    this.param = param;
    this.retryAfterMillis = retryAfterMillis;
  }

  public ErrorKind kind() {
    return kind;
  }

  /** The request field at fault, or {@code null}. */
  public String param() {
    return param;
  }

  /** Suggested wait before retrying, or -1. */
  public long retryAfterMillis() {
    return retryAfterMillis;
  }

  /** Wraps anything thrown into an {@code ApiException}; unknown failures become INTERNAL. */
  public static ApiException of(Throwable t) {
    if (t instanceof ApiException e) {
      return e;
    }
    return new ApiException(ErrorKind.INTERNAL, "internal error");
  }
}
