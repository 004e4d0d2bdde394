package dev.shepherd.provider.http;

import dev.shepherd.config.Timeouts;
import io.vertx.core.Vertx;
import java.util.function.Consumer;

/**
 * The one timer of an upstream call, for all three of its deadlines: first byte (request sent →
 * response headers), idle (gap between body chunks) and total. It is set once and, when it fires
 * before any deadline passed, re-armed for the nearest one: no timer is created or cancelled per
 * chunk ({@link #touch} only records the time). Confined to the call's event loop.
 */
final class Deadlines {
  private final Vertx vertx;
  private final Timeouts timeouts;
  private final Consumer<String> expired;
  private long timer = -1;
  private long startNanos;
  private long lastActivityNanos;
  private boolean headersReceived;
  private boolean stopped;

  /** @param expired told which deadline passed: {@code first byte}, {@code idle} or {@code total} */
  Deadlines(Vertx vertx, Timeouts timeouts, Consumer<String> expired) {
    this.vertx = vertx;
    this.timeouts = timeouts;
    this.expired = expired;
  }

  /** The request is being sent: the first-byte and total deadlines start now. */
  void start() {
    startNanos = System.nanoTime();
    timer = vertx.setTimer(Math.min(timeouts.firstByteMs(), timeouts.totalMs()), this::check);
  }

  /** Response headers arrived: from now on the idle deadline applies. */
  void headers() {
    headersReceived = true;
    touch();
  }

  /** Something arrived. */
  void touch() {
    lastActivityNanos = System.nanoTime();
  }

  boolean headersReceived() {
    return headersReceived;
  }

  void stop() {
    stopped = true;
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
  }

  private void check(long id) {
    if (stopped) {
      return;
    }
    long now = System.nanoTime();
    long total = remainingMs(startNanos, timeouts.totalMs(), now);
    long phase = headersReceived
        ? remainingMs(lastActivityNanos, timeouts.idleMs(), now)
        : remainingMs(startNanos, timeouts.firstByteMs(), now);
    if (total <= 0) {
      expired.accept("total");
    } else if (phase <= 0) {
      expired.accept(headersReceived ? "idle" : "first byte");
    } else {
      timer = vertx.setTimer(Math.min(total, phase), this::check);
    }
  }

  private static long remainingMs(long sinceNanos, long limitMs, long nowNanos) {
    return limitMs - (nowNanos - sinceNanos) / 1_000_000;
  }
}
