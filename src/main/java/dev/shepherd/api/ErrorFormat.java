package dev.shepherd.api;

/**
 * How one client protocol renders an error: the whole response body, and the event that ends a
 * stream which broke after its first byte. Status codes and headers are the same for every
 * protocol (they come from {@link ErrorKind}); only the bodies differ.
 */
public interface ErrorFormat {

  /** OpenAI's {@code {"error":{"message","type","param","code"}}}. */
  ErrorFormat OPENAI = new ErrorFormat() {
    @Override
    public String body(ErrorKind kind, String message, String param) {
      return ErrorBodies.json(kind, message, param);
    }

    @Override
    public String event(ErrorKind kind, String message) {
      return "data: " + ErrorBodies.json(kind, message, null) + "\n\n";
    }
  };

  /** The JSON body of an error response. */
  String body(ErrorKind kind, String message, String param);

  /** A complete SSE event (blank line included) carrying the error, for a stream already started. */
  String event(ErrorKind kind, String message);
}
