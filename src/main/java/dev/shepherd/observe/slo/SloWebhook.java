package dev.shepherd.observe.slo;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts {@link SloEvent}s to {@code slo.webhook}, one at a time and in order (a breach is never
 * overtaken by its recovery), on one virtual thread: {@link #send} only queues. Each attempt has a
 * timeout; no answer, 408, 429 and 5xx are retried twice after 1 s then 2 s; other answers are
 * final. Logs name the webhook by scheme, host and port only: its path and query may hold a token.
 */
public final class SloWebhook implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SloWebhook.class);
  private final String url;
  private final HttpClient client;
  private final Duration timeout;
  private final int attempts;
  private final long backoffMillis;
  private final ExecutorService sender = Executors.newSingleThreadExecutor(Thread.ofVirtual().name("slo-webhook").factory());
  private final AtomicLong delivered = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();

  /** @param url the webhook; empty: events are only logged */
  public SloWebhook(String url, Duration timeout, int attempts, long backoffMillis) {
    this.url = url;
    this.timeout = timeout;
    this.attempts = Math.max(1, attempts);
    this.backoffMillis = backoffMillis;
    this.client = url.isEmpty() ? null : HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
  }

  /** Queues {@code e} for delivery. Never blocks. */
  public void send(SloEvent e) {
    if (url.isEmpty()) {
      return;
    }
    String body = e.json().toString();
    try {
      sender.execute(() -> deliver(body, e));
    } catch (java.util.concurrent.RejectedExecutionException closed) {
      failed.incrementAndGet();
    }
  }

  /** Events delivered (a 2xx answer). */
  public long delivered() {
    return delivered.get();
  }

  /** Events given up on. */
  public long failed() {
    return failed.get();
  }

  private void deliver(String body, SloEvent e) {
    String failure = dev.shepherd.observe.Webhooks.post(client, url, body, timeout, attempts, backoffMillis);
    if (failure == null) {
      delivered.incrementAndGet();
      return;
    }
    failed.incrementAndGet();
    LOG.warn("SLO webhook {} to {} for {} {} failed: {}", e.type(), origin(url), e.model(), e.metric(), failure);
  }



  /** {@code scheme://host[:port]} of {@code url}: never its user info, path or query. */
  static String origin(String url) {
    return dev.shepherd.observe.Webhooks.origin(url);
  }

  /** Delivers what is queued (waiting up to 5 s), then stops. */
  @Override
  public void close() {
    sender.shutdown();
    try {
      if (!sender.awaitTermination(5, TimeUnit.SECONDS)) {
        sender.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (client != null) {
      client.shutdownNow();
    }
  }
}
