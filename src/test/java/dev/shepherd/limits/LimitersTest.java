package dev.shepherd.limits;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.shepherd.config.LimitsConfig;
import org.junit.jupiter.api.Test;

class LimitersTest {
  @Test
  void withoutRedisTheLimiterIsLocal() {
    try (Limiter l = Limiters.create(LimitsConfig.DEFAULT)) {
      assertInstanceOf(LocalLimiter.class, l);
    }
  }
}
