package dev.shepherd.testing;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A programmable OpenAI-compatible upstream for tests (like OkHttp's MockWebServer): each test
 * sets {@link #respond}; every request's headers and body are recorded, and connections the
 * gateway closes mid-response are counted.
 */
public final class FakeUpstream implements AutoCloseable {
  /** A request as received ({@code uri} with its query; {@code headers} lower-cased names). */
  public record Received(String path, String authorization, String body, String uri, java.util.Map<String, String> headers) {

    /** A header's value, or {@code null}. */
    public String header(String name) {
      return headers.get(name.toLowerCase(java.util.Locale.ROOT));
    }
  }

  private final Vertx vertx;
  private final HttpServer server;
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final AtomicInteger closedEarly = new AtomicInteger();
  private volatile Handler<HttpServerRequest> responder = req -> req.response().setStatusCode(500).end();

  public FakeUpstream() throws Exception {
    vertx = Vertx.vertx();
    server = vertx.createHttpServer().requestHandler(this::handle).listen(0, "127.0.0.1")
        .await(10, TimeUnit.SECONDS);
  }

  private void handle(HttpServerRequest req) {
    // On the connection, so tests may still set their own response close handlers.
    req.connection().closeHandler(v -> {
      if (!req.response().ended()) {
        closedEarly.incrementAndGet();
      }
    });
    req.body().onSuccess(b -> {
      java.util.Map<String, String> headers = new java.util.HashMap<>();
      req.headers().forEach(h -> headers.put(h.getKey().toLowerCase(java.util.Locale.ROOT), h.getValue()));
      received.add(new Received(req.path(), req.getHeader("authorization"), b.toString(), req.uri(), Map.copyOf(headers)));
      responder.handle(req);
    });
  }

  /** Sets how the next requests are answered (the body is already read). */
  public FakeUpstream respond(Handler<HttpServerRequest> responder) {
    this.responder = responder;
    return this;
  }

  /** Answers with {@code status} and a JSON body. */
  public FakeUpstream json(int status, String body) {
    return respond(req -> req.response().setStatusCode(status).putHeader("content-type", "application/json").end(body));
  }

  /** Answers with an SSE stream of {@code events} (each a full {@code data: ...} line without the blank line). */
  public FakeUpstream sse(List<String> events, String separator) {
    return respond(req -> {
      var r = req.response().setChunked(true).putHeader("content-type", "text/event-stream");
      for (String e : events) {
        r.write(Buffer.buffer(e + separator));
      }
      r.end();
    });
  }

  /** Answers with an endless stream: one content chunk every {@code intervalMs} until the gateway hangs up. */
  public FakeUpstream trickle(long intervalMs) {
    return respond(req -> {
      var resp = req.response().setChunked(true).putHeader("content-type", "text/event-stream");
      vertx.setPeriodic(intervalMs, id -> {
        if (resp.closed()) {
          vertx.cancelTimer(id);
        } else {
          resp.write("data: " + Chunks.chunk("m", "x", null) + "\n\n");
        }
      });
    });
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + server.actualPort() + "/v1";
  }

  public List<Received> received() {
    return received;
  }

  public Received last() {
    return received.getLast();
  }

  /** Responses the gateway abandoned (closed the connection before the end). */
  public int closedEarly() {
    return closedEarly.get();
  }

  public Vertx vertx() {
    return vertx;
  }

  @Override
  public void close() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }
}
