package dev.shepherd.routing;

import static dev.shepherd.routing.Models.d;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shepherd.api.ErrorKind;
import dev.shepherd.api.openai.Endpoint;
import dev.shepherd.config.DeploymentConfig;
import dev.shepherd.config.RoutingConfig;
import dev.shepherd.config.Sticky;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PlanTest {
  static final SplittableRandom RANDOM = new SplittableRandom(42);

  static Plan plan(ModelEntry m) {
    return Plan.build(m, Endpoint.CHAT, 0, null, 0, RANDOM);
  }

  static Map<String, Integer> firstChoices(ModelEntry m, int n) {
    Map<String, Integer> counts = new HashMap<>();
    for (int i = 0; i < n; i++) {
      counts.merge(plan(m).next().provider(), 1, Integer::sum);
    }
    return counts;
  }

  /**
   * 100,000 plans, weights 70/20/10: each share within ±0.5 percentage points. The binomial
   * standard deviation of the 10% share is 0.095 points, so the tolerance is over 5σ.
   */
  @Test
  void firstChoicesConvergeToTheWeights() {
    ModelEntry m = Models.model(d("a", 70, 0), d("b", 20, 0), d("c", 10, 0));
    int n = 100_000;
    Map<String, Integer> counts = firstChoices(m, n);
    assertEquals(0.70, counts.get("a") / (double) n, 0.005);
    assertEquals(0.20, counts.get("b") / (double) n, 0.005);
    assertEquals(0.10, counts.get("c") / (double) n, 0.005);
  }

  @Test
  void lowerPriorityTiersComeFirstThenFallBack() {
    ModelEntry m = Models.model(d("backup", 100, 1), d("a", 50, 0), d("b", 50, 0));
    Plan p = plan(m);
    Set<String> firstTwo = Set.of(p.next().provider(), p.next().provider());
    assertEquals(Set.of("a", "b"), firstTwo);
    assertEquals("backup", p.next().provider());
    assertNull(p.next());
  }

  @Test
  void eachDeploymentIsHandedOutOnce() {
    ModelEntry m = Models.model(d("a", 1, 0), d("b", 1000, 0));
    for (int i = 0; i < 100; i++) {
      Plan p = plan(m);
      assertNotEquals(p.next(), p.next());
      assertNull(p.next());
    }
  }

  @Test
  void drainedUnavailableOpenAndCoolingDeploymentsAreSkippedWithTheirReason() {
    HealthRegistry health = new HealthRegistry(RoutingConfig.DEFAULT.breaker());
    ModelEntry m = Models.model(Sticky.NONE, health,
        d("drained", 0, 0), d("offline", 100, 0), d("broken", 100, 0), d("cooling", 100, 0), d("ok", 1, 0));
    health.of("broken/m").breaker().trip("test", 0);
    health.of("cooling/m").coolDown(0, 5_000, ErrorKind.UPSTREAM_RATE_LIMITED);
    Plan p = Plan.build(m, Endpoint.CHAT, 0, null, 1_000, RANDOM);
    assertEquals("ok", p.next().provider());
    assertNull(p.next());
    assertEquals("candidates=drained/m,offline/m,broken/m,cooling/m,ok/m; skipped=drained/m:drained,"
        + "offline/m:unavailable,broken/m:breaker_open,cooling/m:cooling_down; attempts=", p.trace());
    assertEquals(4_000, p.shortestCooldown(1_000));
    assertEquals(29_000, p.shortestBreakerWait(1_000));
  }

  @Test
  void anOpenBreakerIsACandidateAgainOnceItMayProbe() {
    HealthRegistry health = new HealthRegistry(RoutingConfig.DEFAULT.breaker());
    ModelEntry m = Models.model(Sticky.NONE, health, d("a", 100, 0));
    health.of("a/m").breaker().trip("test", 0);
    assertNull(Plan.build(m, Endpoint.CHAT, 0, null, 29_999, RANDOM).next());
    assertEquals("a", Plan.build(m, Endpoint.CHAT, 0, null, 30_000, RANDOM).next().provider());
  }

  @Test
  void contextWindowAndEndpointFitAreChecked() {
    ModelEntry m = Models.model(
        new DeploymentConfig("small", "m", 100, 0, 8_192, Set.of(), false, 0),
        new DeploymentConfig("chat-only", "m", 100, 0, 0, Set.of("chat"), false, 0),
        new DeploymentConfig("big", "m", 1, 1, 0, Set.of(), false, 0));
    Plan embeddings = Plan.build(m, Endpoint.EMBEDDINGS, 100, null, 0, RANDOM);
    assertEquals("small", embeddings.next().provider());
    assertEquals("big", embeddings.next().provider());
    assertNull(embeddings.next());
    Plan longChat = Plan.build(m, Endpoint.CHAT, 10_000, null, 0, RANDOM);
    assertEquals("chat-only", longChat.next().provider());
    assertTrue(longChat.trace().contains("small/m:context_window"), longChat.trace());
    Plan tooLong = Plan.build(m, Endpoint.CHAT, 40_000, null, 0, RANDOM);
    assertNull(tooLong.next());
    assertTrue(tooLong.allSkippedFor(SkipReason.CONTEXT));
  }

  @Test
  void stickyCallersKeepTheirDeploymentWhileItIsHealthy() {
    HealthRegistry health = new HealthRegistry(RoutingConfig.DEFAULT.breaker());
    ModelEntry m = Models.model(Sticky.KEY, health, d("a", 50, 0), d("b", 30, 0), d("c", 20, 0));
    Map<String, String> assigned = new HashMap<>();
    for (int caller = 0; caller < 200; caller++) {
      String key = "key_" + caller;
      String first = Plan.build(m, Endpoint.CHAT, 0, key, 0, RANDOM).next().provider();
      for (int again = 0; again < 5; again++) {
        assertEquals(first, Plan.build(m, Endpoint.CHAT, 0, key, 0, new SplittableRandom(again)).next().provider());
      }
      assigned.put(key, first);
    }
    // Take b out: only b's callers move; everyone else stays put.
    health.of("b/m").breaker().trip("test", 0);
    for (var e : assigned.entrySet()) {
      String now = Plan.build(m, Endpoint.CHAT, 0, e.getKey(), 1, RANDOM).next().provider();
      if (e.getValue().equals("b")) {
        assertNotEquals("b", now);
      } else {
        assertEquals(e.getValue(), now, e.getKey());
      }
    }
    // b recovers: its callers come back.
    health.of("b/m").breaker().reset();
    for (var e : assigned.entrySet()) {
      assertEquals(e.getValue(), Plan.build(m, Endpoint.CHAT, 0, e.getKey(), 2, RANDOM).next().provider());
    }
  }

  /** 20,000 distinct callers under weights 50/30/20: shares within ±2 points (σ ≈ 0.35 points). */
  @Test
  void stickyAssignmentStillFollowsTheWeights() {
    ModelEntry m = Models.model(Sticky.KEY, new HealthRegistry(RoutingConfig.DEFAULT.breaker()),
        d("a", 50, 0), d("b", 30, 0), d("c", 20, 0));
    Map<String, Integer> counts = new HashMap<>();
    int n = 20_000;
    for (int i = 0; i < n; i++) {
      counts.merge(Plan.build(m, Endpoint.CHAT, 0, "user-" + i, 0, RANDOM).next().provider(), 1, Integer::sum);
    }
    assertEquals(0.50, counts.get("a") / (double) n, 0.02);
    assertEquals(0.30, counts.get("b") / (double) n, 0.02);
    assertEquals(0.20, counts.get("c") / (double) n, 0.02);
  }

  @Test
  void attemptsAreRecordedInTheTrace() {
    ModelEntry m = Models.model(d("a", 100, 0), d("b", 100, 1));
    Plan p = plan(m);
    Deployment first = p.next();
    p.attempted(first, "503", 12);
    Deployment second = p.next();
    p.attempted(second, "200", 30);
    assertEquals("candidates=a/m,b/m; skipped=; attempts=a/m:503:12ms,b/m:200:30ms", p.trace());
    assertEquals(List.of("a/m", "b/m"), List.of(p.attempt(0).deployment().id(), p.attempt(1).deployment().id()));
  }
}
