package dev.shepherd.limits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.shepherd.testing.Chunks;
import dev.shepherd.testing.FakeUpstream;
import dev.shepherd.testing.Http;
import dev.shepherd.testing.TestGateway;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Two gateway instances on one real Redis enforce one limit between them, not one each; with
 * Redis killed, they fall back to limit ÷ instances locally without any request hanging, and
 * share again once Redis is back.
 */
class SharedLimitsGatewayTest {
  static final String BODY = "{\"model\":\"test-model\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

  static String config(String upstream, String redis) {
    // Both instances' test key has the id key_test, so they share the scope "k:key_test".
    return TestGateway.config(upstream, TestGateway.RELAXED).replace("providers:", """
        limits:
          redis: "%s"
          redis_fail_mode: local
          instances: 2
          redis_timeout_ms: 100
          key_defaults: {rpm: 10}
        providers:""".formatted(redis));
  }

  static int admitted(List<TestGateway> gateways, int requests) throws Exception {
    int ok = 0;
    for (int i = 0; i < requests; i++) {
      TestGateway g = gateways.get(i % gateways.size());
      long start = System.nanoTime();
      int status = Http.post(g.baseUrl() + "/chat/completions", g.key(), BODY).statusCode();
      long millis = (System.nanoTime() - start) / 1_000_000;
      assertTrue(millis < 2_000, "no request hangs: " + millis + " ms");
      assertTrue(status == 200 || status == 429, "status " + status);
      ok += status == 200 ? 1 : 0;
    }
    return ok;
  }

  @Test
  void twoInstancesShareOneLimitThroughRedisAndDegradeToAShareWhenItDies() throws Exception {
    assumeTrue(RedisProcess.binary() != null, "redis-server is not installed");
    try (RedisProcess redis = RedisProcess.start(); FakeUpstream upstream = new FakeUpstream()) {
      upstream.json(200, Chunks.completion("upstream/real-model", "ok"));
      try (TestGateway a = TestGateway.start(config(upstream.baseUrl(), redis.url()), null, java.time.Clock.systemUTC());
          TestGateway b = TestGateway.start(config(upstream.baseUrl(), redis.url()), null, java.time.Clock.systemUTC())) {
        List<TestGateway> both = List.of(a, b);
        int shared = admitted(both, 30);
        // rpm 10 refills one request every 6 s: a run this short admits the burst, and at most one more.
        assertTrue(shared >= 10 && shared <= 11, "admitted across both instances: " + shared);

        redis.kill();
        int local = admitted(both, 30);
        // Each instance now enforces 10 ÷ 2 = 5 from its own (fresh) counters.
        assertTrue(local >= 10 && local <= 12, "admitted by the two local fallbacks: " + local);

        redis.restart();
        Thread.sleep(1_500); // Lettuce reconnects in the background
        int again = admitted(both, 30);
        // The restarted Redis has empty counters: the shared limit admits its burst again (the exhausted
        // local fallbacks would admit nothing).
        assertTrue(again >= 10 && again <= 11, "shared again once Redis is back: " + again);
      }
    }
  }
}
