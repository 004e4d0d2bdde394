package dev.shepherd.limits;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One Lettuce connection to Redis that runs Shepherd's Lua scripts. Guarantees: {@link #run}
 * never blocks and its future completes (normally or with an exception) within the timeout;
 * while the connection is down commands fail at once instead of queueing (so nothing stale runs
 * when Redis returns); a lost connection is re-established in the background (Lettuce's
 * reconnect, 10 ms to 1 s apart), and a first connection that failed is retried by the next call
 * at most once a second. Scripts run by EVALSHA; on NOSCRIPT (a new or restarted Redis) by EVAL,
 * which loads them for next time.
 */
final class RedisScripts implements AutoCloseable {
  /** A Lua script and its SHA-1. */
  record Script(String source, String sha) {
    static Script load(String resource) {
      try (InputStream in = RedisScripts.class.getResourceAsStream(resource)) {
        if (in == null) {
          throw new IllegalStateException("missing resource " + resource);
        }
        String source = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        byte[] digest = MessageDigest.getInstance("SHA-1").digest(source.getBytes(StandardCharsets.UTF_8));
        return new Script(source, HexFormat.of().formatHex(digest));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  private static final long CONNECT_RETRY_MS = 1_000;

  private final RedisURI uri;
  private final long timeoutMs;
  private final ClientResources resources;
  private final RedisClient client;
  private final AtomicBoolean connecting = new AtomicBoolean();
  private volatile StatefulRedisConnection<String, String> connection;
  private volatile long lastAttemptNanos;
  private volatile boolean closed;

  RedisScripts(String url, long timeoutMs) {
    this.uri = RedisURI.create(url);
    this.timeoutMs = timeoutMs;
    this.resources = DefaultClientResources.builder()
        .ioThreadPoolSize(2)
        .computationThreadPoolSize(2)
        .reconnectDelay(Delay.exponential(Duration.ofMillis(10), Duration.ofSeconds(1), 2, TimeUnit.MILLISECONDS))
        .build();
    this.client = RedisClient.create(resources, uri);
    client.setOptions(ClientOptions.builder()
        .autoReconnect(true)
        .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
        .socketOptions(SocketOptions.builder().connectTimeout(Duration.ofMillis(Math.max(timeoutMs, 1_000))).build())
        .timeoutOptions(TimeoutOptions.enabled(Duration.ofMillis(timeoutMs)))
        .build());
    this.lastAttemptNanos = System.nanoTime() - TimeUnit.MILLISECONDS.toNanos(2 * CONNECT_RETRY_MS);
    connect();
  }

  /** Waits up to {@code wait} for the first connection; true if connected. */
  boolean awaitConnected(Duration wait) {
    long deadline = System.nanoTime() + wait.toNanos();
    while (!connected() && System.nanoTime() < deadline) {
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return connected();
  }

  boolean connected() {
    StatefulRedisConnection<String, String> c = connection;
    return c != null && c.isOpen();
  }

  /** Runs {@code script}; the future fails on timeout, a Redis error or no connection. */
  CompletableFuture<List<Object>> run(Script script, String[] keys, String[] args) {
    StatefulRedisConnection<String, String> c = connection;
    if (c == null) {
      connect();
      return CompletableFuture.failedFuture(new IllegalStateException("not connected to Redis"));
    }
    CompletableFuture<List<Object>> result;
    try {
      var commands = c.async();
      result = commands.<List<Object>>evalsha(script.sha(), ScriptOutputType.MULTI, keys, args)
          .toCompletableFuture()
          .exceptionallyCompose(e -> noScript(e)
              ? commands.<List<Object>>eval(script.source(), ScriptOutputType.MULTI, keys, args).toCompletableFuture()
              : CompletableFuture.failedFuture(e));
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    return result.orTimeout(timeoutMs, TimeUnit.MILLISECONDS);
  }

  private static boolean noScript(Throwable e) {
    Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
    return cause instanceof RedisNoScriptException
        || (cause.getMessage() != null && cause.getMessage().startsWith("NOSCRIPT"));
  }

  /** Starts a first connection unless one exists, is being made, or was tried within a second. */
  private void connect() {
    long now = System.nanoTime();
    if (closed || connection != null || now - lastAttemptNanos < TimeUnit.MILLISECONDS.toNanos(CONNECT_RETRY_MS)
        || !connecting.compareAndSet(false, true)) {
      return;
    }
    lastAttemptNanos = now;
    try {
      client.connectAsync(StringCodec.UTF8, uri).whenComplete((c, e) -> {
        if (c != null) {
          if (closed) {
            c.closeAsync();
          } else {
            connection = c;
          }
        }
        connecting.set(false);
      });
    } catch (RuntimeException e) {
      connecting.set(false);
    }
  }

  @Override
  public void close() {
    closed = true;
    StatefulRedisConnection<String, String> c = connection;
    if (c != null) {
      c.close();
    }
    client.shutdown(Duration.ZERO, Duration.ofSeconds(1));
    resources.shutdown(0, 1, TimeUnit.SECONDS);
  }
}
