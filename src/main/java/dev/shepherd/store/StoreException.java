package dev.shepherd.store;

/**
 * A store operation failed. The message names the operation (for example {@code keys.insert})
 * and the database's error, never the values involved: no key hashes, setting values or
 * passwords.
 */
public final class StoreException extends RuntimeException {

  private final String operation;
  private final boolean conflict;

  /**
   * @param operation the failed operation, e.g. {@code keys.insert}
   * @param conflict true when a unique or primary-key constraint rejected the write
   * @param cause the underlying error
   */
  public StoreException(String operation, boolean conflict, Throwable cause) {
    super(operation + " failed: " + describe(cause), cause);
    this.operation = operation;
    this.conflict = conflict;
  }

  /** The failed operation, e.g. {@code keys.insert}. */
  public String operation() {
    return operation;
  }

  /** True when a uniqueness constraint (duplicate id, key hash or name) rejected a write. */
  public boolean isConflict() {
    return conflict;
  }

  private static String describe(Throwable cause) {
    if (cause == null) {
      return "unknown error";
    }
    String message = cause.getMessage();
    return message == null || message.isBlank() ? cause.getClass().getSimpleName() : message;
  }
}
