package dev.shepherd.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.shepherd.api.ApiException;
import dev.shepherd.api.ErrorKind;
import dev.shepherd.config.RoutingConfig;
import dev.shepherd.provider.AttemptFailure;
import dev.shepherd.provider.AttemptFailure.Cause;
import dev.shepherd.routing.Breaker.Result;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FailurePolicyTest {
  static final RoutingConfig CONFIG = RoutingConfig.DEFAULT;

  static AttemptFailure failure(Cause cause, int status, long retryAfter) {
    return new AttemptFailure(new ApiException(ErrorKind.UPSTREAM_ERROR, "x"), cause, status, retryAfter, "d");
  }

  @ParameterizedTest(name = "{0} {1} retry-after {2} → failover {3}, breaker {4}, trip {5}, cooldown {6}")
  @CsvSource({
      "CONNECT, 0,   -1,     true,  FAILURE, false, 0",
      "TIMEOUT, 0,   -1,     true,  FAILURE, false, 0",
      "BROKEN,  200, -1,     true,  FAILURE, false, 0",
      "STATUS,  500, -1,     true,  FAILURE, false, 0",
      "STATUS,  502, -1,     true,  FAILURE, false, 0",
      "STATUS,  503, -1,     true,  FAILURE, false, 0",
      "STATUS,  503, 2000,   true,  FAILURE, false, 2000",
      "STATUS,  408, -1,     true,  FAILURE, false, 0",
      "STATUS,  429, 3000,   true,  NEUTRAL, false, 3000",
      "STATUS,  429, -1,     true,  NEUTRAL, false, 1000",
      "STATUS,  429, 900000, true,  NEUTRAL, false, 300000",
      "STATUS,  401, -1,     false, FAILURE, true,  0",
      "STATUS,  403, -1,     false, FAILURE, true,  0",
      "STATUS,  404, -1,     false, FAILURE, false, 0",
      "STATUS,  400, -1,     false, SUCCESS, false, 0",
      "STATUS,  422, -1,     false, SUCCESS, false, 0",
      "STATUS,  413, -1,     false, SUCCESS, false, 0",
  })
  void decides(Cause cause, int status, long retryAfter, boolean failover, Result breaker, boolean trip, long cooldown) {
    FailurePolicy.Decision d = FailurePolicy.decide(failure(cause, status, retryAfter), CONFIG);
    assertEquals(failover, d.failover(), "failover");
    assertEquals(breaker, d.breaker(), "breaker");
    assertEquals(trip, d.trip(), "trip");
    assertEquals(cooldown, d.cooldownMillis(), "cooldown");
  }
}
