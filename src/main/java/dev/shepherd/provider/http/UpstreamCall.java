package dev.shepherd.provider.http;

import dev.shepherd.api.ApiException;
import dev.shepherd.api.ErrorKind;
import dev.shepherd.pipeline.Blocking;
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
 * One attempt against an upstream, relaying its answer to the client in the client's protocol.
 * The {@link UpstreamProtocol} makes the request and reads the answer; everything here is the
 * same for every protocol.
 *
 * <p>Timeouts: connect (client option), first byte (request sent → response headers), idle
 * (gap between body chunks), total. Before the first byte reaches the client every failure is
 * reported to the {@link AttemptListener} (which may fail over); after it, a failure becomes an
 * error event and the stream ends (never a silent, truncated success). A client disconnect
 * resets the upstream request at once. All callbacks run on the exchange's event loop.
 */
final class UpstreamCall {
  /** Translated request bodies above this size are built on a virtual thread. */
  static final int OFF_LOOP_BYTES = 256 * 1024;
  private final HttpUpstream upstream;
  private final UpstreamProtocol protocol;
  private final Exchange ex;
  private final Deployment deployment;
  private final AttemptListener listener;
  private final Vertx vertx;
  private final HttpServerResponse response;
  private HttpClientRequest request;
  private HttpClientResponse upstreamResponse;
  private final Deadlines deadlines;
  private boolean finished;
  private StreamRelay relay; // the answering stream, once one is relayed
  private boolean upstreamEnded;
  private Buffer held;
  private static final int MAX_HELD = 64 * 1024;

  UpstreamCall(HttpUpstream upstream, Exchange ex, Deployment deployment, AttemptListener listener) {
    this.upstream = upstream;
    this.protocol = upstream.protocol();
    this.ex = ex;
    this.deployment = deployment;
    this.listener = listener;
    this.vertx = upstream.vertx();
    this.response = ex.response();
    this.deadlines = new Deadlines(vertx, upstream.timeouts(), this::timedOut);
  }

  void start() {
    if (response.closed()) {
      finish(Outcome.CLIENT_CLOSED); // the client left while earlier stages ran: spend nothing
      return;
    }
    response.closeHandler(v -> clientClosed());
    if (protocol.translates() && ex.body().length > OFF_LOOP_BYTES) {
      Blocking.call(vertx.getOrCreateContext(), () -> protocol.body(ex, deployment)).onComplete(ar -> {
        if (ar.succeeded()) {
          send(ar.result());
        } else {
          refused(ar.cause());
        }
      });
      return;
    }
    Buffer body;
    try {
      body = protocol.body(ex, deployment);
    } catch (RuntimeException e) {
      refused(e);
      return;
    }
    send(body);
  }

  private void send(Buffer body) {
    if (finished) {
      return;
    }
    deadlines.start();
    io.vertx.core.http.RequestOptions options = upstream.requestOptions(protocol.path(ex, deployment), ex.requestId());
    ex.propagateTrace(options::putHeader); // traceparent: the attempt's span, or the client's when tracing is off
    upstream.client().request(options)
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

  /**
   * The request cannot be made for this deployment (a parameter its upstream cannot honour): the
   * caller's fault, answered as a 400 without failing over; anything else is a bug, and another
   * deployment may still serve the request.
   */
  private void refused(Throwable t) {
    if (t instanceof ApiException e) {
      failBeforeFirstByte(new AttemptFailure(e, Cause.STATUS, 400, -1,
          "request not sendable to " + deployment.id() + ": " + e.getMessage()));
      return;
    }
    org.slf4j.LoggerFactory.getLogger(UpstreamCall.class).error("request {}: building the request for {} failed",
        ex.requestId(), deployment, t);
    failBeforeFirstByte(new AttemptFailure(ApiException.of(t), Cause.BROKEN, 0, -1,
        "request for " + deployment.id() + " failed: " + t));
  }

  private void onResponse(HttpClientResponse resp) {
    if (finished) {
      return;
    }
    upstreamResponse = resp;
    deadlines.headers();
    resp.exceptionHandler(this::upstreamBroke);
    int status = resp.statusCode();
    if (status != 200) {
      collect(resp, 64 * 1024, b -> upstreamError(status, resp, b));
      return;
    }
    listener.answered(status);
    String type = resp.getHeader("content-type");
    if (ex.parsed().stream() && type != null && type.startsWith("text/event-stream")) {
      relayStream(resp, protocol.stream(ex, deployment, ex.client()), type);
    } else {
      collect(resp, Integer.MAX_VALUE, b -> relayWhole(b, type));
    }
  }

  private void relayWhole(Buffer body, String upstreamType) {
    UpstreamProtocol.Answer answer;
    try {
      answer = protocol.answer(ex, deployment, body.getBytes(), upstreamType, ex.client());
    } catch (RuntimeException e) {
      breakStream(ErrorKind.UPSTREAM_ERROR, "The upstream sent an answer that could not be read.");
      return;
    }
    ex.usage(answer.usage());
    if (!answer.usage().reported()) { // charged by counting what the client got
      dev.shepherd.pipeline.CompletionText text = new dev.shepherd.pipeline.CompletionText();
      text.addResponse(answer.body().getBytes());
      ex.completionText(text);
    }
    response.setStatusCode(200).putHeader("content-type", answer.contentType());
    ex.answer(answer.body());
    ex.firstByteSent(System.nanoTime());
    endResponse(answer.body(), Outcome.OK);
  }

  private void relayStream(HttpClientResponse resp, StreamRelay sse, String upstreamType) {
    relay = sse;
    String type = sse.contentType(upstreamType);
    ex.completionText(sse.text());
    resp.handler(chunk -> {
      deadlines.touch();
      Buffer out = sse.accept(chunk);
      if (finished) {
        return;
      }
      if (sse.firstDataWasError() && !response.headWritten()) {
        failOnErrorEvent(sse);
        return;
      }
      if (out != null && forward(sse, out, type)) {
        if (sse.sawError()) { // the error event is on its way; the stream is over
          ex.usage(sse.usage());
          ex.brokenStream(sse.error().kind(), "upstream sent an error event");
          endResponse(null, Outcome.INCOMPLETE);
        } else if (response.writeQueueFull()) {
          resp.pause();
          response.drainHandler(v -> resp.resume());
        }
      }
    });
    resp.endHandler(v -> {
      upstreamEnded = true;
      if (finished) {
        return;
      }
      Buffer last = sse.finish();
      if (sse.firstDataWasError() && !response.headWritten()) {
        failOnErrorEvent(sse);
        return;
      }
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
        ex.brokenStream(sse.error().kind(), "upstream sent an error event");
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
  private boolean forward(StreamRelay sse, Buffer out, String type) {
    if (!response.headWritten()) {
      if (sse.firstDataWasError()) {
        failOnErrorEvent(sse);
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

  /** An error event before any content: the attempt failed and nothing was sent, so the request can fail over. */
  private void failOnErrorEvent(StreamRelay sse) {
    ApiException e = sse.error();
    failBeforeFirstByte(new AttemptFailure(e, Cause.BROKEN, upstreamResponse.statusCode(), -1,
        "upstream " + deployment.id() + ": an error event before any content: " + e.getMessage()));
  }

  /** Reads a whole body with a size cap, under the idle and total timers. */
  private void collect(HttpClientResponse resp, int max, java.util.function.Consumer<Buffer> then) {
    Buffer acc = Buffer.buffer();
    resp.handler(chunk -> {
      deadlines.touch();
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
    long header = RetryAfter.millis(resp.getHeader("retry-after-ms"), resp.getHeader("retry-after"));
    ApiException e = protocol.error(status, header, body.getBytes());
    long wait = header >= 0 ? header : e.retryAfterMillis(); // some upstreams say it in the body
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
          deadlines.headersReceived() ? upstreamResponse.statusCode() : 0, -1, "upstream " + deployment.id() + ": " + message));
      return;
    }
    ex.brokenStream(kind, message);
    endResponse(Buffer.buffer(ex.client().errors().event(kind, message)), Outcome.INCOMPLETE);
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
    keepRelayedUsage();
    listener.ended(outcome);
    ex.end(outcome);
  }

  /** Whatever usage the stream reported before it ended early (e.g. Anthropic's input tokens). */
  private void keepRelayedUsage() {
    if (relay != null && !ex.usage().reported()) {
      ex.usage(relay.usage());
    }
  }

  private void stopUpstream() {
    deadlines.stop();
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
    keepRelayedUsage();
    listener.ended(outcome);
    ex.end(outcome);
  }
}
