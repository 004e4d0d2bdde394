package dev.shepherd.pipeline;

import dev.shepherd.limits.Limiter;

/**
 * Settles an exchange's rate-limit admission exactly once when it ends: TPM is corrected from the
 * reservation to the tokens used, and the in-flight slots are released. Tokens used are the
 * upstream's reported usage; without usage, a request that never reached an upstream answer
 * (refused, failed before the first byte) used nothing, and any other keeps its reservation
 * (the upstream may have generated up to it).
 */
final class LimitSettler implements ExchangeListener {
  private final Limiter limiter;
  private final java.time.InstantSource clock;

  LimitSettler(Limiter limiter, java.time.InstantSource clock) {
    this.limiter = limiter;
    this.clock = clock;
  }

  @Override
  public void onEnd(Exchange ex) {
    if (ex.admission() == null) {
      return;
    }
    Usage u = ex.usage();
    long used;
    if (u.reported()) {
      used = u.promptTokens() + Math.max(0, u.completionTokens());
    } else if (ex.outcome() == Exchange.Outcome.ERROR) {
      used = 0;
    } else {
      used = ex.reservedTokens();
    }
    limiter.settle(ex.admission(), used, clock.millis());
  }
}
