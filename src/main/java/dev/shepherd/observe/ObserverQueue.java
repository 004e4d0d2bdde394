package dev.shepherd.observe;

import dev.shepherd.pipeline.Drainer;
import dev.shepherd.pipeline.Exchange;
import dev.shepherd.pipeline.ExchangeListener;
import dev.shepherd.routing.Deployment;
import dev.shepherd.store.UsageRecord;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs observers (metrics, the access log, the request log) off the event loop. On the loop an
 * ended attempt, an ended exchange or a settlement costs one small allocation and one lock-free
 * enqueue (no wake-up); one virtual thread runs the queued hooks every {@code periodMillis}, in
 * the order they were queued, so each observer sees an exchange's hooks in their usual order.
 * This takes the observers' work off the event loops; it does not make it cheaper in total
 * ({@code bench/observe-ab.sh}).
 *
 * <p>{@link #onStart} and {@link #onAttemptStart} run inline (they are about timing). An ended
 * exchange is not changed again by the gateway (a completion counted later, off the loop, arrives
 * with its own {@link #onSettled}), so reading it later on another thread is safe: the queue
 * orders the reads after the writes. Nothing is dropped: when the drainer has fallen
 * {@code maxLagMillis} behind, or after {@link #close}, a hook runs inline instead. On the loop
 * there is no shared counter to update: only the queue's own tail. Observers must be thread-safe
 * (each is called from this thread, and inline when the drainer lags or is closed).
 */
public final class ObserverQueue implements ExchangeListener, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ObserverQueue.class);

  private enum Kind { ATTEMPT_END, END, SETTLED, FLUSH }

  private record Hook(Kind kind, Exchange ex, Deployment deployment, int number, String result, long nanos,
      UsageRecord usage, CountDownLatch flushed) {}

  private final ExchangeListener[] observers;
  private final long maxLagNanos;
  private final ConcurrentLinkedQueue<Hook> queue = new ConcurrentLinkedQueue<>();
  private final Drainer drainer;
  /** When the drainer last started a pass: written a few times a second, so readers' caches keep it. */
  private volatile long lastPassNanos = System.nanoTime();

  /**
   * @param maxLagMillis when the drainer has not started a pass for this long (starved of CPU),
   *     hooks run inline instead of queueing behind it: this bounds what waits, and its memory
   */
  public ObserverQueue(List<ExchangeListener> observers, long periodMillis, long maxLagMillis) {
    this.observers = observers.toArray(ExchangeListener[]::new);
    this.maxLagNanos = TimeUnit.MILLISECONDS.toNanos(maxLagMillis);
    this.drainer = new Drainer("observers", periodMillis, this::drain);
  }

  @Override
  public void onStart(Exchange ex) {
    for (ExchangeListener o : observers) {
      o.onStart(ex);
    }
  }

  @Override
  public void onAttemptStart(Exchange ex, Deployment deployment, int number) {
    for (ExchangeListener o : observers) {
      o.onAttemptStart(ex, deployment, number);
    }
  }

  @Override
  public void onAttemptEnd(Exchange ex, Deployment deployment, int number, String result, long nanos) {
    offer(new Hook(Kind.ATTEMPT_END, ex, deployment, number, result, nanos, null, null));
  }

  @Override
  public void onEnd(Exchange ex) {
    offer(new Hook(Kind.END, ex, null, 0, null, 0, null, null));
  }

  @Override
  public void onSettled(Exchange ex, UsageRecord usage) {
    offer(new Hook(Kind.SETTLED, ex, null, 0, null, 0, usage, null));
  }

  private void offer(Hook h) {
    if (drainer.stopping() || System.nanoTime() - lastPassNanos > maxLagNanos) {
      run(h);
      return;
    }
    queue.add(h);
    if (drainer.stopping() && queue.remove(h)) { // closed meanwhile, and the last drain missed it
      run(h);
    }
  }

  /** Blocks until every hook queued before this call has run (tests, {@code /metrics}); at most 30 s. */
  public void flush() {
    CountDownLatch flushed = new CountDownLatch(1);
    Hook marker = new Hook(Kind.FLUSH, null, null, 0, null, 0, null, flushed);
    queue.add(marker);
    if (drainer.stopping() && queue.remove(marker)) {
      return; // closed: everything before it has run
    }
    drainer.wake();
    try {
      flushed.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void drain() {
    lastPassNanos = System.nanoTime();
    Hook h;
    while ((h = queue.poll()) != null) {
      run(h);
    }
  }

  private void run(Hook h) {
    if (h.kind() == Kind.FLUSH) {
      h.flushed().countDown();
      return;
    }
    for (ExchangeListener o : observers) {
      try {
        switch (h.kind()) {
          case ATTEMPT_END -> o.onAttemptEnd(h.ex(), h.deployment(), h.number(), h.result(), h.nanos());
          case END -> o.onEnd(h.ex());
          case SETTLED -> o.onSettled(h.ex(), h.usage());
          default -> throw new IllegalStateException("not an exchange hook: " + h.kind());
        }
      } catch (RuntimeException e) {
        LOG.warn("observer {} failed on {} of {}: {}", o.getClass().getSimpleName(), h.kind(), h.ex().requestId(),
            e.toString());
      }
    }
  }

  /** Stops the thread after running everything queued; later hooks run inline. */
  @Override
  public void close() {
    drainer.stop(10_000);
    drain(); // anything queued between the drainer's last look and its exit
  }
}
