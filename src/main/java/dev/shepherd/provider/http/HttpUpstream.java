package dev.shepherd.provider.http;

import dev.shepherd.config.ProviderConfig;
import dev.shepherd.config.Timeouts;
import dev.shepherd.pipeline.Exchange;
import dev.shepherd.provider.AttemptListener;
import dev.shepherd.provider.ShadowResult;
import dev.shepherd.provider.Upstream;
import dev.shepherd.routing.Deployment;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * An upstream reached over HTTP, speaking the wire protocol its {@link UpstreamProtocol} describes.
 * Holds one pooled HTTP/1.1 keep-alive client per event loop, so a request and the upstream
 * connection that serves it always share a thread (no cross-thread hand-offs on the hot path).
 * Each call is an {@link UpstreamCall}; each shadow copy a {@link ShadowCall}.
 */
public final class HttpUpstream implements Upstream {
  private final String name;
  private final Vertx vertx;
  private final HttpClientOptions options;
  private final PoolOptions pool;
  private final ThreadLocal<HttpClient> clientOfThisLoop = new ThreadLocal<>();
  private final List<HttpClient> clients = new CopyOnWriteArrayList<>();
  private final String host;
  private final int port;
  private final boolean ssl;
  private final String basePath;
  private final Timeouts timeouts;
  private final UpstreamProtocol protocol;

  private HttpUpstream(String name, Vertx vertx, HttpClientOptions options, PoolOptions pool, URI base,
      Timeouts timeouts, UpstreamProtocol protocol) {
    this.name = name;
    this.vertx = vertx;
    this.options = options;
    this.pool = pool;
    this.ssl = "https".equalsIgnoreCase(base.getScheme());
    this.host = base.getHost();
    this.port = base.getPort() > 0 ? base.getPort() : ssl ? 443 : 80;
    String path = base.getRawPath() == null ? "" : base.getRawPath();
    this.basePath = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    this.timeouts = timeouts;
    this.protocol = protocol;
  }

  /** A client for provider {@code p} at {@code baseUrl} (its own, or a simulator's), speaking {@code protocol}. */
  public static HttpUpstream create(Vertx vertx, ProviderConfig p, String baseUrl, UpstreamProtocol protocol) {
    Timeouts t = p.timeouts();
    HttpClientOptions options = new HttpClientOptions()
        .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, t.connectMs()))
        .setKeepAlive(true)
        .setTcpNoDelay(true)
        .setDecompressionSupported(false)
        .setTrustAll(false)
        .setVerifyHost(true);
    PoolOptions pool = new PoolOptions().setHttp1MaxSize(512).setMaxWaitQueueSize(-1);
    return new HttpUpstream(p.name(), vertx, options, pool, URI.create(baseUrl), t, protocol);
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

  UpstreamProtocol protocol() {
    return protocol;
  }

  RequestOptions requestOptions(String path, String requestId) {
    RequestOptions o = new RequestOptions()
        .setMethod(HttpMethod.POST)
        .setHost(host)
        .setPort(port)
        .setSsl(ssl)
        .setURI(basePath + path)
        .putHeader("content-type", "application/json")
        .putHeader("accept", "application/json, text/event-stream")
        .putHeader("x-request-id", requestId);
    protocol.headers(o);
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
