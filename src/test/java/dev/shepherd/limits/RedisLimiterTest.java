package dev.shepherd.limits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.shepherd.config.FailMode;
import dev.shepherd.config.LimitValues;
import dev.shepherd.config.LimitsConfig;
import dev.shepherd.limits.Admission.Reason;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Two limiters on one real Redis share their limits; scripts are atomic across scopes. */
class RedisLimiterTest {
  static final long TIMEOUT_MS = 100;
  static RedisProcess redis;
  private final String run = UUID.randomUUID().toString();
  private RedisLimiter a;
  private RedisLimiter b;

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

  @AfterEach
  void closeLimiters() {
    for (RedisLimiter l : new RedisLimiter[] {a, b}) {
      if (l != null) {
        l.close();
      }
    }
  }

  static RedisLimiter limiter(String url, FailMode mode, int instances) {
    LimitsConfig c = new LimitsConfig(url, mode, instances, TIMEOUT_MS, LimitValues.NONE, LimitValues.NONE, 1_024, false);
    return (RedisLimiter) Limiters.create(c);
  }

  static Admission admit(Limiter l, long now, long reserved, LimitScope... scopes) {
    return l.admit(List.of(scopes), reserved, now).toCompletableFuture().join();
  }

  LimitScope scope(String name, Long rpm, Long tpm, Integer par) {
    return new LimitScope(name + ":" + run, new LimitValues(rpm, tpm, par));
  }

  /** Admits until an admission comes from Redis itself, or fails after 10 s. */
  static void awaitShared(RedisLimiter l, LimitScope probe) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      Admission x = admit(l, 0, 0, probe);
      if (x.ticket != null && x.ticket.owner() == l) {
        l.settle(x, 0, 0);
        return;
      }
      Thread.sleep(20);
    }
    throw new AssertionError("Redis was not used again within 10 s");
  }

  @Test
  void twoInstancesEnforceTheCombinedLimit() {
    a = limiter(redis.url(), FailMode.CLOSED, 2);
    b = limiter(redis.url(), FailMode.CLOSED, 2);
    LimitScope key = scope("key", 10L, null, null);
    int admitted = 0;
    for (int i = 0; i < 30; i++) {
      Admission x = admit(i % 2 == 0 ? a : b, 1_000, 0, key);
      assertTrue(x.admitted() || x.reason() == Reason.RPM, x.toString());
      admitted += x.admitted() ? 1 : 0;
    }
    assertEquals(10, admitted, "rpm 10 across both instances");
    Admission refused = admit(b, 1_000, 0, key);
    assertEquals(6_000, refused.retryAfterMillis());
    assertEquals(10, refused.limitRequests());
    assertEquals(0, refused.remainingRequests());
    assertTrue(admit(a, 7_000, 0, key).admitted(), "one request is back after 6 s");
  }

  @Test
  void tokensAreReservedAndCorrectedAcrossInstances() throws Exception {
    a = limiter(redis.url(), FailMode.CLOSED, 1);
    b = limiter(redis.url(), FailMode.CLOSED, 1);
    LimitScope key = scope("key", null, 1_000L, null);
    Admission first = admit(a, 1_000, 600, key);
    assertTrue(first.admitted());
    assertEquals(400, first.remainingTokens());
    Admission refused = admit(b, 1_000, 600, key);
    assertEquals(Reason.TPM, refused.reason());
    assertEquals(12_000, refused.retryAfterMillis());
    assertEquals(Reason.TPM_TOO_LARGE, admit(b, 1_000, 1_001, key).reason());

    a.settle(first, 100, 1_000); // 500 come back, asynchronously
    Admission after = eventually(() -> admitted(admit(b, 1_000, 900, key)));
    assertEquals(0, after.remainingTokens());
    b.settle(after, 1_500, 1_000); // 600 more than reserved: debt
    Admission debt = eventually(() -> {
      Admission x = admit(a, 1_000, 0, key);
      return x.admitted() ? null : x; // admitted only before the settle landed: keep looking
    });
    assertEquals(Reason.TPM, debt.reason());
    assertEquals(36_000, debt.retryAfterMillis());
  }

  @Test
  void parallelSlotsAreSharedAndReleased() throws Exception {
    a = limiter(redis.url(), FailMode.CLOSED, 1);
    b = limiter(redis.url(), FailMode.CLOSED, 1);
    LimitScope key = scope("key", null, null, 1);
    Admission held = admit(a, 1_000, 0, key);
    assertTrue(held.admitted());
    assertEquals(Reason.PARALLEL, admit(b, 1_000, 0, key).reason());
    a.settle(held, 0, 1_000);
    assertNotNull(eventually(() -> admitted(admit(b, 1_000, 0, key))));
  }

  @Test
  void aRefusalChangesNoScope() {
    a = limiter(redis.url(), FailMode.CLOSED, 1);
    LimitScope account = scope("account", 100L, 10_000L, 5);
    LimitScope keyModel = scope("key-model", 1L, null, null);
    assertTrue(admit(a, 1_000, 1_000, account, keyModel).admitted());
    Admission refused = admit(a, 1_000, 1_000, account, keyModel);
    assertEquals(Reason.RPM, refused.reason());
    assertEquals(keyModel.id(), refused.scopeId());
    Admission alone = admit(a, 1_000, 1_000, account);
    assertEquals(98, alone.remainingRequests());
    assertEquals(8_000, alone.remainingTokens());
  }

  @Test
  void unlimitedScopesNeedNoRedis() {
    a = limiter(redis.url(), FailMode.CLOSED, 1);
    assertSame(Admission.UNLIMITED, admit(a, 0, 5, new LimitScope("k", LimitValues.NONE)));
  }

  /** Calls {@code attempt} every 20 ms until it answers non-null (or fails after 5 s). */
  static Admission eventually(Supplier<Admission> attempt) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (System.nanoTime() < deadline) {
      Admission x = attempt.get();
      if (x != null) {
        return x;
      }
      Thread.sleep(20);
    }
    throw new AssertionError("no answer within 5 s");
  }

  static Admission admitted(Admission x) {
    return x.admitted() ? x : null;
  }
}
