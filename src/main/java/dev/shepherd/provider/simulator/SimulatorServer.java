package dev.shepherd.provider.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shepherd.config.SimulatorSettings;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;

/**
 * A simulated OpenAI-compatible upstream: an HTTP server on 127.0.0.1 (OS-chosen port) serving
 * {@code POST /v1/chat/completions}, {@code POST /v1/completions}, {@code POST /v1/embeddings} and
 * {@code GET /v1/models[/{id}]} in the OpenAI wire format, with deterministic simulated content,
 * token counts and embeddings, configurable pacing and injected faults.
 *
 * <p>Guarantees: any model name is accepted and echoed back; the event loop never blocks (delays
 * are Vert.x timers); streams respect backpressure and stop when the client leaves; every error
 * body is {@code {"error":{"message","type","param","code"}}}; everything the simulator invents is
 * labelled as simulated ({@code system_fingerprint: fp_shepherd_sim}, ids {@code chatcmpl-sim...}).
 *
 * <p>Per-request test controls: header {@code x-sim-fault: none|error|rate_limit|stall|drop} forces a
 * fault, header {@code x-sim-ttft-ms: N} overrides the time to first token. Behaviour can be
 * replaced live with {@link #settings(SimulatorSettings)}; each request uses the settings current
 * when its body arrived. Injected errors, 429s, stalls and non-stream drops happen at once, without
 * waiting for the time to first token. Streams send their headers at once when the time to first
 * token is positive (as vLLM and OpenAI do), with the first chunk otherwise.
 *
 * <p>No authentication: any or no {@code Authorization} header is accepted. All connections are
 * served on one event loop (the one that started the server).
 */
public final class SimulatorServer implements AutoCloseable {

  /** Models listed by {@code GET /v1/models}; requests may name any model. */
  public static final List<String> MODELS = List.of("sim-chat", "sim-embedding");

  static final String TTFT_HEADER = "x-sim-ttft-ms";
  private static final CharSequence JSON = HttpHeaders.createOptimized("application/json");
  private static final CharSequence SSE = HttpHeaders.createOptimized("text/event-stream; charset=utf-8");
  private static final CharSequence NO_CACHE = HttpHeaders.createOptimized("no-cache");

  private final Vertx vertx;
  private final HttpServer server;
  private final SimulatorStats stats = new SimulatorStats();
  private final long created = System.currentTimeMillis() / 1000;
  private volatile SimulatorSettings settings;
  /** Used only on the server's event loop. */
  private volatile RandomGenerator random = new SplittableRandom();

  private SimulatorServer(Vertx vertx, SimulatorSettings settings) {
    this.vertx = vertx;
    this.settings = settings;
    this.server = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0).setTcpNoDelay(true));
    server.requestHandler(this::handle);
  }

  /** Starts on 127.0.0.1 with an OS-chosen port. */
  public static Future<SimulatorServer> start(Vertx vertx, SimulatorSettings settings) {
    Objects.requireNonNull(vertx, "vertx");
    Objects.requireNonNull(settings, "settings");
    SimulatorServer sim = new SimulatorServer(vertx, settings);
    return sim.server.listen().map(s -> sim);
  }

  public int port() {
    return server.actualPort();
  }

  /** {@code http://127.0.0.1:<port>/v1}. */
  public String baseUrl() {
    return "http://127.0.0.1:" + port() + "/v1";
  }

  public SimulatorSettings settings() {
    return settings;
  }

  /** Replaces the behaviour for requests that arrive from now on. */
  public void settings(SimulatorSettings s) {
    this.settings = Objects.requireNonNull(s, "settings");
  }

  public SimulatorStats stats() {
    return stats;
  }

  /** Replaces the generator that draws faults (seed it for reproducible tests). */
  void random(RandomGenerator r) {
    this.random = Objects.requireNonNull(r, "random");
  }

  /** Stops listening and closes open connections; completes when done. */
  public Future<Void> closeAsync() {
    return server.close();
  }

  /** Starts {@link #closeAsync()} without waiting (safe to call on an event loop). */
  @Override
  public void close() {
    closeAsync();
  }

  private void handle(HttpServerRequest req) {
    stats.requests.increment();
    String path = req.path();
    Route route = switch (path) {
      case "/v1/chat/completions" -> Route.CHAT;
      case "/v1/completions" -> Route.COMPLETIONS;
      case "/v1/embeddings" -> Route.EMBEDDINGS;
      case "/v1/models" -> Route.MODELS;
      default -> path.startsWith("/v1/models/") && path.length() > "/v1/models/".length() ? Route.MODEL : null;
    };
    if (route == null) {
      stats.completed.increment();
      send(req.response(), 404, Bodies.error("Invalid URL (" + req.method() + " " + path + ") (simulated).",
          "invalid_request_error", null, "unknown_url"));
    } else if (req.method() != route.method) {
      stats.completed.increment();
      send(req.response(), 405, Bodies.error("Invalid method for URL (" + req.method() + " " + path + ") (simulated).",
          "invalid_request_error", null, "method_not_supported"));
    } else if (route == Route.MODELS || route == Route.MODEL) {
      stats.completed.increment();
      List<String> ids = route == Route.MODELS ? MODELS : List.of(path.substring("/v1/models/".length()));
      send(req.response(), 200, Bodies.models(ids, created, route == Route.MODEL));
    } else {
      req.body().onSuccess(body -> onBody(req, route, body));
    }
  }

  private void onBody(HttpServerRequest req, Route route, Buffer body) {
    SimulatorSettings s = settings;
    HttpServerResponse response = req.response();
    Object work;
    long ttft;
    Fault fault;
    try {
      ttft = ttft(req.getHeader(TTFT_HEADER), s);
      Fault forced = Fault.forced(req.getHeader(Fault.HEADER));
      JsonNode root = Requests.parse(body);
      work = switch (route) {
        case CHAT -> Requests.chat(root, s);
        case COMPLETIONS -> Requests.completion(root, s);
        default -> Embeddings.parse(root, s);
      };
      fault = forced != null ? forced : Fault.draw(s, random);
    } catch (BadRequest e) {
      stats.badRequests.increment();
      send(response, 400, Bodies.error(e.getMessage(), "invalid_request_error", e.param(), e.code()));
      return;
    }
    boolean stream = work instanceof Generation g && g.stream();
    if (stream) {
      stats.streams.increment();
    }
    switch (fault) {
      case ERROR -> {
        stats.errorsInjected.increment();
        int status = Faults.errorStatus(s.errorStatus());
        send(response, status, Faults.errorBody(status));
      }
      case RATE_LIMIT -> {
        stats.rateLimited.increment();
        Faults.rateLimitHeaders(response, s.retryAfterSeconds());
        send(response, 429, Faults.rateLimitBody(s.retryAfterSeconds()));
      }
      case STALL -> {
        new Exchange(vertx, response, stats); // only to count the client's eventual close as cancelled
        stats.stalled.increment();
        response.setStatusCode(200).putHeader(HttpHeaders.CONTENT_TYPE, stream ? SSE : JSON).setChunked(true).writeHead();
      }
      case DROP -> {
        if (stream) {
          serve(response, work, ttft, true, s);
        } else {
          new Exchange(vertx, response, stats).drop();
        }
      }
      case NONE -> serve(response, work, ttft, false, s);
    }
  }

  private void serve(HttpServerResponse response, Object work, long ttft, boolean drop, SimulatorSettings s) {
    Exchange exchange = new Exchange(vertx, response, stats);
    if (work instanceof Embeddings.Request r) {
      exchange.after(ttft, () -> {
        stats.completed.increment();
        exchange.end(200, JSON, Embeddings.body(r));
      });
      return;
    }
    Generation g = (Generation) work;
    String id = (g.chat() ? "chatcmpl-sim" : "cmpl-sim") + newId();
    String toolCallId = g.toolName() != null ? "call_sim" + newId() : null;
    long now = System.currentTimeMillis() / 1000;
    if (!g.stream()) {
      exchange.after(ttft, () -> {
        stats.completed.increment();
        stats.completionTokens.add(g.completionTokens());
        exchange.end(200, JSON, Bodies.completion(g, id, now, toolCallId));
      });
      return;
    }
    response.setStatusCode(200).setChunked(true)
        .putHeader(HttpHeaders.CONTENT_TYPE, SSE)
        .putHeader(HttpHeaders.CACHE_CONTROL, NO_CACHE);
    if (ttft > 0) {
      response.writeHead();
    }
    StreamEmitter emitter = new StreamEmitter(exchange, new SseChunks(g, id, now, toolCallId), s.tokensPerSecond(), drop, stats);
    exchange.after(ttft, emitter::start);
  }

  private static void send(HttpServerResponse response, int status, Buffer body) {
    response.setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, JSON).end(body);
  }

  private static long ttft(String header, SimulatorSettings s) throws BadRequest {
    if (header == null) {
      return Math.max(0, s.ttftMs());
    }
    try {
      long ms = Long.parseLong(header.trim());
      if (ms >= 0) {
        return ms;
      }
    } catch (NumberFormatException e) {
      // fall through
    }
    throw new BadRequest(TTFT_HEADER + ": " + header + " (expected: a non-negative integer of milliseconds)",
        null, "invalid_value");
  }

  private static String newId() {
    return HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
  }

  private enum Route {
    CHAT(HttpMethod.POST), COMPLETIONS(HttpMethod.POST), EMBEDDINGS(HttpMethod.POST),
    MODELS(HttpMethod.GET), MODEL(HttpMethod.GET);

    final HttpMethod method;

    Route(HttpMethod method) {
      this.method = method;
    }
  }
}
