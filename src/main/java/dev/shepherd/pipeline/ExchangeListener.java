package dev.shepherd.pipeline;

import dev.shepherd.routing.Deployment;
import dev.shepherd.store.UsageRecord;

/**
 * Observes the end of every exchange. Listeners run in registration order, exactly once per
 * exchange, on the exchange's event loop, after the response is complete or abandoned.
 * They must not block (hand durable writes to a queue) and must not throw; a listener that throws
 * is logged and the rest still run.
 *
 * <p>Observers (metrics, tracing, the access log) may also hear the steps before the end, through
 * the default methods, which do nothing unless overridden. In order: {@link #onStart} once, then
 * for each upstream attempt {@link #onAttemptStart} and {@link #onAttemptEnd}, then
 * {@link #onEnd}, then — for metered requests only — {@link #onSettled}. All but
 * {@link #onSettled} come on the exchange's event loop; the same rules apply (never block, never
 * throw, and keep it cheap: they run on every request).
 */
@FunctionalInterface
public interface ExchangeListener {
  void onEnd(Exchange exchange);

  /** The pipeline starts running the exchange (before its first stage). */
  default void onStart(Exchange exchange) {}

  /** Upstream attempt {@code number} (1 for the first) on {@code deployment} is about to be sent. */
  default void onAttemptStart(Exchange exchange, Deployment deployment, int number) {}

  /**
   * That attempt is over.
   *
   * @param result as in the routing trace: the upstream status ({@code 200}, {@code 503}, …), a
   *     failure ({@code timeout}, {@code connect_error}, {@code broken}), or how a 200 ended
   *     ({@code 200_incomplete}, {@code 200_client_closed}, {@code client_closed})
   * @param nanos from sending the request to the end of the upstream's answer (or its failure)
   */
  default void onAttemptEnd(Exchange exchange, Deployment deployment, int number, String result, long nanos) {}

  /**
   * The exchange's credit hold was settled: {@code usage} is what was charged (tokens and
   * micro-USD). Called once, after every listener's {@link #onEnd}; usually right after them on
   * the event loop, but on a virtual thread when the completion had to be counted off the loop (a
   * long answer without reported usage). Never called for unmetered requests (no credit hold).
   */
  default void onSettled(Exchange exchange, UsageRecord usage) {}
}
