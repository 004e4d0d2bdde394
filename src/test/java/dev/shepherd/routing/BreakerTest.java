package dev.shepherd.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.shepherd.config.BreakerConfig;
import dev.shepherd.routing.Breaker.Permit;
import dev.shepherd.routing.Breaker.Result;
import dev.shepherd.routing.Breaker.State;
import org.junit.jupiter.api.Test;

/** The breaker state machine, driven by explicit times (no sleeping). */
class BreakerTest {
  static final BreakerConfig CONFIG = new BreakerConfig(10, 4, 0.5, 5_000, 2);

  static void attempt(Breaker b, Result r, long now) {
    Permit p = b.acquire(now);
    b.record(p, r, now);
  }

  @Test
  void staysClosedBelowTheMinimumRequestCount() {
    Breaker b = new Breaker("a/m", CONFIG);
    for (int i = 0; i < 3; i++) {
      attempt(b, Result.FAILURE, 1_000);
    }
    assertEquals(State.CLOSED, b.state(), "3 failures < minimum of 4 requests");
    attempt(b, Result.FAILURE, 1_000);
    assertEquals(State.OPEN, b.state());
  }

  @Test
  void opensAtTheFailureRatioOverTheWindow() {
    Breaker b = new Breaker("a/m", CONFIG);
    attempt(b, Result.SUCCESS, 0);
    attempt(b, Result.SUCCESS, 0);
    attempt(b, Result.SUCCESS, 0);
    attempt(b, Result.FAILURE, 0);
    attempt(b, Result.FAILURE, 0);
    assertEquals(State.CLOSED, b.state(), "2 of 5 = 40% < 50%");
    attempt(b, Result.FAILURE, 0);
    assertEquals(State.OPEN, b.state(), "3 of 6 = 50%");
  }

  @Test
  void oldFailuresSlideOutOfTheWindow() {
    Breaker b = new Breaker("a/m", CONFIG);
    for (int i = 0; i < 3; i++) {
      attempt(b, Result.FAILURE, 0);
    }
    long later = 11_000; // the 10 s window has moved past them
    attempt(b, Result.FAILURE, later);
    assertEquals(State.CLOSED, b.state());
    assertEquals(1, b.windowCounts(later)[0]);
  }

  @Test
  void neutralResultsDoNotCount() {
    Breaker b = new Breaker("a/m", CONFIG);
    for (int i = 0; i < 10; i++) {
      attempt(b, Result.NEUTRAL, 0);
    }
    assertEquals(0, b.windowCounts(0)[0]);
    assertEquals(State.CLOSED, b.state());
  }

  @Test
  void openRefusesThenProbesAndClosesAfterEnoughSuccesses() {
    Breaker b = new Breaker("a/m", CONFIG);
    b.trip("test", 1_000);
    assertEquals(State.OPEN, b.state());
    assertEquals(Permit.DENIED, b.acquire(5_999));
    assertEquals(false, b.admits(5_999));
    assertEquals(true, b.admits(6_000));
    Permit first = b.acquire(6_000);
    assertEquals(Permit.PROBE, first);
    assertEquals(State.HALF_OPEN, b.state());
    Permit second = b.acquire(6_001);
    assertEquals(Permit.PROBE, second);
    assertEquals(Permit.DENIED, b.acquire(6_002), "only 2 probes in flight");
    b.record(first, Result.SUCCESS, 6_100);
    assertEquals(State.HALF_OPEN, b.state());
    assertEquals(Permit.DENIED, b.acquire(6_150), "1 success + 1 in flight = the 2 probes");
    b.record(second, Result.SUCCESS, 6_200);
    assertEquals(State.CLOSED, b.state());
    assertEquals(Permit.NORMAL, b.acquire(6_300));
    assertEquals(0, b.windowCounts(6_300)[0], "closing starts a fresh window");
  }

  @Test
  void aFailedProbeReopensForAnotherFullPeriod() {
    Breaker b = new Breaker("a/m", CONFIG);
    b.trip("test", 0);
    Permit probe = b.acquire(5_000);
    b.record(probe, Result.FAILURE, 5_010);
    assertEquals(State.OPEN, b.state());
    assertEquals(10_010, b.openUntil());
    assertEquals(Permit.DENIED, b.acquire(10_000));
  }

  @Test
  void aNeutralProbeFreesItsSlot() {
    Breaker b = new Breaker("a/m", CONFIG);
    b.trip("test", 0);
    Permit p1 = b.acquire(5_000);
    Permit p2 = b.acquire(5_000);
    b.record(p1, Result.NEUTRAL, 5_001);
    assertEquals(Permit.PROBE, b.acquire(5_002), "the client left: another probe may go");
    b.record(p2, Result.SUCCESS, 5_003);
    assertEquals(State.HALF_OPEN, b.state());
  }

  @Test
  void resultsFromBeforeTheBreakerOpenedAreIgnored() {
    Breaker b = new Breaker("a/m", CONFIG);
    Permit early = b.acquire(0);
    b.trip("test", 0);
    b.record(early, Result.SUCCESS, 1);
    assertEquals(State.OPEN, b.state());
  }

  @Test
  void resetClosesAndForgets() {
    Breaker b = new Breaker("a/m", CONFIG);
    b.trip("test", 0);
    b.reset();
    assertEquals(State.CLOSED, b.state());
    assertEquals(Permit.NORMAL, b.acquire(1));
  }
}
