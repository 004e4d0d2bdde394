package dev.shepherd.provider.openai;

import dev.shepherd.api.ApiException;
import dev.shepherd.api.ErrorBodies;
import dev.shepherd.api.ErrorKind;
import dev.shepherd.api.openai.BodyRewriter;
import dev.shepherd.api.openai.ParsedRequest;
import dev.shepherd.config.Timeouts;
import dev.shepherd.pipeline.Exchange;
import dev.shepherd.pipeline.Exchange.Outcome;
import dev.shepherd.provider.AttemptFailure;
import dev.shepherd.provider.AttemptFailure.Cause;
import dev.shepherd.provider.AttemptListener;
import dev.shepherd.routing.Deployment;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpServerResponse;

/**
 * One attempt against an OpenAI-compatible upstream, relaying its answer to the client.
 *
 * <p>Timeouts: connect (client option), first byte (request sent → response headers), idle
 * (gap between body chunks), total. Before the first byte reaches the client every failure is
 * reported to the {@link AttemptListener} (which may fail over); after it, a failure becomes an
 * error event and the stream ends (never a silent, truncated success). A client disconnect
 * resets the upstream request at once. All callbacks run on the exchange's event loop.
 */
final class UpstreamCall {
  private final OpenAiUpstream upstream;
  private final Exchange ex;
  private final Deployment deployment;
  private final AttemptListener listener;
  private final Vertx vertx;
  private final Timeouts timeouts;
  private final HttpServerResponse response;
  private HttpClientRequest request;
  private HttpClientResponse upstreamResponse;
  private long deadlineTimer = -1;
  private long startNanos;
  private boolean headersReceived;
  private long lastActivityNanos;
  private boolean finished;
  private boolean upstreamEnded;
  private Buffer held;
  private static final int MAX_HELD = 64 * 1024;

  UpstreamCall(OpenAiUpstream upstream, Exchange ex, Deployment deployment, AttemptListener listener) {
    this.upstream = upstream;
    this.ex = ex;
    this.deployment = deployment;
    this.listener = listener;
    this.vertx = upstream.vertx();
    this.timeouts = upstream.timeouts();
    this.response = ex.response();
  }

  void start() {
    if (response.closed()) {
      finish(Outcome.CLIENT_CLOSED); // the client left while earlier stages ran: spend nothing
      return;
    }
    ParsedRequest parsed = ex.parsed();
    Buffer body = BodyRewriter.rewrite(parsed, deployment.upstreamModel(), ex.maxTokensOverride());
    response.closeHandler(v -> clientClosed());
    startNanos = System.nanoTime();
    deadlineTimer = vertx.setTimer(Math.min(timeouts.firstByteMs(), timeouts.totalMs()), this::checkDeadlines);
    upstream.client().request(upstream.requestOptions(ex.endpoint().path(), ex.requestId()))
        .onFailure(e -> {
          if (e instanceof io.netty.channel.ConnectTimeoutException) {
            timedOut("connect");
          } else {
            failBeforeFirstByte(ErrorKind.UPSTREAM_ERROR, Cause.CONNECT, "could not reach the upstream", e);
          }
        })
        .onSuccess(req -> {
          if (finished) {
            req.reset();
            return;
          }
          request = req;
          req.send(body)
              .onFailure(e -> failBeforeFirstByte(ErrorKind.UPSTREAM_ERROR, Cause.BROKEN,
                  "the upstream connection failed", e))
              .onSuccess(this::onResponse);
        });
  }

  private void onResponse(HttpClientResponse resp) {
    if (finished) {
      return;
    }
    upstreamResponse = resp;
    headersReceived = true;
    touch();
    resp.exceptionHandler(this::upstreamBroke);
    int status = resp.statusCode();
    if (status != 200) {
      collect(resp, 64 * 1024, b -> upstreamError(status, resp, b));
      return;
    }
    listener.answered(status);
    String type = resp.getHeader("content-type");
    if (ex.parsed().stream() && type != null && type.startsWith("text/event-stream")) {
      relayStream(resp, type);
    } else {
      collect(resp, Integer.MAX_VALUE, b -> relayWhole(resp, b));
    }
  }

  private void relayWhole(HttpClientResponse resp, Buffer body) {
    byte[] bytes = body.getBytes();
    ex.usage(UsageReader.read(bytes, 0, bytes.length).usage());
    if (!ex.usage().reported()) {
      dev.shepherd.pipeline.CompletionText text = new dev.shepherd.pipeline.CompletionText();
      text.addResponse(bytes);
      ex.completionText(text);
    }
    String type = resp.getHeader("content-type");
    response.setStatusCode(200).putHeader("content-type", type == null ? "application/json" : type);
    ex.firstByteSent(System.nanoTime());
    endResponse(body, Outcome.OK);
  }

  private void relayStream(HttpClientResponse resp, String type) {
    SseRelay sse = new SseRelay(!ex.parsed().clientWantsUsage());
    ex.completionText(sse.text());
    resp.handler(chunk -> {
      touch();
      Buffer out = sse.accept(chunk);
      if (out != null && !finished && forward(sse, out, type) && response.writeQueueFull()) {
        resp.pause();
        response.drainHandler(v -> resp.resume());
      }
    });
    resp.endHandler(v -> {
      upstreamEnded = true;
      if (finished) {
        return;
      }
      Buffer last = sse.finish();
      if (last != null) {
        forward(sse, last, type);
      }
      if (finished) {
        return;
      }
      ex.usage(sse.usage());
      if (!response.headWritten()) {
        breakStream(ErrorKind.UPSTREAM_ERROR, "The upstream stream ended before its first event.");
      } else if (sse.done()) {
        endResponse(null, Outcome.OK);
      } else if (sse.sawError()) {
        ex.brokenStream(ErrorKind.UPSTREAM_ERROR, "upstream sent an error event");
        endResponse(null, Outcome.INCOMPLETE);
      } else {
        breakStream(ErrorKind.UPSTREAM_ERROR, "The upstream stream ended before completion.");
      }
    });
  }

  /**
   * Sends relayed bytes to the client. The response is committed (headers written) only with the
   * first {@code data:} event that is not an error: keep-alive comments before it are held back
   * (up to {@link #MAX_HELD} bytes), and an error as the very first event fails the attempt, so
   * the request can still fail over. Returns whether bytes were written.
   */
  private boolean forward(SseRelay sse, Buffer out, String type) {
    if (!response.headWritten()) {
      if (sse.firstDataWasError()) {
        breakStream(ErrorKind.UPSTREAM_ERROR, "The upstream sent an error event before any content.");
        return false;
      }
      if (!sse.sawData() && (held == null ? 0 : held.length()) + out.length() <= MAX_HELD) {
        held = held == null ? Buffer.buffer().appendBuffer(out) : held.appendBuffer(out);
        return false;
      }
      response.setStatusCode(200).setChunked(true)
          .putHeader("content-type", type)
          .putHeader("cache-control", "no-cache");
      ex.firstByteSent(System.nanoTime());
      if (held != null) {
        response.write(held);
        held = null;
      }
    }
    response.write(out);
    return true;
  }

  /** Reads a whole body with a size cap, under the idle and total timers. */
  private void collect(HttpClientResponse resp, int max, java.util.function.Consumer<Buffer> then) {
    Buffer acc = Buffer.buffer();
    resp.handler(chunk -> {
      touch();
      if (acc.length() + chunk.length() <= max) {
        acc.appendBuffer(chunk);
      }
    });
    resp.endHandler(v -> {
      upstreamEnded = true;
      if (!finished) {
        then.accept(acc);
      }
    });
  }

  private void upstreamError(int status, HttpClientResponse resp, Buffer body) {
    long wait = UpstreamErrors.retryAfterMillis(resp.getHeader("retry-after-ms"), resp.getHeader("retry-after"));
    ApiException e = UpstreamErrors.map(status, wait, body);
    failBeforeFirstByte(new AttemptFailure(e, Cause.STATUS, status, wait,
        "upstream " + deployment.id() + " answered " + status));
  }

  private void upstreamBroke(Throwable t) {
    if (finished) {
      return;
    }
    breakStream(ErrorKind.UPSTREAM_ERROR, "The upstream connection broke mid-response.");
  }

  private void timedOut(String which) {
    if (finished) {
      return;
    }
    breakStream(ErrorKind.UPSTREAM_TIMEOUT, "The upstream timed out (" + which + ").");
  }

  private void clientClosed() {
    finish(Outcome.CLIENT_CLOSED);
  }

  /** A failure after the upstream answered 200: an error event if bytes already reached the client, else an error response. */
  private void breakStream(ErrorKind kind, String message) {
    if (finished) {
      return;
    }
    if (!response.headWritten()) {
      Cause cause = kind == ErrorKind.UPSTREAM_TIMEOUT ? Cause.TIMEOUT : Cause.BROKEN;
      failBeforeFirstByte(new AttemptFailure(new ApiException(kind, message), cause,
          headersReceived ? upstreamResponse.statusCode() : 0, -1, "upstream " + deployment.id() + ": " + message));
      return;
    }
    ex.brokenStream(kind, message);
    endResponse(ErrorBodies.sseEvent(kind, message), Outcome.INCOMPLETE);
  }

  private void failBeforeFirstByte(ErrorKind kind, Cause cause, String message, Throwable error) {
    failBeforeFirstByte(new AttemptFailure(new ApiException(kind, "The upstream request failed: " + message + "."),
        cause, 0, -1, "upstream " + deployment.id() + ": " + error));
  }

  private void failBeforeFirstByte(AttemptFailure failure) {
    if (finished) {
      return;
    }
    finished = true;
    stopUpstream();
    listener.failed(failure);
  }

  /** Ends the call once: stops timers and the upstream request (a no-op after a complete response), then the exchange. */
  private void finish(Outcome outcome) {
    if (finished) {
      return;
    }
    finished = true;
    stopUpstream();
    listener.ended(outcome);
    ex.end(outcome);
  }

  private void stopUpstream() {
    cancelTimers();
    if (request != null && (upstreamResponse == null || !upstreamEnded)) {
      request.reset();
    }
  }

  /**
   * Ends the client response and the exchange. Marks the call finished first: ending a response
   * can close the connection at once (e.g. {@code Connection: close}), and that close must not be
   * taken for a client disconnect.
   */
  private void endResponse(Buffer last, Outcome outcome) {
    if (finished) {
      return;
    }
    finished = true;
    stopUpstream();
    if (!response.ended() && !response.closed()) {
      if (last == null) {
        response.end();
      } else {
        response.end(last);
      }
    }
    listener.ended(outcome);
    ex.end(outcome);
  }

  private void touch() {
    lastActivityNanos = System.nanoTime();
  }

  /**
   * The one timer of this call, for all three deadlines (first byte, idle gap, total). It is set
   * once and, when it fires before any deadline passed, re-armed for the nearest one: no timer is
   * created or cancelled per chunk.
   */
  private void checkDeadlines(long id) {
    if (finished) {
      return;
    }
    long now = System.nanoTime();
    long total = remainingMs(startNanos, timeouts.totalMs(), now);
    long phase = headersReceived
        ? remainingMs(lastActivityNanos, timeouts.idleMs(), now)
        : remainingMs(startNanos, timeouts.firstByteMs(), now);
    if (total <= 0) {
      timedOut("total");
    } else if (phase <= 0) {
      timedOut(headersReceived ? "idle" : "first byte");
    } else {
      deadlineTimer = vertx.setTimer(Math.min(total, phase), this::checkDeadlines);
    }
  }

  private static long remainingMs(long sinceNanos, long limitMs, long nowNanos) {
    return limitMs - (nowNanos - sinceNanos) / 1_000_000;
  }

  private void cancelTimers() {
    if (deadlineTimer >= 0) {
      vertx.cancelTimer(deadlineTimer);
    }
  }
}
