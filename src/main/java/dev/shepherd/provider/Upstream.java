package dev.shepherd.provider;

import dev.shepherd.pipeline.Exchange;

/**
 * A callable upstream provider. One instance per configured provider, shared by all event loops.
 */
public interface Upstream extends AutoCloseable {

  /** The provider's configured name. */
  String name();

  /**
   * Sends the exchange's request to this provider's deployment and relays the answer to the
   * client. Called on the exchange's event loop; never blocks. Guarantees the exchange is ended
   * exactly once (success, failure, timeout or client disconnect), and that a client disconnect
   * cancels the upstream request at once.
   */
  void call(Exchange exchange);

  @Override
  void close();
}
