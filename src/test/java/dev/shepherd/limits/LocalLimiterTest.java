package dev.shepherd.limits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shepherd.config.LimitValues;
import dev.shepherd.limits.Admission.Reason;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The local limiter with explicit times: buckets, reservations, slots, atomicity, eviction. */
class LocalLimiterTest {
  private static final long T0 = 1_000_000;
  private final LocalLimiter limiter = new LocalLimiter();

  static LimitScope scope(String id, Long rpm, Long tpm, Integer par) {
    return new LimitScope(id, new LimitValues(rpm, tpm, par));
  }

  private Admission admit(long now, long reserved, LimitScope... scopes) {
    return limiter.check(List.of(scopes), reserved, now);
  }

  @Test
  void rpmFiveThenOneEveryTwelveSeconds() {
    LimitScope key = scope("key:a", 5L, null, null);
    for (int i = 0; i < 5; i++) {
      Admission a = admit(T0, 0, key);
      assertTrue(a.admitted(), "request " + (i + 1));
      assertEquals(4 - i, a.remainingRequests());
    }
    Admission sixth = admit(T0, 0, key);
    assertFalse(sixth.admitted());
    assertEquals(Reason.RPM, sixth.reason());
    assertEquals("key:a", sixth.scopeId());
    assertEquals(12_000, sixth.retryAfterMillis());
    assertEquals(0, sixth.remainingRequests());
    assertEquals(60_000, sixth.resetRequestsMillis(), "empty bucket: a minute to full");

    Admission early = admit(T0 + 11_999, 0, key);
    assertFalse(early.admitted());
    assertEquals(1, early.retryAfterMillis());
    assertTrue(admit(T0 + 12_000, 0, key).admitted(), "one request is back after 12 s");
    assertFalse(admit(T0 + 12_000, 0, key).admitted());
  }

  @Test
  void headersOfTheFirstRequest() {
    Admission a = admit(T0, 100, scope("k", 5L, 1_000L, null));
    assertTrue(a.admitted());
    assertNull(a.reason());
    assertEquals(0, a.retryAfterMillis());
    assertEquals(5, a.limitRequests());
    assertEquals(4, a.remainingRequests());
    assertEquals(12_000, a.resetRequestsMillis());
    assertEquals(1_000, a.limitTokens());
    assertEquals(900, a.remainingTokens());
    assertEquals(6_000, a.resetTokensMillis(), "100 of 1000 tokens per minute come back in 6 s");
  }

  @Test
  void tpmReservationAndCorrectionBothWays() {
    LimitScope key = scope("k", null, 1_000L, null);
    Admission first = admit(T0, 600, key);
    assertTrue(first.admitted());
    assertEquals(400, first.remainingTokens());
    assertEquals(-1, first.limitRequests(), "no rpm: no request headers");

    Admission refused = admit(T0, 600, key);
    assertEquals(Reason.TPM, refused.reason());
    assertEquals(12_000, refused.retryAfterMillis(), "200 tokens at 1000/min");

    limiter.settle(first, 100, T0); // 500 unused come back
    Admission second = admit(T0, 900, key);
    assertTrue(second.admitted(), second.toString());
    assertEquals(0, second.remainingTokens());

    limiter.settle(second, 1_500, T0); // 600 more than reserved: debt
    Admission inDebt = admit(T0, 0, key);
    assertEquals(Reason.TPM, inDebt.reason(), "a bucket in debt refuses even a zero reservation");
    assertEquals(36_000, inDebt.retryAfterMillis(), "600 tokens of debt at 1000/min");
    assertTrue(admit(T0 + 36_000, 0, key).admitted());
  }

  @Test
  void reservationLargerThanTheLimitIsTooLarge() {
    LimitScope key = scope("k", 10L, 1_000L, null);
    Admission a = admit(T0, 1_001, key);
    assertEquals(Reason.TPM_TOO_LARGE, a.reason());
    assertEquals(Tally.TOO_LARGE_RETRY_MS, a.retryAfterMillis());
    assertEquals(10, admit(T0, 1_000, key).limitRequests(), "the refusal took nothing; the whole capacity passes");
  }

  @Test
  void tooLargeWinsOverALongerWaitElsewhere() {
    Admission a = admit(T0, 50, scope("a", null, 10L, null), scope("b", 1L, null, null));
    assertEquals(Reason.TPM_TOO_LARGE, a.reason());
    assertEquals("a", a.scopeId());
  }

  @Test
  void maxParallelIsReleasedBySettle() {
    LimitScope key = scope("k", null, null, 2);
    Admission a = admit(T0, 0, key);
    Admission b = admit(T0, 0, key);
    assertTrue(a.admitted() && b.admitted());
    Admission c = admit(T0, 0, key);
    assertEquals(Reason.PARALLEL, c.reason());
    assertEquals(Tally.PARALLEL_RETRY_MS, c.retryAfterMillis());
    assertEquals(-1, c.limitRequests());

    limiter.settle(a, 0, T0 + 5);
    limiter.settle(a, 0, T0 + 5); // a second settle is ignored
    limiter.settle(c, 0, T0 + 5); // so is settling a refusal
    assertTrue(admit(T0 + 5, 0, key).admitted());
    assertFalse(admit(T0 + 5, 0, key).admitted(), "only one slot came back");
  }

  @Test
  void aRefusalLeavesEveryOtherScopeUntouched() {
    LimitScope account = scope("account:1", 100L, 10_000L, 10);
    LimitScope keyModel = scope("key:a/model:m", 1L, null, null);
    assertTrue(admit(T0, 1_000, account, keyModel).admitted());
    for (int i = 0; i < 5; i++) {
      Admission refused = admit(T0, 1_000, account, keyModel);
      assertEquals(Reason.RPM, refused.reason());
      assertEquals("key:a/model:m", refused.scopeId());
      assertEquals(60_000, refused.retryAfterMillis());
    }
    Admission alone = admit(T0, 1_000, account);
    assertTrue(alone.admitted());
    assertEquals(98, alone.remainingRequests(), "only the two admitted requests were counted");
    assertEquals(8_000, alone.remainingTokens());
  }

  @Test
  void theLongestWaitDecidesRetryAfter() {
    LimitScope a = scope("a", 60L, null, null); // a request per second
    LimitScope b = scope("b", 6L, null, null); // one per 10 s
    assertTrue(admit(T0, 0, scope("a", 60L, null, null)).admitted());
    for (int i = 0; i < 59; i++) {
      admit(T0, 0, a);
    }
    for (int i = 0; i < 6; i++) {
      admit(T0, 0, b);
    }
    Admission r = admit(T0, 0, a, b);
    assertEquals("b", r.scopeId());
    assertEquals(10_000, r.retryAfterMillis());
  }

  @Test
  void headersShowTheTightestScope() {
    Admission a = admit(T0, 10, scope("a", 100L, 50L, null), scope("b", 3L, 1_000L, null));
    assertEquals(3, a.limitRequests());
    assertEquals(2, a.remainingRequests());
    assertEquals(50, a.limitTokens());
    assertEquals(40, a.remainingTokens());
    assertEquals("b", a.scopeId());
  }

  @Test
  void unlimitedScopesAreNotCounted() {
    Admission a = admit(T0, 1_000_000, new LimitScope("k", LimitValues.NONE));
    assertSame(Admission.UNLIMITED, a);
    assertEquals(-1, a.limitRequests());
    assertEquals(-1, a.limitTokens());
    assertSame(Admission.UNLIMITED, admit(T0, 0));
    assertEquals(0, limiter.size());
  }

  @Test
  void aRepeatedScopeCountsOnce() {
    LimitScope k = scope("k", 2L, null, null);
    Admission a = admit(T0, 0, k, k);
    assertEquals(1, a.remainingRequests());
  }

  @Test
  void reloadedLimitsApplyToTheSameCounters() {
    assertTrue(admit(T0, 0, scope("k", 10L, null, null)).admitted());
    Admission lowered = admit(T0, 0, scope("k", 3L, null, null));
    assertEquals(2, lowered.remainingRequests(), "a level above the new capacity is cut to it, then one taken");
    Admission raised = admit(T0, 0, scope("k", 10L, 100L, null));
    assertEquals(1, raised.remainingRequests(), "a raised capacity does not add requests at once");
    assertEquals(100, raised.remainingTokens(), "a newly limited dimension starts full");
  }

  @Test
  void idleScopesAreEvictedAndBusyOnesKept() {
    Admission busy = admit(T0, 0, scope("busy", 5L, null, 1));
    admit(T0, 0, scope("idle", 5L, 100L, null));
    assertEquals(2, limiter.size());
    limiter.sweep(T0 + LocalLimiter.IDLE_MS + 60_000);
    assertEquals(1, limiter.size(), "the idle scope went; the one with a request in flight stayed");
    limiter.settle(busy, 0, T0 + LocalLimiter.IDLE_MS + 60_000);
    limiter.sweep(T0 + 2 * LocalLimiter.IDLE_MS + 60_000);
    assertEquals(0, limiter.size());
  }

  @Test
  void sweepRunsFromAdmitAtMostOncePerMinute() {
    admit(T0, 0, scope("a", 5L, null, null));
    admit(T0 + LocalLimiter.IDLE_MS + 1_000, 0, scope("b", 5L, null, null));
    assertEquals(1, limiter.size(), "a (idle, full) was swept by b's call");
  }

  @Test
  void aFreshScopeAfterEvictionBehavesAsAFullOne() {
    LimitScope k = scope("k", 2L, null, null);
    Admission a = admit(T0, 0, k);
    limiter.sweep(T0 + 10 * LocalLimiter.IDLE_MS);
    limiter.settle(a, 0, T0 + 10 * LocalLimiter.IDLE_MS);
    assertEquals(1, admit(T0 + 10 * LocalLimiter.IDLE_MS, 0, k).remainingRequests());
  }
}
