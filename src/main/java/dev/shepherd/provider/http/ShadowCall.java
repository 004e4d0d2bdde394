package dev.shepherd.provider.http;

import dev.shepherd.inbound.ClientProtocol;
import dev.shepherd.pipeline.Blocking;
import dev.shepherd.pipeline.Exchange;
import dev.shepherd.pipeline.Usage;
import dev.shepherd.provider.ShadowResult;
import dev.shepherd.routing.Deployment;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import java.util.function.Consumer;

/**
 * A copy of a client's request sent to a shadow deployment, in its upstream's protocol. The answer is read to its end (for
 * status, latency and usage) and dropped; nothing here touches the client's response. Bounded by
 * the provider's first-byte and total timeouts; a non-streamed body beyond 4 MiB is not kept (its usage is then
 * unknown). Runs on the exchange's event loop.
 */
final class ShadowCall {
  private static final int MAX_KEPT = 4 * 1024 * 1024;
  private final HttpUpstream upstream;
  private final Exchange ex;
  private final Deployment deployment;
  private final Consumer<ShadowResult> done;
  private final Vertx vertx;
  private long start;
  private long timer = -1;
  private HttpClientRequest request;
  private boolean finished;

  ShadowCall(HttpUpstream upstream, Exchange ex, Deployment deployment, Consumer<ShadowResult> done) {
    this.upstream = upstream;
    this.ex = ex;
    this.deployment = deployment;
    this.done = done;
    this.vertx = upstream.vertx();
  }

  void start() {
    start = System.nanoTime();
    UpstreamProtocol protocol = upstream.protocol();
    if (protocol.translates() && ex.body().length > UpstreamCall.OFF_LOOP_BYTES) {
      Blocking.call(vertx.getOrCreateContext(), () -> protocol.body(ex, deployment))
          .onSuccess(this::send)
          .onFailure(e -> finish(0, Usage.NONE, "not_sendable"));
      return;
    }
    Buffer body;
    try {
      body = protocol.body(ex, deployment);
    } catch (RuntimeException e) {
      finish(0, Usage.NONE, "not_sendable");
      return;
    }
    send(body);
  }

  private void send(Buffer body) {
    long firstByte = Math.min(upstream.timeouts().firstByteMs(), upstream.timeouts().totalMs());
    timer = vertx.setTimer(firstByte, id -> {
      timer = -1;
      finish(0, Usage.NONE, "timeout");
    });
    upstream.client().request(upstream.requestOptions(upstream.protocol().path(ex, deployment), ex.requestId() + "-shadow"))
        .onFailure(e -> finish(0, Usage.NONE, "connect_error"))
        .onSuccess(req -> {
          if (finished) {
            req.reset();
            return;
          }
          request = req;
          req.send(body)
              .onFailure(e -> finish(0, Usage.NONE, "broken"))
              .onSuccess(this::read);
        });
  }

  private void read(HttpClientResponse resp) {
    if (finished) {
      return;
    }
    vertx.cancelTimer(timer);
    long left = Math.max(1, upstream.timeouts().totalMs() - (System.nanoTime() - start) / 1_000_000);
    timer = vertx.setTimer(left, id -> {
      timer = -1;
      finish(resp.statusCode(), Usage.NONE, "timeout");
    });
    int status = resp.statusCode();
    String type = resp.getHeader("content-type");
    resp.exceptionHandler(e -> finish(status, Usage.NONE, "broken"));
    if (status == 200 && type != null && type.startsWith("text/event-stream")) {
      StreamRelay sse = upstream.protocol().stream(ex, deployment, ClientProtocol.OPENAI);
      resp.handler(sse::accept);
      resp.endHandler(v -> {
        sse.finish();
        finish(status, sse.usage(), sse.done() ? null : "incomplete");
      });
      return;
    }
    Buffer acc = Buffer.buffer();
    resp.handler(chunk -> {
      if (acc.length() + chunk.length() <= MAX_KEPT) {
        acc.appendBuffer(chunk);
      }
    });
    resp.endHandler(v -> {
      byte[] b = acc.getBytes();
      Usage usage = status == 200 ? upstream.protocol().usage(b) : Usage.NONE;
      finish(status, usage, null);
    });
  }

  private void finish(int status, Usage usage, String error) {
    if (finished) {
      return;
    }
    finished = true;
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
    if (error != null && request != null) {
      request.reset();
    }
    done.accept(new ShadowResult(status, (System.nanoTime() - start) / 1_000_000, usage, error));
  }
}
