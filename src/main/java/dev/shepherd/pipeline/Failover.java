package dev.shepherd.pipeline;

import dev.shepherd.api.ApiException;
import dev.shepherd.api.ErrorKind;
import dev.shepherd.config.RoutingConfig;
import dev.shepherd.pipeline.Exchange.Outcome;
import dev.shepherd.provider.AttemptFailure;
import dev.shepherd.provider.AttemptListener;
import dev.shepherd.routing.Breaker;
import dev.shepherd.routing.Breaker.Permit;
import dev.shepherd.routing.Deployment;
import dev.shepherd.routing.FailurePolicy;
import dev.shepherd.routing.Plan;
import dev.shepherd.routing.RoutingState;
import dev.shepherd.routing.SkipReason;

/**
 * Walks an exchange's {@link Plan}: one attempt at a time, moving to the next candidate only
 * while nothing has reached the client and {@link FailurePolicy} allows it, within
 * {@code max_attempts} (one attempt when the client SDK is itself retrying) and the instance's
 * retry budget. Records every attempt in the plan (route trace, access log) and feeds breakers
 * and cooldowns. Confined to the exchange's event loop.
 */
final class Failover implements AttemptListener {
  /** Header the official SDKs send with the number of their own retries so far. */
  static final String SDK_RETRY_HEADER = "x-stainless-retry-count";

  private final Exchange ex;
  private final RoutingState routing;
  private final RoutingConfig config;
  private final Plan plan;
  private final int maxAttempts;
  private int attempts;
  private Deployment current;
  private Permit permit;
  private long attemptStart;
  private boolean answered;
  private AttemptFailure last;

  Failover(Exchange ex, RoutingState routing) {
    this.ex = ex;
    this.routing = routing;
    this.config = ex.generation().config().routing();
    this.plan = ex.plan();
    this.maxAttempts = clientIsRetrying(ex) ? 1 : config.maxAttempts();
  }

  private static boolean clientIsRetrying(Exchange ex) {
    String n = ex.request().getHeader(SDK_RETRY_HEADER);
    return n != null && !n.isEmpty() && !n.equals("0");
  }

  void start() {
    long now = plan.builtAt(); // read once per request by Route
    routing.retryBudget().onRequest(now);
    tryNext(now);
  }

  private void tryNext(long now) {
    Deployment d;
    while ((d = plan.next()) != null) {
      if (attempts >= maxAttempts) {
        plan.skip(d, SkipReason.NO_BUDGET);
        plan.stopped(maxAttempts < config.maxAttempts() ? "client_retrying" : "max_attempts");
        giveUp(now);
        return;
      }
      Permit p = d.health().breaker().acquire(now);
      if (p == Permit.DENIED) {
        plan.skip(d, d.health().breaker().state() == Breaker.State.OPEN ? SkipReason.BREAKER_OPEN : SkipReason.PROBES_BUSY);
        continue;
      }
      if (attempts > 0 && !routing.retryBudget().tryRetry(now)) {
        d.health().breaker().record(p, Breaker.Result.NEUTRAL, now);
        plan.skip(d, SkipReason.NO_BUDGET);
        plan.stopped("retry_budget");
        giveUp(now);
        return;
      }
      attempt(d, p);
      return;
    }
    giveUp(now);
  }

  private void attempt(Deployment d, Permit p) {
    attempts++;
    current = d;
    permit = p;
    answered = false;
    ex.deployment(d);
    ex.attemptStarted(d, attempts);
    attemptStart = System.nanoTime();
    try {
      ex.generation().upstreams().get(d.provider()).call(ex, d, this);
    } catch (RuntimeException e) { // a bug, not an upstream failure: never leave the exchange open
      org.slf4j.LoggerFactory.getLogger(Failover.class).error("request {}: attempt on {} failed", ex.requestId(), d, e);
      d.health().breaker().record(p, Breaker.Result.NEUTRAL, routing.now());
      ex.attemptEnded(d, attempts, "error", System.nanoTime() - attemptStart);
      ex.fail(ApiException.of(e), String.valueOf(e));
    }
  }

  @Override
  public void answered(int status) {
    answered = true;
    plan.attempted(current, Integer.toString(status), elapsedMillis());
  }

  @Override
  public void failed(AttemptFailure failure) {
    long now = routing.now();
    long millis = elapsedMillis();
    FailurePolicy.Decision decision = FailurePolicy.decide(failure, config);
    Breaker breaker = current.health().breaker();
    breaker.record(permit, decision.breaker(), now);
    if (decision.trip()) {
      breaker.trip("upstream answered " + failure.upstreamStatus() + " (credentials refused)", now);
    }
    if (decision.cooldownMillis() > 0) {
      current.health().coolDown(now, decision.cooldownMillis(), decision.cooldownKind());
    }
    current.health().count(true, millis, 0, 0);
    if (answered) {
      plan.attempt(plan.attemptCount() - 1).result(failure.label());
    } else {
      plan.attempted(current, failure.label(), millis);
    }
    last = failure;
    attemptEnded();
    if (ex.response().closed()) {
      ex.end(Outcome.CLIENT_CLOSED);
    } else if (decision.failover()) {
      tryNext(now);
    } else {
      ex.fail(failure.error(), failure.detail());
    }
  }

  @Override
  public void ended(Outcome outcome) {
    long millis = elapsedMillis();
    Breaker.Result result = switch (outcome) {
      case OK -> Breaker.Result.SUCCESS;
      case INCOMPLETE -> Breaker.Result.FAILURE;
      default -> Breaker.Result.NEUTRAL;
    };
    current.health().breaker().record(permit, result, routing.now());
    current.health().count(result == Breaker.Result.FAILURE, millis,
        ex.usage().promptTokens(), ex.usage().completionTokens());
    if (!answered) {
      plan.attempted(current, outcome == Outcome.CLIENT_CLOSED ? "client_closed" : outcome.name().toLowerCase(), millis);
    } else if (outcome != Outcome.OK) {
      plan.attempt(plan.attemptCount() - 1).result("200_" + outcome.name().toLowerCase());
    }
    attemptEnded();
  }

  /** Tells the exchange's observers the current attempt is over, with the result the plan recorded. */
  private void attemptEnded() {
    ex.attemptEnded(current, attempts, plan.attempt(plan.attemptCount() - 1).result(), System.nanoTime() - attemptStart);
  }

  /** No candidate is left: the last attempt's error, or why nothing could be tried. */
  private void giveUp(long now) {
    if (last != null) {
      ex.fail(last.error(), last.detail());
      return;
    }
    String model = ex.model().id();
    if (plan.allSkippedFor(SkipReason.CONTEXT)) {
      ex.fail(new ApiException(ErrorKind.CONTEXT_LENGTH_EXCEEDED, "This request needs "
          + (ex.promptTokens() + Math.max(0, ex.maxTokens()))
          + " tokens (prompt + max_tokens), more than "
          + "any deployment of '" + model + "' accepts (" + ex.model().config().contextWindow() + ").", "max_tokens"),
          "no deployment fits the context");
      return;
    }
    long cooling = plan.shortestCooldown(now);
    long breakers = plan.shortestBreakerWait(now);
    if (cooling >= 0 && (breakers < 0 || cooling <= breakers)) {
      ErrorKind kind = plan.shortestCooling(now).health().coolKind();
      ex.fail(new ApiException(kind, "Every deployment of '" + model + "' asked to pause; retry after "
          + cooling + " ms.", null, cooling), "all candidates cooling down");
      return;
    }
    if (breakers >= 0) {
      ex.fail(new ApiException(ErrorKind.UPSTREAM_UNAVAILABLE, "Every deployment of '" + model
          + "' is failing; retry after " + breakers + " ms.", null, Math.max(1, breakers)), "all breakers open");
      return;
    }
    ex.fail(new ApiException(ErrorKind.MODEL_UNAVAILABLE,
        "No deployment of '" + model + "' can serve this request right now.", "model"), "no candidate");
  }

  private long elapsedMillis() {
    return (System.nanoTime() - attemptStart) / 1_000_000;
  }
}
