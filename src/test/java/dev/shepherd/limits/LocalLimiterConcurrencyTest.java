package dev.shepherd.limits;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.shepherd.config.LimitValues;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Threads naming overlapping scopes in different orders: exact counts, no deadlock. */
class LocalLimiterConcurrencyTest {
  @Test
  @Timeout(30)
  void sharedScopesAdmitExactlyTheirCapacity() throws Exception {
    LocalLimiter limiter = new LocalLimiter();
    long now = 5_000_000;
    LimitScope account = new LimitScope("account", new LimitValues(1_000L, null, null));
    LimitScope model = new LimitScope("model", new LimitValues(null, 1_000_000L, null));
    int threads = 4;
    int perThread = 2_000;
    AtomicInteger admitted = new AtomicInteger();
    AtomicInteger tokens = new AtomicInteger();
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> all = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      LimitScope key = new LimitScope("key" + t, new LimitValues(1_000_000L, null, 4));
      Random random = new Random(t);
      all.add(Thread.ofPlatform().start(() -> {
        try {
          start.await();
        } catch (InterruptedException e) {
          return;
        }
        List<LimitScope> scopes = new ArrayList<>(List.of(account, model, key));
        for (int i = 0; i < perThread; i++) {
          Collections.shuffle(scopes, random);
          Admission a = limiter.check(scopes, 700, now);
          if (a.admitted()) {
            admitted.incrementAndGet();
            tokens.addAndGet(700);
            limiter.settle(a, 700, now);
          }
        }
      }));
    }
    start.countDown();
    for (Thread t : all) {
      t.join();
    }
    assertEquals(1_000, admitted.get(), "the account's rpm bounds the total");
    assertEquals(700_000, tokens.get());
    Admission last = limiter.check(List.of(model), 0, now);
    assertEquals(300_000, last.remainingTokens(), "the model's tpm saw exactly the admitted reservations");
  }
}
