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
 * Runs {@link Observer}s (metrics, the access log, the request log) off the event loop. On the
 * loop, an ended exchange is copied into an {@link Ended} (while its fields are in that core's
 * cache) and queued; an ended attempt is queued as it comes; a settlement joins its end's hook
 * when the drainer has not taken it yet, and is queued on its own otherwise. Each queued hook
 * costs one small allocation and one atomic swap (no lock, no wake-up); one virtual thread runs
 * the hooks every {@code periodMillis}, in the order they were queued, so each observer hears an
 * exchange's hooks in their usual order. The queue holds the copies, never an exchange, so an
 * exchange's bodies and buffers are garbage as soon as the gateway is done with it.
 *
 * <p>Nothing is dropped: when the drainer has fallen {@code maxLagMillis} behind, a hook runs
 * inline instead (ahead of those queued); once {@link #close} has begun, the calling thread drains
 * the queue itself (its hooks still run in the order it queued them). On the loop there is no
 * shared counter to update: only the queue's own tail. Observers must be thread-safe (each is
 * called from this thread, and inline when the drainer lags or is closed).
 */
public final class ObserverQueue implements ExchangeListener, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ObserverQueue.class);

  private enum Kind { ATTEMPT_END, END, SETTLED, FLUSH }

  /** A queued call, and the queue's own link: one allocation per hook. */
  private static final class Hook {
    final Kind kind;
    final Ended ended;
    final Deployment deployment;
    final String result;
    final long nanos;
    /** A settlement's charge; on an END hook, one that joined it ({@link ObserverQueue#onSettled}). */
    UsageRecord usage;
    final CountDownLatch flushed;
    volatile Hook next;
    /** END hooks: {@link #QUEUED}, then {@link #SETTLED_TOO} or {@link #TAKEN}. */
    volatile int state;

    Hook(Kind kind, Ended ended, Deployment deployment, String result, long nanos, UsageRecord usage,
        CountDownLatch flushed) {
      this.kind = kind;
      this.ended = ended;
      this.deployment = deployment;
      this.result = result;
      this.nanos = nanos;
      this.usage = usage;
      this.flushed = flushed;
    }
  }

  private static final int QUEUED = 0;
  private static final int SETTLED_TOO = 1;
  private static final int TAKEN = 2;
  private static final VarHandle STATE;
  private static final VarHandle TAIL;

  static {
    try {
      TAIL = MethodHandles.lookup().findVarHandle(ObserverQueue.class, "tail", Hook.class);
      STATE = MethodHandles.lookup().findVarHandle(Hook.class, "state", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final Observer[] observers;
  private final boolean payloads;
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
   * @param payloads whether the observers read bodies ({@link Ended#clientBody}, …: request-log
   *     capture); otherwise the copies leave them out
   * @param maxLagMillis when the drainer has not started a pass for this long (starved of CPU),
   *     hooks run inline instead of queueing behind it: this bounds what waits, and its memory
   */
  public ObserverQueue(List<? extends Observer> observers, boolean payloads, long periodMillis, long maxLagMillis) {
    this.observers = observers.toArray(Observer[]::new);
    this.payloads = payloads;
    this.maxLagNanos = TimeUnit.MILLISECONDS.toNanos(maxLagMillis);
    this.head = new Hook(Kind.FLUSH, null, null, null, 0, null, null);
    this.tail = head;
    this.drainer = new Drainer("observers", periodMillis, this::drain);
  }

  @Override
  public void onAttemptEnd(Exchange ex, Deployment deployment, int number, String result, long nanos) {
    offer(new Hook(Kind.ATTEMPT_END, null, deployment, result, nanos, null, null));
  }

  /**
   * Copies the exchange ({@link Ended#of}) here, on its event loop, and queues the copy. The hook
   * is kept on the exchange ({@link Exchange#observed}) for its settlement.
   */
  @Override
  public void onEnd(Exchange ex) {
    Hook h = new Hook(Kind.END, Ended.of(ex, payloads), null, null, 0, null, null);
    ex.observed(h);
    offer(h);
  }

  /**
   * A settlement usually comes right after the end, on the same loop, before the drainer took the
   * end's hook: it then joins that hook (no second node, no second pass over the copy), and the
   * observers hear it right after the end. Otherwise it is queued on its own.
   */
  @Override
  public void onSettled(Exchange ex, UsageRecord usage) {
    if (ex.observed() instanceof Hook end) {
      end.usage = usage; // published by the CAS below; read only after it succeeded
      if (STATE.compareAndSet(end, QUEUED, SETTLED_TOO)) {
        return;
      }
      offer(new Hook(Kind.SETTLED, end.ended, null, null, 0, usage, null));
      return;
    }
    offer(new Hook(Kind.SETTLED, Ended.of(ex, payloads), null, null, 0, usage, null));
  }

  private void offer(Hook h) {
    if (!drainer.stopping() && System.nanoTime() - lastPassNanos > maxLagNanos) {
      run(h); // a starved drainer: run it now rather than wait behind it
      return;
    }
    enqueue(h); // once closed, this drains at once: in order after what this thread queued before
  }

  private void enqueue(Hook h) {
    Hook previous = (Hook) TAIL.getAndSet(this, h);
    previous.next = h;
    if (drainer.stopping()) { // closing or closed: the last drain may have missed it
      drain();
    }
  }

  /** Blocks until every hook queued before this call has run (tests, {@code /metrics}); at most 30 s. */
  public void flush() {
    CountDownLatch flushed = new CountDownLatch(1);
    enqueue(new Hook(Kind.FLUSH, null, null, null, 0, null, flushed));
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
    boolean settledToo = h.kind == Kind.END && (int) STATE.getAndSet(h, TAKEN) == SETTLED_TOO;
    dispatch(h.kind, h);
    if (settledToo) {
      dispatch(Kind.SETTLED, h);
    }
  }

  private void dispatch(Kind kind, Hook h) {
    for (Observer o : observers) {
      try {
        switch (kind) {
          case ATTEMPT_END -> o.onAttemptEnd(h.deployment, h.result, h.nanos);
          case END -> o.onEnd(h.ended);
          case SETTLED -> o.onSettled(h.ended, h.usage);
          default -> throw new IllegalStateException("not an exchange hook: " + kind);
        }
      } catch (RuntimeException e) {
        LOG.warn("observer {} failed on {} of {}: {}", o.getClass().getSimpleName(), kind,
            h.ended == null ? "an attempt" : h.ended.requestId(), e.toString());
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
