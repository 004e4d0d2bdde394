package dev.shepherd.pipeline;

/**
 * Observes the end of every exchange. Listeners run in registration order, exactly once per
 * exchange, on the exchange's event loop, after the response is complete or abandoned.
 * They must not block (hand durable writes to a queue) and must not throw; a listener that throws
 * is logged and the rest still run.
 */
@FunctionalInterface
public interface ExchangeListener {
  void onEnd(Exchange exchange);
}
