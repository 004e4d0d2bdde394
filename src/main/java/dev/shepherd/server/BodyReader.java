package dev.shepherd.server;

import dev.shepherd.api.ApiException;
import dev.shepherd.api.ErrorKind;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;

/**
 * Reads a request body up to a size limit. An oversized body (declared or actual) is refused
 * with 413 as soon as it is known; the rest of the upload is discarded unread.
 */
final class BodyReader {
  private BodyReader() {}

  static void read(HttpServerRequest req, long maxBytes, Handler<byte[]> onBody, Handler<ApiException> onError) {
    String declared = req.getHeader("content-length");
    if (declared != null) {
      long n;
      try {
        n = Long.parseLong(declared.trim());
      } catch (NumberFormatException e) {
        n = -1;
      }
      if (n > maxBytes) {
        tooLarge(req, maxBytes, onError);
        return;
      }
    }
    Buffer acc = Buffer.buffer();
    boolean[] failed = {false};
    req.handler(chunk -> {
      if (failed[0]) {
        return;
      }
      if (acc.length() + chunk.length() > maxBytes) {
        failed[0] = true;
        tooLarge(req, maxBytes, onError);
        return;
      }
      acc.appendBuffer(chunk);
    });
    req.endHandler(v -> {
      if (!failed[0]) {
        onBody.handle(acc.getBytes());
      }
    });
  }

  private static void tooLarge(HttpServerRequest req, long maxBytes, Handler<ApiException> onError) {
    // Answer now; the rest of the upload is read and dropped so the client can read the answer
    // (closing mid-upload makes HTTP/1.1 clients see a reset instead of the 413).
    req.handler(chunk -> { });
    req.endHandler(v -> { });
    onError.handle(new ApiException(ErrorKind.REQUEST_TOO_LARGE,
        "Request body too large (limit: " + maxBytes + " bytes)."));
  }
}
