package dev.shepherd.provider.simulator;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;

/**
 * Writes the events of one stream with pacing and backpressure, on the event loop.
 *
 * <p>The first token (with the head chunks) goes out when {@link #start} is called; token {@code k}
 * is due {@code k / tokens_per_second} after that, on a drift-free schedule driven by Vert.x timers
 * (several due tokens share one write when the rate beats the 1 ms timer resolution). Without
 * pacing, all chunks are written back to back in batches of about {@value #BATCH} bytes. When the
 * response's write queue is full, writing waits for its drain handler. Writing stops as soon as the
 * exchange is over (client gone). A dropping stream writes about half its tokens and then cuts the
 * connection without the finish chunk or {@code [DONE]}.
 */
final class StreamEmitter {

  static final int BATCH = 16 * 1024;
  private static final long DRAIN_POLL_MS = 5;

  private final Exchange exchange;
  private final HttpServerResponse response;
  private final SseChunks chunks;
  private final SimulatorStats stats;
  private final long intervalNanos;
  private final int tokens;
  private final int dropAt;
  private long t0;
  private int next;
  private boolean headSent;
  private boolean awaitingDrain;

  /**
   * @param tokensPerSecond pacing; 0 or less writes everything at once
   * @param drop whether to cut the stream about half-way
   */
  StreamEmitter(Exchange exchange, SseChunks chunks, double tokensPerSecond, boolean drop, SimulatorStats stats) {
    this.exchange = exchange;
    this.response = exchange.response();
    this.chunks = chunks;
    this.stats = stats;
    this.intervalNanos = tokensPerSecond > 0 ? Math.max(1, Math.round(1e9 / tokensPerSecond)) : 0;
    this.tokens = chunks.tokens();
    this.dropAt = drop ? tokens / 2 : -1;
    response.drainHandler(v -> {
      if (awaitingDrain) {
        awaitingDrain = false;
        tick();
      }
    });
  }

  /**
   * Safety net for a drain notification that never comes: while waiting, look again every few
   * milliseconds (seen in tests: a 2,000-event burst could stall forever on the drain handler alone).
   */
  private void drainPoll() {
    if (!awaitingDrain) {
      return;
    }
    if (response.writeQueueFull()) {
      exchange.after(DRAIN_POLL_MS, this::drainPoll);
    } else {
      awaitingDrain = false;
      tick();
    }
  }

  /** Sends the first token now and the rest on schedule. */
  void start() {
    t0 = System.nanoTime();
    tick();
  }

  private void tick() {
    if (!exchange.active()) {
      return;
    }
    Buffer batch = Buffer.buffer(512);
    if (!headSent) {
      chunks.head(batch);
      headSent = true;
    }
    long now = System.nanoTime();
    int due = intervalNanos == 0 ? tokens : (int) Math.min(tokens, 1 + (now - t0) / intervalNanos);
    while (next < due && next != dropAt) {
      chunks.token(batch, next++);
      if (batch.length() >= BATCH) {
        response.write(batch);
        batch = Buffer.buffer(BATCH + 512);
        if (response.writeQueueFull()) {
          break;
        }
      }
    }
    if (next == dropAt) {
      exchange.drop(response.write(batch));
      return;
    }
    if (next == tokens) {
      chunks.tail(batch);
      stats.completed.increment();
      stats.completionTokens.add(chunks.completionTokens());
      exchange.endWith(batch);
      return;
    }
    if (batch.length() > 0) {
      response.write(batch);
    }
    if (response.writeQueueFull()) {
      awaitingDrain = true;
      exchange.after(DRAIN_POLL_MS, this::drainPoll);
      return;
    }
    long waitNanos = t0 + next * intervalNanos - System.nanoTime();
    exchange.after(Math.max(1, (waitNanos + 999_999) / 1_000_000), this::tick);
  }
}
