package dev.shepherd.provider;

import dev.shepherd.pipeline.Exchange;

/**
 * Hears how one upstream attempt went. An attempt reports {@link #answered} at most once, then
 * exactly one of {@link #failed} or {@link #ended}. All calls come on the exchange's event loop.
 */
public interface AttemptListener {

  /** The upstream answered 200 and its answer is about to be relayed. */
  void answered(int status);

  /**
   * The attempt failed and nothing has reached the client: the exchange is still open, and the
   * listener must either start another attempt or end the exchange.
   */
  void failed(AttemptFailure failure);

  /**
   * The attempt is over and the exchange must end with {@code outcome}: the answer was relayed
   * (OK), broke after its first byte (INCOMPLETE), or the client left (CLIENT_CLOSED). Called
   * before the exchange's listeners run; the attempt ends the exchange right after.
   */
  void ended(Exchange.Outcome outcome);
}
