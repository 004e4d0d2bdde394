package dev.shepherd.provider.simulator;

import java.util.concurrent.atomic.LongAdder;

/**
 * Live counters of a {@link SimulatorServer}. Thread-safe; each read is a momentary sum, so reads of
 * several counters are not one atomic snapshot.
 *
 * <p>Every HTTP request counts in {@link #requests()}; each then ends in exactly one outcome:
 * completed, bad request, injected error, rate limited, stalled or dropped, and may additionally
 * count in {@link #cancelled()} when the client went away before the response ended (a stalled
 * request always ends that way).
 */
public final class SimulatorStats {

  final LongAdder requests = new LongAdder();
  final LongAdder streams = new LongAdder();
  final LongAdder completed = new LongAdder();
  final LongAdder cancelled = new LongAdder();
  final LongAdder badRequests = new LongAdder();
  final LongAdder errorsInjected = new LongAdder();
  final LongAdder rateLimited = new LongAdder();
  final LongAdder stalled = new LongAdder();
  final LongAdder dropped = new LongAdder();
  final LongAdder completionTokens = new LongAdder();

  SimulatorStats() {}

  /** HTTP requests received, whatever their outcome. */
  public long requests() {
    return requests.sum();
  }

  /** Requests that asked for a stream ({@code "stream": true}) and got past validation. */
  public long streams() {
    return streams.sum();
  }

  /** Responses the simulator ended normally (including 4xx for unknown routes, excluding injected faults). */
  public long completed() {
    return completed.sum();
  }

  /** Responses the client abandoned (closed the connection or reset the stream) before they ended. */
  public long cancelled() {
    return cancelled.sum();
  }

  /** Requests rejected with an OpenAI-shaped 400 (bad JSON, missing or invalid field, bad x-sim header). */
  public long badRequests() {
    return badRequests.sum();
  }

  /** Requests answered with the injected {@code error_status}. */
  public long errorsInjected() {
    return errorsInjected.sum();
  }

  /** Requests answered with an injected 429. */
  public long rateLimited() {
    return rateLimited.sum();
  }

  /** Requests that got headers and then nothing (injected stall). */
  public long stalled() {
    return stalled.sum();
  }

  /** Requests whose connection the simulator cut on purpose (injected drop). */
  public long dropped() {
    return dropped.sum();
  }

  /** Simulated completion tokens sent in full responses and streams that ran to their end. */
  public long completionTokens() {
    return completionTokens.sum();
  }

  @Override
  public String toString() {
    return "SimulatorStats{requests=" + requests() + ", streams=" + streams() + ", completed=" + completed()
        + ", cancelled=" + cancelled() + ", badRequests=" + badRequests() + ", errorsInjected=" + errorsInjected()
        + ", rateLimited=" + rateLimited() + ", stalled=" + stalled() + ", dropped=" + dropped()
        + ", completionTokens=" + completionTokens() + "}";
  }
}
