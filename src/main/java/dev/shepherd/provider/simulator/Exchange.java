package dev.shepherd.provider.simulator;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;

/**
 * One in-flight response and its end: ended normally, dropped by the simulator, or cancelled by the
 * client. Confined to the server's event loop; once the response is over, scheduled work is
 * cancelled and {@link #active()} is false, so nothing more is written.
 */
final class Exchange {

  private final Vertx vertx;
  private final HttpServerResponse response;
  private final SimulatorStats stats;
  private boolean over;
  private long timer = -1;

  Exchange(Vertx vertx, HttpServerResponse response, SimulatorStats stats) {
    this.vertx = vertx;
    this.response = response;
    this.stats = stats;
    response.closeHandler(v -> cancelled());
    response.exceptionHandler(t -> cancelled());
  }

  HttpServerResponse response() {
    return response;
  }

  /** False once the response ended, was dropped or the client went away. */
  boolean active() {
    return !over;
  }

  /** Runs {@code task} after {@code delayMs} (at once when not positive) unless the response is over by then. */
  void after(long delayMs, Runnable task) {
    if (over) {
      return;
    }
    if (delayMs <= 0) {
      task.run();
      return;
    }
    timer = vertx.setTimer(delayMs, id -> {
      timer = -1;
      if (!over) {
        task.run();
      }
    });
  }

  /** Ends the response with {@code body}. */
  void end(int status, CharSequence contentType, Buffer body) {
    if (over) {
      return;
    }
    over = true;
    response.setStatusCode(status).putHeader("content-type", contentType).end(body);
  }

  /** Ends a response already under way (e.g. a stream) with its last bytes. */
  void endWith(Buffer last) {
    if (over) {
      return;
    }
    over = true;
    response.end(last);
  }

  /** Cuts the connection (HTTP/1) or resets the stream (HTTP/2) without finishing the response. */
  void drop() {
    drop(null);
  }

  /** Like {@link #drop()}, once {@code lastWrite} (if any) has gone out, so the client sees what was sent. */
  void drop(Future<Void> lastWrite) {
    if (over) {
      return;
    }
    over = true;
    cancelTimer();
    stats.dropped.increment();
    if (lastWrite == null) {
      response.reset();
    } else {
      lastWrite.onComplete(v -> response.reset());
    }
  }

  private void cancelled() {
    if (over) {
      return;
    }
    over = true;
    cancelTimer();
    stats.cancelled.increment();
  }

  private void cancelTimer() {
    if (timer != -1) {
      vertx.cancelTimer(timer);
      timer = -1;
    }
  }
}
