package dev.shepherd.billing;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shepherd.config.BillingConfig;
import dev.shepherd.store.BalanceDrop;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Low-balance alerts ({@code billing.low_balance}). Told of every balance a store transaction
 * lowered ({@link BalanceDrop}: settled charges, promo expiry), it alerts once per crossing: a drop
 * from at or above the threshold to below it. Being below re-arms nothing; a top-up that brings
 * the balance back to the threshold or above makes the next fall a new crossing. Balance here is
 * paid + promo credit, without the holds of requests in flight (they come and go with every request).
 *
 * <p>Each alert is a {@code POST} of {@code {"type":"balance.low","account_id","balance",
 * "threshold","at"}} (amounts as decimal USD strings, {@code at} an ISO-8601 instant) to the
 * webhook, sent on a virtual thread: {@link #accept} never blocks or does I/O. Each attempt has a
 * timeout; a failure (no answer, 408, 429, 5xx) is retried twice with a growing pause, other
 * answers are final. Failures are logged with the webhook's scheme and host only: its path and
 * query may carry a token.
 */
public final class LowBalance implements Consumer<List<BalanceDrop>>, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LowBalance.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_IN_FLIGHT = 16;
  private final Supplier<BillingConfig> config;
  private final InstantSource clock;
  private final HttpClient client;
  private final Duration timeout;
  private final int attempts;
  private final long backoffMillis;
  private final Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);
  private final AtomicLong delivered = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private volatile boolean closed;

  /** Alerts with a 10 s timeout per attempt, 3 attempts, pauses of 1 s then 2 s. */
  public LowBalance(Supplier<BillingConfig> config, InstantSource clock) {
    this(config, clock, Duration.ofSeconds(10), 3, 1_000);
  }

  /**
   * @param timeout per attempt (connect and answer)
   * @param attempts tries per alert, at least 1
   * @param backoffMillis pause before the second attempt, doubled before each later one
   */
  public LowBalance(Supplier<BillingConfig> config, InstantSource clock, Duration timeout, int attempts,
      long backoffMillis) {
    if (attempts < 1) {
      throw new IllegalArgumentException("attempts: " + attempts + " (expected: >= 1)");
    }
    this.config = config;
    this.clock = clock;
    this.timeout = timeout;
    this.attempts = attempts;
    this.backoffMillis = backoffMillis;
    this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout)
        .followRedirects(HttpClient.Redirect.NEVER).build();
  }

  /** Checks each drop against the threshold and sends an alert for each crossing. Never blocks. */
  @Override
  public void accept(List<BalanceDrop> drops) {
    BillingConfig c = config.get();
    long threshold = c.lowBalanceMicros();
    if (threshold <= 0 || closed) {
      return;
    }
    for (BalanceDrop d : drops) {
      if (d.crosses(threshold)) {
        alert(c.lowBalanceWebhook(), d, threshold);
      }
    }
  }

  /** Alerts delivered (a 2xx answer). */
  public long delivered() {
    return delivered.get();
  }

  /** Alerts given up on. */
  public long failed() {
    return failed.get();
  }

  private void alert(String webhook, BalanceDrop d, long threshold) {
    String at = clock.instant().toString();
    LOG.info("account {} balance ${} fell below the low-balance threshold ${}", d.accountId(),
        Micros.format(d.afterMicros()), Micros.format(threshold));
    if (webhook == null || webhook.isEmpty()) {
      return;
    }
    String body = JSON.createObjectNode().put("type", "balance.low").put("account_id", d.accountId())
        .put("balance", Micros.format(d.afterMicros())).put("threshold", Micros.format(threshold)).put("at", at)
        .toString();
    if (!inFlight.tryAcquire()) {
      failed.incrementAndGet();
      LOG.warn("low-balance alert for account {} dropped: {} alerts already in flight to {}", d.accountId(),
          MAX_IN_FLIGHT, origin(webhook));
      return;
    }
    Thread.ofVirtual().name("low-balance-webhook").start(() -> {
      try {
        deliver(webhook, body, d.accountId());
      } finally {
        inFlight.release();
      }
    });
  }

  private void deliver(String webhook, String body, String accountId) {
    String failure = dev.shepherd.observe.Webhooks.post(client, webhook, body, timeout, attempts, backoffMillis);
    if (failure == null) {
      delivered.incrementAndGet();
      return;
    }
    failed.incrementAndGet();
    LOG.warn("low-balance webhook to {} for account {} failed: {}", origin(webhook), accountId, failure);
  }



  /** {@code scheme://host[:port]} of {@code url}: never its user info, path or query. */
  static String origin(String url) {
    return dev.shepherd.observe.Webhooks.origin(url);
  }

  /** Stops alerting and waits up to 5 s for alerts in flight. */
  @Override
  public void close() {
    closed = true;
    try {
      if (inFlight.tryAcquire(MAX_IN_FLIGHT, 5, TimeUnit.SECONDS)) {
        inFlight.release(MAX_IN_FLIGHT);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    client.shutdownNow();
  }
}
