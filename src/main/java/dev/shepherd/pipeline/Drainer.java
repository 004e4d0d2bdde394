package dev.shepherd.pipeline;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The thread behind a write-behind queue: a virtual thread that runs {@code step} every
 * {@code periodMillis} until {@link #stop}, then once more, so that whatever was queued before the
 * stop is handled. {@link #wake} runs the step early (a flush). The step always runs on this one
 * thread and must not throw.
 */
public final class Drainer {
  private final Thread thread;
  private final long periodNanos;
  private final Runnable step;
  private volatile boolean stopping;

  public Drainer(String name, long periodMillis, Runnable step) {
    this.periodNanos = TimeUnit.MILLISECONDS.toNanos(periodMillis);
    this.step = step;
    this.thread = Thread.ofVirtual().name(name).start(this::run);
  }

  private void run() {
    while (!stopping) {
      LockSupport.parkNanos(periodNanos);
      step.run();
    }
    step.run();
  }

  /** Whether {@link #stop} was called (queues should stop accepting work). */
  public boolean stopping() {
    return stopping;
  }

  /** Runs the step now rather than at the end of the period. */
  public void wake() {
    LockSupport.unpark(thread);
  }

  /** Asks for a last step and waits up to {@code joinMillis} for it to finish. */
  public void stop(long joinMillis) {
    stopping = true;
    LockSupport.unpark(thread);
    try {
      thread.join(joinMillis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
