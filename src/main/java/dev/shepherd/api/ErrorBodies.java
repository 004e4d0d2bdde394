package dev.shepherd.api;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;

/**
 * Renders errors as OpenAI-shaped JSON: {@code {"error":{"message","type","param","code"}}}, or in
 * another client protocol's {@link ErrorFormat}.
 */
public final class ErrorBodies {
  private ErrorBodies() {}

  /** The JSON object for {@code e}, all four fields present ({@code param} may be null). */
  public static String json(ErrorKind kind, String message, String param) {
    StringBuilder sb = new StringBuilder(96 + message.length());
    sb.append("{\"error\":{\"message\":");
    quote(sb, message);
    sb.append(",\"type\":");
    quote(sb, kind.type());
    sb.append(",\"param\":");
    if (param == null) {
      sb.append("null");
    } else {
      quote(sb, param);
    }
    sb.append(",\"code\":");
    quote(sb, kind.code());
    return sb.append("}}").toString();
  }

  /** One SSE event carrying the error, for failures after the first byte of a stream. */
  public static Buffer sseEvent(ErrorKind kind, String message) {
    return Buffer.buffer("data: " + json(kind, message, null) + "\n\n");
  }

  /**
   * Sends {@code e} as the whole response (status, headers, body). Does nothing if the response
   * already started.
   */
  public static void send(HttpServerResponse response, ApiException e) {
    send(response, e, ErrorFormat.OPENAI);
  }

  /**
   * As {@link #send(HttpServerResponse, ApiException)}, with the body in {@code format} (the
   * client's protocol); status and headers ({@code x-should-retry}, {@code retry-after},
   * {@code retry-after-ms}) are the same for every format.
   */
  public static void send(HttpServerResponse response, ApiException e, ErrorFormat format) {
    if (response.headWritten() || response.ended() || response.closed()) {
      return;
    }
    ErrorKind kind = e.kind();
    response.setStatusCode(kind.status());
    response.putHeader("content-type", "application/json");
    response.putHeader("x-should-retry", kind.shouldRetry() ? "true" : "false");
    if (e.retryAfterMillis() >= 0) {
      long ms = e.retryAfterMillis();
      response.putHeader("retry-after", Long.toString(Math.max(1, (ms + 999) / 1000)));
      response.putHeader("retry-after-ms", Long.toString(ms));
    }
    response.end(format.body(kind, e.getMessage(), e.param()));
  }

  static void quote(StringBuilder sb, String s) {
    sb.append('"');
    JsonStringEncoder.getInstance().quoteAsString(s, sb);
    sb.append('"');
  }
}
