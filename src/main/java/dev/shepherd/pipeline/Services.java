package dev.shepherd.pipeline;

import dev.shepherd.auth.KeyCache;
import dev.shepherd.routing.RoutingState;
import dev.shepherd.billing.LedgerWriter;
import dev.shepherd.billing.Credit;
import dev.shepherd.billing.SpendCaps;
import dev.shepherd.limits.Limiter;
import java.time.InstantSource;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * What the stages need, assembled once at startup. The config-dependent parts (catalog,
 * upstreams) travel with each exchange's {@link Generation}.
 */
public record Services(KeyCache keys, RoutingState routing, RandomGenerator random,
    List<ShadowListener> shadowListeners, Limiter limiter, Credit credit, LedgerWriter ledger,
    InstantSource clock, SpendCaps caps) {

  /** Without spend caps loaded from the store (every key starts the period at zero). */
  public Services(KeyCache keys, RoutingState routing, RandomGenerator random, List<ShadowListener> shadowListeners,
      Limiter limiter, Credit credit, LedgerWriter ledger, InstantSource clock) {
    this(keys, routing, random, shadowListeners, limiter, credit, ledger, clock, new SpendCaps());
  }

  /** What must hear the end of every exchange, besides observers: limit and credit settlement. */
  public List<ExchangeListener> settlements() {
    return List.of(new LimitSettler(limiter, clock), new CreditSettler(credit, caps, clock));
  }
}
