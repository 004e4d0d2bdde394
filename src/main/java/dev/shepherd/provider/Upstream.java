package dev.shepherd.provider;

import dev.shepherd.pipeline.Exchange;
import dev.shepherd.routing.Deployment;
import java.util.function.Consumer;

/**
 * A callable upstream provider. One instance per configured provider, shared by all event loops.
 */
public interface Upstream extends AutoCloseable {

  /** The provider's configured name. */
  String name();

  /**
   * Sends the exchange's request to {@code deployment} and relays the answer to the client.
   * Called on the exchange's event loop; never blocks. Reports to {@code listener} as its
   * contract says: a failure before any byte reached the client leaves the exchange open (the
   * caller may fail over); otherwise the attempt ends the exchange exactly once, and a client
   * disconnect cancels the upstream request at once.
   */
  void call(Exchange exchange, Deployment deployment, AttemptListener listener);

  /**
   * Sends a copy of the exchange's request to {@code deployment}, reads the whole answer and
   * discards it; {@code done} gets the result once, on the exchange's event loop. Never touches
   * the client's response or the exchange's usage.
   */
  void shadow(Exchange exchange, Deployment deployment, Consumer<ShadowResult> done);

  @Override
  void close();
}
