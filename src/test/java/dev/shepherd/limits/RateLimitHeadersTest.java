package dev.shepherd.limits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.shepherd.config.LimitValues;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpServerResponse;
import java.lang.reflect.Proxy;
import java.util.List;
import org.junit.jupiter.api.Test;

/** OpenAI's header names and reset format, and retry-after on refusals. */
class RateLimitHeadersTest {
  private final LocalLimiter limiter = new LocalLimiter();

  @Test
  void durationsReadLikeOpenAis() {
    assertEquals("0s", RateLimitHeaders.duration(0));
    assertEquals("0s", RateLimitHeaders.duration(-5));
    assertEquals("1ms", RateLimitHeaders.duration(1));
    assertEquals("20ms", RateLimitHeaders.duration(20));
    assertEquals("999ms", RateLimitHeaders.duration(999));
    assertEquals("1s", RateLimitHeaders.duration(1_000));
    assertEquals("1.5s", RateLimitHeaders.duration(1_500));
    assertEquals("1.001s", RateLimitHeaders.duration(1_001));
    assertEquals("12.25s", RateLimitHeaders.duration(12_250));
    assertEquals("59.999s", RateLimitHeaders.duration(59_999));
    assertEquals("1m0s", RateLimitHeaders.duration(60_000));
    assertEquals("6m0s", RateLimitHeaders.duration(360_000));
    assertEquals("1m30.5s", RateLimitHeaders.duration(90_500));
    assertEquals("1h0m0s", RateLimitHeaders.duration(3_600_000));
    assertEquals("2h3m4s", RateLimitHeaders.duration(7_384_000));
  }

  @Test
  void retryAfterRoundsUpToWholeSeconds() {
    assertEquals(1, RateLimitHeaders.retryAfterSeconds(1));
    assertEquals(1, RateLimitHeaders.retryAfterSeconds(1_000));
    assertEquals(2, RateLimitHeaders.retryAfterSeconds(1_001));
    assertEquals(12, RateLimitHeaders.retryAfterSeconds(12_000));
  }

  @Test
  void admittedRequestGetsBothDimensions() {
    Admission a = limiter.check(List.of(new LimitScope("k", new LimitValues(60L, 150_000L, null))), 16, 0);
    MultiMap h = apply(a);
    assertEquals("60", h.get("x-ratelimit-limit-requests"));
    assertEquals("59", h.get("x-ratelimit-remaining-requests"));
    assertEquals("1s", h.get("x-ratelimit-reset-requests"));
    assertEquals("150000", h.get("x-ratelimit-limit-tokens"));
    assertEquals("149984", h.get("x-ratelimit-remaining-tokens"));
    assertEquals("7ms", h.get("x-ratelimit-reset-tokens"), "16 tokens at 2500/s");
    assertNull(h.get("retry-after"));
    assertNull(h.get("retry-after-ms"));
  }

  @Test
  void refusalGetsRetryAfterAndOnlyLimitedDimensions() {
    LimitScope k = new LimitScope("k", new LimitValues(5L, null, null));
    for (int i = 0; i < 5; i++) {
      limiter.check(List.of(k), 0, 0);
    }
    MultiMap h = apply(limiter.check(List.of(k), 0, 2_500));
    assertEquals("5", h.get("x-ratelimit-limit-requests"));
    assertEquals("0", h.get("x-ratelimit-remaining-requests"));
    assertEquals("57.5s", h.get("x-ratelimit-reset-requests"));
    assertEquals("10", h.get("retry-after"), "9.5 s rounds up");
    assertEquals("9500", h.get("retry-after-ms"));
    assertFalse(h.contains("x-ratelimit-limit-tokens"));
  }

  @Test
  void unavailableGetsOnlyRetryAfter() {
    MultiMap h = apply(Admission.unavailable(RedisLimiter.UNAVAILABLE_RETRY_MS));
    assertEquals("1", h.get("retry-after"));
    assertEquals("1000", h.get("retry-after-ms"));
    assertEquals(2, h.size());
  }

  @Test
  void unlimitedGetsNothing() {
    assertEquals(0, apply(Admission.UNLIMITED).size());
  }

  /** A response whose only working method is {@code headers()}. */
  private static MultiMap apply(Admission a) {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap();
    HttpServerResponse response = (HttpServerResponse) Proxy.newProxyInstance(
        RateLimitHeadersTest.class.getClassLoader(), new Class<?>[] {HttpServerResponse.class},
        (proxy, method, args) -> {
          if (method.getName().equals("headers")) {
            return headers;
          }
          throw new UnsupportedOperationException(method.getName());
        });
    RateLimitHeaders.apply(response, a);
    return headers;
  }
}
