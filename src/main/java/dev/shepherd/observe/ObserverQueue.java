package dev.shepherd.observe;

import dev.shepherd.pipeline.Drainer;
import dev.shepherd.pipeline.Exchange;
import dev.shepherd.pipeline.ExchangeListener;
import dev.shepherd.routing.Deployment;
import dev.shepherd.store.UsageRecord;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs observers (metrics, the access log, the request log) off the event loop. On the loop an
 * ended attempt, an ended exchange or a settlement costs one small allocation and one atomic
 * swap (no lock, no wake-up); one virtual thread runs the queued hooks every {@code periodMillis}, in
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

  /** A queued call, and the queue's own link: one allocation per hook. */
  private static final class Hook {
    final Kind kind;
    final Exchange ex;
    final Deployment deployment;
    final int number;
    final String result;
    final long nanos;
    final UsageRecord usage;
    final CountDownLatch flushed;
    volatile Hook next;

    Hook(Kind kind, Exchange ex, Deployment deployment, int number, String result, long nanos, UsageRecord usage,
        CountDownLatch flushed) {
      this.kind = kind;
      this.ex = ex;
      this.deployment = deployment;
      this.number = number;
      this.result = result;
      this.nanos = nanos;
      this.usage = usage;
      this.flushed = flushed;
    }
  }

  private static final VarHandle TAIL;

  static {
    try {
      TAIL = MethodHandles.lookup().findVarHandle(ObserverQueue.class, "tail", Hook.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final ExchangeListener[] observers;
  private final long maxLagNanos;
  /**
   * A linked queue with many producers and one consumer: a producer swaps itself in as the tail
   * and then links the previous tail to it; the consumer follows the links from {@code head},
   * a node already run (at first an empty one). A producer between its swap and its link hides
   * the hooks after it until the next pass; nothing is lost.
   */
  @SuppressWarnings("unused") // through TAIL
  private volatile Hook tail;
  private Hook head; // the consumer's, under drain()'s lock
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
    this.head = new Hook(Kind.FLUSH, null, null, 0, null, 0, null, null);
    this.tail = head;
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
    enqueue(h);
  }

  private void enqueue(Hook h) {
    Hook previous = (Hook) TAIL.getAndSet(this, h);
    previous.next = h;
    if (drainer.stopping()) { // closed meanwhile: the last drain may have missed it
      drain();
    }
  }

  /** Blocks until every hook queued before this call has run (tests, {@code /metrics}); at most 30 s. */
  public void flush() {
    CountDownLatch flushed = new CountDownLatch(1);
    enqueue(new Hook(Kind.FLUSH, null, null, 0, null, 0, null, flushed));
    drainer.wake();
    try {
      flushed.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Runs every hook linked so far, in order; one consumer at a time. */
  private synchronized void drain() {
    lastPassNanos = System.nanoTime();
    Hook h;
    while ((h = head.next) != null) {
      head.next = null; // a run node that reached the old generation must not keep its successors alive
      head = h;
      run(h);
    }
  }

  private void run(Hook h) {
    if (h.kind == Kind.FLUSH) {
      h.flushed.countDown();
      return;
    }
    for (ExchangeListener o : observers) {
      try {
        switch (h.kind) {
          case ATTEMPT_END -> o.onAttemptEnd(h.ex, h.deployment, h.number, h.result, h.nanos);
          case END -> o.onEnd(h.ex);
          case SETTLED -> o.onSettled(h.ex, h.usage);
          default -> throw new IllegalStateException("not an exchange hook: " + h.kind);
        }
      } catch (RuntimeException e) {
        LOG.warn("observer {} failed on {} of {}: {}", o.getClass().getSimpleName(), h.kind, h.ex.requestId(),
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
