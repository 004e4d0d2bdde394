package dev.shepherd.observe;

import dev.shepherd.pipeline.Drainer;
import io.micrometer.core.instrument.Clock;

/**
 * Micrometer's clock for Shepherd's registry: the wall time is a field a virtual thread refreshes
 * every {@value #TICK_MILLIS} ms, so recording a timer (whose max and histogram rotate their
 * time windows, reading the wall clock on every record) reads no clock at all. Windows last
 * minutes; a few milliseconds of staleness changes nothing. Monotonic time is the real one.
 */
final class TickingClock implements Clock, AutoCloseable {
  static final long TICK_MILLIS = 100;
  private volatile long wallMillis = System.currentTimeMillis();
  private final Drainer ticker =
      new Drainer("metrics-clock", TICK_MILLIS, () -> wallMillis = System.currentTimeMillis());

  @Override
  public long wallTime() {
    return wallMillis;
  }

  @Override
  public long monotonicTime() {
    return System.nanoTime();
  }

  @Override
  public void close() {
    ticker.stop(1_000);
  }
}
