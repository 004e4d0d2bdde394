package dev.shepherd.routing;

import dev.shepherd.config.RoutingConfig;
import java.time.InstantSource;

/**
 * Routing state that outlives config generations: the health of every deployment, the
 * instance's retry budget, and the clock breakers and cooldowns read (injected for tests).
 */
public final class RoutingState {
  private final HealthRegistry health;
  private final RetryBudget retryBudget;
  private final InstantSource clock;

  public RoutingState(RoutingConfig config, InstantSource clock) {
    this.health = new HealthRegistry(config.breaker());
    this.retryBudget = new RetryBudget(config.retryBudgetRatio(), config.retryBudgetMinPerSecond());
    this.clock = clock;
  }

  public HealthRegistry health() {
    return health;
  }

  public RetryBudget retryBudget() {
    return retryBudget;
  }

  /** Epoch millis now. */
  public long now() {
    return clock.millis();
  }

  /** Applies a reloaded config's settings (breaker settings go through the catalog build). */
  public void configure(RoutingConfig config) {
    retryBudget.configure(config.retryBudgetRatio(), config.retryBudgetMinPerSecond());
  }
}
