package dev.shepherd.billing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shepherd.store.Account;
import dev.shepherd.store.EmbeddedPg;
import dev.shepherd.store.LedgerEntry;
import dev.shepherd.testing.Chunks;
import dev.shepherd.testing.FakeUpstream;
import dev.shepherd.testing.Http;
import dev.shepherd.testing.TestGateway;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two gateway instances sharing one PostgreSQL: concurrent requests through both never hold more
 * than the account has, every served request is charged exactly once, and afterwards the ledger,
 * the stored holds and the usage records agree.
 */
class SharedBalancesTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static EmbeddedPostgres pg;
  static FakeUpstream upstream;

  @BeforeAll
  static void start() throws Exception {
    pg = EmbeddedPg.start();
    upstream = new FakeUpstream();
    // 9 prompt + 3 completion tokens at $1 / $2 per MTok = 15 µ$ per answer.
    upstream.json(200, Chunks.completion("upstream/real-model", "ok"));
  }

  @AfterAll
  static void stop() throws Exception {
    upstream.close();
    pg.close();
  }

  /** Waits until no hold of the account is left in the store (settlements are written behind). */
  static void settled(TestGateway g, String account) throws InterruptedException {
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (g.store().billing().account(account).orElseThrow().heldMicros() != 0 && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
  }

  @Test
  void twoInstancesNeverOverspendAndChargeEachAnswerOnce() throws Exception {
    String url = EmbeddedPg.freshDatabase(pg, "shared");
    String yaml = TestGateway.config(upstream.baseUrl(), TestGateway.RELAXED)
        + "billing: {signup_bonus: {amount: 0}}\n";
    try (TestGateway a = TestGateway.start(yaml, null, Clock.systemUTC(), url);
        TestGateway b = TestGateway.start(yaml, null, Clock.systemUTC(), url)) {
      String admin = a.baseUrl().replace("/v1", "/admin/v1");
      String account = JSON.readTree(Http.post(admin + "/accounts", TestGateway.ADMIN_KEY, "{\"name\":\"s\"}").body())
          .get("id").asText();
      String key = JSON.readTree(Http.post(admin + "/keys", TestGateway.ADMIN_KEY,
          "{\"name\":\"k\",\"account_id\":\"" + account + "\"}").body()).get("key").asText();
      // $0.0015 = 1,500 µ$: 100 answers at 15 µ$, while each request holds up to 9 + 2 × 20 = 49 µ$.
      Http.post(admin + "/accounts/" + account + "/credits", TestGateway.ADMIN_KEY,
          "{\"amount\":\"0.0015\",\"reference\":\"t1\"}");
      long deadline = System.nanoTime() + 10_000_000_000L; // b learns the key from the store (500 ms refresh)
      while (Http.get(b.baseUrl() + "/models", key).statusCode() != 200 && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      AtomicInteger served = new AtomicInteger();
      AtomicInteger refused = new AtomicInteger();
      ExecutorService pool = Executors.newFixedThreadPool(32);
      List<Future<?>> all = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        TestGateway g = i % 2 == 0 ? a : b;
        all.add(pool.submit(() -> {
          var r = Http.post(g.baseUrl() + "/chat/completions", key,
              "{\"model\":\"test-model\",\"max_tokens\":20,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
          if (r.statusCode() == 200) {
            served.incrementAndGet();
          } else {
            assertEquals(402, r.statusCode(), r.body());
            refused.incrementAndGet();
          }
          return null;
        }));
      }
      for (Future<?> f : all) {
        f.get();
      }
      pool.shutdown();
      int burst = served.get();
      settled(a, account);
      // Holds are released when their settlement is written (≤ 100 ms later), so the burst is
      // refused a little early; one request at a time then spends what is left, down to < 49 µ$.
      for (int i = 0; ; i++) {
        TestGateway g = i % 2 == 0 ? a : b;
        var r = Http.post(g.baseUrl() + "/chat/completions", key,
            "{\"model\":\"test-model\",\"max_tokens\":20,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        settled(a, account);
        if (r.statusCode() == 402) {
          break;
        }
        assertEquals(200, r.statusCode(), r.body());
        served.incrementAndGet();
      }
      Account after = a.store().billing().account(account).orElseThrow();
      List<LedgerEntry> charges = a.store().billing().entries(account, 10_000).stream()
          .filter(e -> e.kind() == LedgerEntry.Kind.CHARGE).toList();
      assertEquals(200, burst + refused.get());
      assertEquals(97, served.get(), "1,500 µ$ at 15 µ$ each, until less than one 49 µ$ hold is left");
      assertEquals(served.get(), charges.size(), "one charge per answer");
      charges.forEach(c -> assertEquals(-15, c.paidMicros() + c.promoMicros()));
      assertEquals(1_500 - 15L * served.get(), after.totalMicros());
      assertTrue(after.totalMicros() >= 0, "never below zero: " + after.totalMicros());
      assertEquals(0, after.heldMicros(), "every hold released");
      assertEquals(0, a.store().billing().outstandingHolds()[0]);
      assertEquals(List.of(), a.store().billing().verify());
      assertEquals(List.of(), a.store().billing().heldMismatches());
    }
  }
}
