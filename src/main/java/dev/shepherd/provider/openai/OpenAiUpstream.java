package dev.shepherd.provider.openai;

import dev.shepherd.config.ProviderConfig;
import dev.shepherd.config.Timeouts;
import dev.shepherd.pipeline.Exchange;
import dev.shepherd.provider.AttemptListener;
import dev.shepherd.provider.ShadowResult;
import dev.shepherd.provider.Upstream;
import dev.shepherd.routing.Deployment;
import java.util.function.Consumer;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.net.URI;

/**
 * Any OpenAI-compatible server (vLLM, SGLang, Ollama, llama.cpp, DeepSeek, OpenAI, the
 * simulator): requests are forwarded as the client's bytes with {@code model} rewritten.
 * Holds one pooled HTTP/1.1 keep-alive client per event loop, so a request and the upstream
 * connection that serves it always share a thread (no cross-thread hand-offs on the hot path).
 */
public final class OpenAiUpstream implements Upstream {
  private final String name;
  private final Vertx vertx;
  private final HttpClientOptions options;
  private final PoolOptions pool;
  private final ThreadLocal<HttpClient> clientOfThisLoop = new ThreadLocal<>();
  private final java.util.List<HttpClient> clients = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final String host;
  private final int port;
  private final boolean ssl;
  private final String basePath;
  private final String authorization;
  private final Timeouts timeouts;

  private OpenAiUpstream(String name, Vertx vertx, HttpClientOptions options, PoolOptions pool, URI base,
      String apiKey, Timeouts timeouts) {
    this.name = name;
    this.vertx = vertx;
    this.options = options;
    this.pool = pool;
    this.ssl = "https".equalsIgnoreCase(base.getScheme());
    this.host = base.getHost();
    this.port = base.getPort() > 0 ? base.getPort() : ssl ? 443 : 80;
    String path = base.getRawPath() == null ? "" : base.getRawPath();
    this.basePath = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    this.authorization = apiKey == null || apiKey.isEmpty() ? null : "Bearer " + apiKey;
    this.timeouts = timeouts;
  }

  /** A client for provider {@code p} at {@code baseUrl} (its own, or a simulator's). */
  public static OpenAiUpstream create(Vertx vertx, ProviderConfig p, String baseUrl) {
    Timeouts t = p.timeouts();
    HttpClientOptions options = new HttpClientOptions()
        .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, t.connectMs()))
        .setKeepAlive(true)
        .setTcpNoDelay(true)
        .setDecompressionSupported(false)
        .setTrustAll(false)
        .setVerifyHost(true);
    PoolOptions pool = new PoolOptions().setHttp1MaxSize(512).setMaxWaitQueueSize(-1);
    return new OpenAiUpstream(p.name(), vertx, options, pool, URI.create(baseUrl), p.apiKey(), t);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public void call(Exchange exchange, Deployment deployment, AttemptListener listener) {
    new UpstreamCall(this, exchange, deployment, listener).start();
  }

  @Override
  public void shadow(Exchange exchange, Deployment deployment, Consumer<ShadowResult> done) {
    new ShadowCall(this, exchange, deployment, done).start();
  }

  RequestOptions requestOptions(String endpointPath, String requestId) {
    RequestOptions o = new RequestOptions()
        .setMethod(HttpMethod.POST)
        .setHost(host)
        .setPort(port)
        .setSsl(ssl)
        .setURI(basePath + endpointPath)
        .putHeader("content-type", "application/json")
        .putHeader("accept", "application/json, text/event-stream")
        .putHeader("x-request-id", requestId);
    if (authorization != null) {
      o.putHeader("authorization", authorization);
    }
    return o;
  }

  Vertx vertx() {
    return vertx;
  }

  /** The calling event loop's client, created on first use. */
  HttpClient client() {
    HttpClient c = clientOfThisLoop.get();
    if (c == null) {
      c = vertx.createHttpClient(options, pool);
      clientOfThisLoop.set(c);
      clients.add(c);
    }
    return c;
  }

  Timeouts timeouts() {
    return timeouts;
  }

  @Override
  public void close() {
    clients.forEach(HttpClient::close);
  }
}
