package dev.shepherd.observe;

import dev.shepherd.routing.Deployment;
import dev.shepherd.store.UsageRecord;

/**
 * Hears ended exchanges, off the event loop ({@link ObserverQueue}): the metrics, the access log and
 * the request log. For each exchange, in order: {@link #onAttemptEnd} per upstream attempt, then
 * {@link #onEnd}, then — for metered requests only — {@link #onSettled} with what was charged.
 * Calls come from the queue's thread, or inline on an event loop when the queue lags or is
 * closed: implementations must be thread-safe, must not block for long and must not throw (a
 * throw is logged and the other observers still run).
 */
public interface Observer {
  /**
   * An upstream attempt is over.
   *
   * @param result as in the routing trace ({@code 200}, {@code 503}, {@code timeout}, …)
   * @param nanos from sending the request to the end of the upstream's answer (or its failure)
   */
  default void onAttemptEnd(Deployment deployment, String result, long nanos) {}

  /** The exchange ended. */
  void onEnd(Ended ended);

  /** A metered exchange's credit was settled: {@code charged} holds the tokens and micro-USD charged. */
  default void onSettled(Ended ended, UsageRecord charged) {}
}
