package dev.shepherd.limits;

import static dev.shepherd.limits.RedisLimiterTest.admit;
import static dev.shepherd.limits.RedisLimiterTest.awaitShared;
import static dev.shepherd.limits.RedisLimiterTest.limiter;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.shepherd.config.FailMode;
import dev.shepherd.config.LimitValues;
import dev.shepherd.limits.Admission.Reason;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Redis killed or hung mid-test: each fail mode does what it says, no call waits longer than the
 * timeout (plus a margin for a loaded machine), and once Redis is back the limits are shared again.
 */
class RedisFailModeTest {
  static final long MARGIN_MS = 400;
  static RedisProcess redis;

  @BeforeAll
  static void startRedis() throws Exception {
    assumeTrue(RedisProcess.binary() != null, "redis-server is not installed");
    redis = RedisProcess.start();
  }

  @AfterAll
  static void stopRedis() throws Exception {
    if (redis != null) {
      redis.close();
    }
  }

  static LimitScope scope(String name, long rpm) {
    return new LimitScope(name + ":" + UUID.randomUUID(), new LimitValues(rpm, null, null));
  }

  @ParameterizedTest
  @EnumSource(FailMode.class)
  void killedThenRestarted(FailMode mode) throws Exception {
    try (RedisLimiter l = limiter(redis.url(), mode, 2); RedisLimiter peer = limiter(redis.url(), FailMode.CLOSED, 2)) {
      LimitScope key = scope("key", 10);
      Admission shared = admit(l, 1_000, 0, key);
      assertSame(l, shared.ticket.owner(), "admitted by Redis");

      redis.kill();
      List<Admission> during = timedAdmits(l, key, 8);
      switch (mode) {
        case OPEN -> during.forEach(x -> {
          assertTrue(x.admitted());
          assertEquals(-1, x.limitRequests(), "admitted without limits");
        });
        case CLOSED -> during.forEach(x -> {
          assertEquals(Reason.UNAVAILABLE, x.reason());
          assertEquals(RedisLimiter.UNAVAILABLE_RETRY_MS, x.retryAfterMillis());
        });
        case LOCAL -> {
          assertEquals(5, during.stream().filter(Admission::admitted).count(), "rpm 10 over 2 instances");
          assertEquals(5, during.get(4).limitRequests());
          assertEquals(Reason.RPM, during.get(5).reason());
          assertSame(l.fallback(), during.get(0).ticket.owner());
        }
      }
      during.forEach(x -> l.settle(x, 0, 1_000)); // fallback admissions settle locally, without errors
      l.settle(shared, 0, 1_000); // lost while Redis is down; never throws

      redis.restart();
      awaitShared(l, scope("probe", 1_000_000));
      awaitShared(peer, scope("probe", 1_000_000));
      assertCombinedLimit(l, peer);
    }
  }

  @ParameterizedTest
  @EnumSource(value = FailMode.class, names = {"LOCAL", "CLOSED"})
  void hungRedisCostsAtMostTheTimeout(FailMode mode) throws Exception {
    try (RedisLimiter l = limiter(redis.url(), mode, 1); RedisLimiter peer = limiter(redis.url(), FailMode.CLOSED, 1)) {
      LimitScope key = scope("key", 3);
      assertSame(l, admit(l, 1_000, 0, key).ticket.owner());
      redis.pause();
      try {
        List<Admission> during = timedAdmits(l, key, 4);
        if (mode == FailMode.CLOSED) {
          during.forEach(x -> assertEquals(Reason.UNAVAILABLE, x.reason()));
        } else {
          assertEquals(3, during.stream().filter(Admission::admitted).count());
          assertFalse(during.get(3).admitted());
        }
      } finally {
        redis.resume();
      }
      awaitShared(l, scope("probe", 1_000_000));
      awaitShared(peer, scope("probe", 1_000_000));
      assertCombinedLimit(l, peer);
    }
  }

  @org.junit.jupiter.api.Test
  void redisDownAtStartupIsUsedOnceItComesUp() throws Exception {
    try (RedisProcess late = RedisProcess.notStarted()) {
      long start = System.nanoTime();
      try (RedisLimiter l = limiter(late.url(), FailMode.CLOSED, 1)) {
        assertTrue(System.nanoTime() - start < 3_000_000_000L, "create waits about a second, not more");
        LimitScope key = scope("key", 10);
        timedAdmits(l, key, 3).forEach(x -> assertEquals(Reason.UNAVAILABLE, x.reason()));
        late.restart();
        awaitShared(l, key);
      }
    }
  }

  /** {@code n} admits, each answered within the timeout plus the margin. */
  private static List<Admission> timedAdmits(RedisLimiter l, LimitScope key, int n) {
    List<Admission> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      long start = System.nanoTime();
      out.add(admit(l, 1_000, 0, key));
      long ms = (System.nanoTime() - start) / 1_000_000;
      assertTrue(ms <= RedisLimiterTest.TIMEOUT_MS + MARGIN_MS, "admit took " + ms + " ms");
    }
    return out;
  }

  /** Limits are shared again: rpm 10 across both limiters admits exactly 10. */
  private static void assertCombinedLimit(RedisLimiter l, RedisLimiter peer) {
    LimitScope fresh = scope("after", 10);
    int admitted = 0;
    for (int i = 0; i < 24; i++) {
      Admission x = admit(i % 2 == 0 ? l : peer, 2_000, 0, fresh);
      if (x.admitted()) {
        admitted++;
        assertTrue(x.ticket.owner() == l || x.ticket.owner() == peer, "counted in Redis");
      }
    }
    assertEquals(10, admitted);
  }
}
