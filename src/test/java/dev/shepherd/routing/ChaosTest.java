package dev.shepherd.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shepherd.config.RoutingConfig;
import dev.shepherd.observe.LineSink;
import dev.shepherd.testing.Chunks;
import dev.shepherd.testing.Http;
import dev.shepherd.testing.TestGateway;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The chaos run: many concurrent clients against deployments that answer with random 5xx,
 * connection resets, stalls, slow first bytes and bodies cut off mid-way, next to at least one
 * healthy deployment. Failover (before the first byte reaches the client) must carry the load:
 * client success ≥ 99.9%, while the extra upstream calls per client request stay within the
 * retry budget. Each scenario prints one row of a report (to the test's output file).
 *
 * <p>Scenarios: one tier where failover carries random faults; a dead deployment taken out by its
 * breaker with a lower-priority fallback tier; the retry budget capping the extra calls when
 * failures outgrow it; and (disabled) a demonstration of a failover gap for streams.
 *
 * <p>Deterministic enough for a noisy 2-core machine: a fixed number of requests per scenario,
 * seeded fault draws (each upstream draws its n-th fault from its own seeded {@link Random}, so
 * the fault sequence per upstream does not depend on thread timing), a JIT warm-up, generous
 * timeouts wherever they are not the subject (the healthy deployments', the clients'), and fault
 * rates with wide margins under the breaker threshold and the retry budget. Counts that timing
 * can move (a machine-wide stall turns in-flight attempts into timeouts) are asserted with that
 * slack. Only the routing keys the config parser already knows are used, so routing runs on
 * {@link RoutingConfig#DEFAULT}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ChaosTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final RoutingConfig ROUTING = RoutingConfig.DEFAULT;
  static final int CONCURRENCY = 24;
  static final String MODEL = "chaos-model";
  /** The calm start's model: the same deployments (so the same breakers), its own access-log lines. */
  static final String CALM_MODEL = "calm-model";
  /** The chaotic providers' timeouts: the first-byte and idle deadlines are what stalls test. */
  static final String TIGHT = "{connect_ms: 1000, first_byte_ms: 200, idle_ms: 200, total_ms: 5000}";
  /** The healthy provider's: not the subject, so generous. */
  static final String RELAXED = TestGateway.RELAXED;
  /** Well inside {@link #TIGHT}'s first-byte deadline. */
  static final long SLOW_MS = 40;
  /** Calm requests (every upstream answers at once) before the chaos starts, where asked for. */
  static final int CALM = 150;

  /** What an upstream does with one request. */
  enum Fault {
    /** Answers at once. */
    OK(false),
    /** Answers after {@link #SLOW_MS}: slow, but within the first-byte deadline. */
    SLOW(false),
    E500(true),
    E503(true),
    /** 429 with {@code retry-after-ms: 0}: fails over, no breaker count, no cooldown. */
    E429(true),
    /** Closes the connection before any response byte. */
    RESET(true),
    /** Never answers: the gateway's first-byte deadline must give up. */
    STALL(true),
    /** Sends 200 headers, then nothing: the idle deadline must give up (still before the client's first byte). */
    HEADERS_STALL(true),
    /** 200 with half the JSON body (or half an SSE event), then closes the connection. */
    CUT(true),
    /**
     * A stream's {@code : keep-alive} SSE comment, then the connection closes before the first
     * event (for a plain request: {@link #RESET}). Nothing but a comment reached anyone.
     */
    COMMENT_THEN_RESET(true);

    final boolean fails;

    Fault(boolean fails) {
      this.fails = fails;
    }
  }

  /** ~20% failures of every pre-first-byte kind, plus 10% slow answers. */
  static final Map<Fault, Integer> CHAOS_20 = mix(Fault.OK, 700, Fault.SLOW, 100, Fault.E500, 40, Fault.E503, 40,
      Fault.RESET, 40, Fault.STALL, 25, Fault.HEADERS_STALL, 25, Fault.CUT, 30);
  /** ~10% failures. */
  static final Map<Fault, Integer> CHAOS_10 = mix(Fault.OK, 800, Fault.SLOW, 100, Fault.E500, 20, Fault.E503, 20,
      Fault.RESET, 20, Fault.STALL, 10, Fault.HEADERS_STALL, 15, Fault.CUT, 15);
  /** Down: every request fails, in every way. */
  static final Map<Fault, Integer> DEAD = mix(Fault.E500, 250, Fault.E503, 200, Fault.RESET, 300, Fault.STALL, 150,
      Fault.CUT, 100);
  /** Every kind of failure that answers at once (no stalls), for the warm-up. */
  static final Map<Fault, Integer> WARM_UP = mix(Fault.OK, 600, Fault.SLOW, 100, Fault.E500, 50, Fault.E503, 50,
      Fault.E429, 50, Fault.RESET, 50, Fault.CUT, 100);
  /** Rate limiting half the requests. */
  static final Map<Fault, Integer> LIMITED_50 = mix(Fault.OK, 500, Fault.E429, 500);
  static final Map<Fault, Integer> HEALTHY = mix(Fault.OK, 1000);

  static Vertx vertx;
  static final List<String> report = new ArrayList<>();

  /**
   * Warms the JIT up on every code path, through a throwaway gateway with generous timeouts, so
   * that a cold JVM's first hundred milliseconds are not taken for an upstream's stall by the
   * scenarios' tight first-byte deadlines (which would also feed the breakers' early windows).
   */
  @BeforeAll
  static void startVertxAndWarmUp() throws Exception {
    vertx = Vertx.vertx();
    try (ChaosUpstream a = new ChaosUpstream("warm-a", 1, WARM_UP);
        ChaosUpstream h = new ChaosUpstream("warm-h", 2, HEALTHY)) {
      Run warm = run("warm-up", 0, 120, List.of(new Dep(a, RELAXED, 80, 0), new Dep(h, RELAXED, 20, 0)), false);
      assertTrue(warm.successRate() > 0.9, "warm-up: " + warm.summary());
    }
  }

  @AfterAll
  static void stopVertxAndPrintReport() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
    if (!report.isEmpty()) {
      System.out.println(String.join("\n", report)); // the test thread; never the gateway's
    }
  }

  /**
   * Two chaotic deployments (~20% failures each, every kind) take 80% of the first attempts; a
   * healthy one takes 20%; all in one tier. ~18% of requests need a second attempt, a few a third.
   * The chaos starts after {@value #CALM} calm requests, as an outage would: the breakers' windows
   * then hold enough successes that a stall of the whole machine (every attempt in flight timing
   * out at once) cannot push a chaotic deployment over the failure ratio early in the run.
   */
  @Test
  @Order(1)
  void failoverCarriesRandomFaultsInOneTier() throws Exception {
    assertSeedKeepsBreakerClosed(23, CHAOS_20);
    assertSeedKeepsBreakerClosed(26, CHAOS_20);
    try (ChaosUpstream a = new ChaosUpstream("chaos-a", 23, CHAOS_20);
        ChaosUpstream b = new ChaosUpstream("chaos-b", 26, CHAOS_20);
        ChaosUpstream h = new ChaosUpstream("healthy", 0x5AFE, HEALTHY)) {
      Run run = run("one tier 40/40/20, 20% faults", CALM, 1_500, List.of(
          new Dep(a, TIGHT, 40, 0), new Dep(b, TIGHT, 40, 0), new Dep(h, RELAXED, 20, 0)), true);

      assertSuccessRate(run, 0.999);
      assertWithinRetryBudget(run);
      assertAccountingAgrees(run, a, b, h);
      // Failover, not luck, carried it: ~0.8 × 20% of first attempts failed.
      assertTrue(run.retries() > 0.10 * run.requests, "failover was hardly exercised: " + run.summary());
      for (ChaosUpstream c : List.of(a, b)) {
        for (Fault f : CHAOS_20.keySet()) {
          assertTrue(c.injected(f) > 0, c.name + " never injected " + f + ": " + run.summary());
        }
        assertEquals("closed", run.breakers.get(c.id()),
            c.name + " fails ~20% of the time, under the breaker's 50%: failover, not the breaker, should carry "
                + "the load: " + run.summary());
      }
      assertEquals(0, run.failedAttemptsOn(h.id()), "the healthy deployment never fails: " + run.attemptResults);
    }
  }

  /**
   * Priority fallback: tier 0 holds a chaotic deployment (~10% failures) and a dead one; the
   * healthy deployment is tier 1 and only ever sees second or third attempts. The dead
   * deployment's breaker opens after {@code minimum_requests} failures and takes it out. (The
   * chaotic one's breaker is reported, not asserted: without a calm start, a stall of the whole
   * machine in the first hundred milliseconds can legitimately open it too.)
   */
  @Test
  @Order(2)
  void breakerTakesOutADeadDeploymentAndTheFallbackTierCatchesTheRest() throws Exception {
    assertSeedKeepsBreakerClosed(0xFACE, CHAOS_10);
    try (ChaosUpstream a = new ChaosUpstream("chaos-a", 0xFACE, CHAOS_10);
        ChaosUpstream d = new ChaosUpstream("dead", 0xDEAD, DEAD);
        ChaosUpstream h = new ChaosUpstream("fallback", 0x5AFE, HEALTHY)) {
      Run run = run("tier 0: 50/50 chaos+dead, tier 1 fallback", 0, 800, List.of(
          new Dep(a, TIGHT, 50, 0), new Dep(d, TIGHT, 50, 0), new Dep(h, RELAXED, 100, 1)), true);

      assertSuccessRate(run, 0.999);
      assertWithinRetryBudget(run);
      assertAccountingAgrees(run, a, d, h);
      assertEquals("open", run.breakers.get(d.id()), "the dead deployment's breaker must open: " + run.summary());
      int minimum = ROUTING.breaker().minimumRequests();
      // It opens on the result that makes the window hold minimum_requests failures; attempts already
      // in flight then may still fail, at most one per client connection.
      int deadAttempts = run.attemptsOn(d.id());
      assertTrue(deadAttempts >= minimum && deadAttempts <= minimum + CONCURRENCY,
          "the dead deployment got " + deadAttempts + " attempts; expected " + minimum + "–" + (minimum + CONCURRENCY));
      long skippedOpen = run.log.stream()
          .filter(l -> "breaker_open".equals(l.path("skipped").path(d.id()).asText())).count();
      assertTrue(skippedOpen > run.requests / 2, "the open breaker should show in the access log: " + skippedOpen);
      for (JsonNode line : run.log) {
        boolean tier0Out = line.path("skipped").has(a.id()) && line.path("skipped").has(d.id());
        assertTrue(tier0Out || !line.path("attempts").path(0).path("deployment").asText().equals(h.id()),
            "the tier-1 fallback must never get a first attempt while tier 0 has candidates: " + line);
      }
      assertTrue(h.calls() > 0, "the fallback tier was never used: " + run.summary());
    }
  }

  /**
   * The retry budget, not failover, is the limit: 80% of first attempts go to a deployment that
   * rate-limits half of them (429 without a wait, so no cooldown and no breaker count), which
   * would want 0.4 retries per request. The budget grants 20% + the floor and no more; the rest
   * get the 429. Checks the budget's arithmetic end to end.
   */
  @Test
  @Order(3)
  void retryBudgetCapsExtraCallsWhenFailuresOutgrowIt() throws Exception {
    try (ChaosUpstream a = new ChaosUpstream("limited", 0x429, LIMITED_50);
        ChaosUpstream h = new ChaosUpstream("healthy", 0x5AFE, HEALTHY)) {
      Run run = run("budget-bound: 80% to a 50%-429 upstream", 0, 800, List.of(
          new Dep(a, RELAXED, 80, 0), new Dep(h, RELAXED, 20, 0)), true);

      assertWithinRetryBudget(run);
      assertAccountingAgrees(run, a, h);
      // Demand (~320 retries) far exceeds the allowance (ratio × 800 + the floor's 50), so the
      // budget is spent: at least ratio × requests (and at most the allowance, asserted above).
      assertTrue(run.retries() >= (long) (ROUTING.retryBudgetRatio() * run.requests),
          "the budget should be used up: " + run.summary());
      // A retry goes to the healthy deployment and succeeds; a refused one leaves the 429 as the answer.
      assertEquals(a.injected(Fault.E429) - run.retries(), run.failures(),
          "every 429 is either retried (and succeeds) or is the client's answer: " + run.summary());
      for (Result r : run.results) {
        if (!r.ok()) {
          assertEquals(429, r.status(), "a refused retry answers with the upstream's 429: " + r.detail());
        }
      }
      long oneAttempt429 = run.log.stream().filter(l -> l.path("status").asInt() == 429)
          .filter(l -> l.path("attempts").size() == 1).count();
      assertEquals(run.failures(), oneAttempt429, "failed requests were never retried (no budget)");
    }
  }

  /**
   * An SSE comment (a keep-alive such as {@code : keep-alive}, or OpenRouter's
   * {@code : OPENROUTER PROCESSING}) before the first event must not commit the response: the
   * relay holds it back until the first data event, so a failure before that still fails over
   * (this was a bug, found by this test).
   */
  @Test
  @Order(4)
  void keepAliveCommentBeforeTheFirstEventStillAllowsFailover() throws Exception {
    try (ChaosUpstream a = new ChaosUpstream("comment", 1, mix(Fault.COMMENT_THEN_RESET, 1000));
        ChaosUpstream h = new ChaosUpstream("fallback", 2, HEALTHY)) {
      // 9 requests (3 streamed): under the breaker's minimum of 10, so every one tries the primary.
      Run run = run("comment, then reset; fallback tier 1", 0, 9, List.of(
          new Dep(a, TIGHT, 100, 0), new Dep(h, RELAXED, 100, 1)), true);
      assertEquals(run.requests, a.calls(), "every request tries the primary first: " + run.summary());
      assertSuccessRate(run, 1.0);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // The run

  /** One deployment: its upstream, the provider's timeouts, weight and priority tier. */
  record Dep(ChaosUpstream upstream, String timeouts, int weight, int priority) {}

  /** One client request's outcome. */
  record Result(boolean ok, int status, String servedBy, long nanos, String detail) {}

  /**
   * Starts a gateway for {@code deps}, sends {@code calm} requests while every upstream answers
   * at once (not measured), then {@code requests} requests with the chaos on, and collects what
   * the clients, the upstreams, the access log and {@code /admin/v1/routing} saw.
   */
  static Run run(String name, int calm, int requests, List<Dep> deps, boolean reported) throws Exception {
    ByteArrayOutputStream accessLog = new ByteArrayOutputStream();
    Result[] results;
    Map<String, String> breakers = new LinkedHashMap<>();
    JsonNode budget;
    long wallNanos;
    long trafficNanos;
    try (TestGateway g = TestGateway.start(config(deps), new LineSink(accessLog, 20, 1_000_000))) {
      HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(10)).build();
      long trafficStart = System.nanoTime();
      if (calm > 0) {
        deps.forEach(d -> d.upstream().calm(true));
        Result[] calmResults = drive(client, g, CALM_MODEL, calm, name + " (calm start)");
        deps.forEach(d -> d.upstream().calm(false));
        for (Result r : calmResults) {
          assertTrue(r.ok(), name + ": a calm request failed: " + r.detail());
        }
      }
      long start = System.nanoTime();
      results = drive(client, g, MODEL, requests, name);
      wallNanos = System.nanoTime() - start;
      trafficNanos = System.nanoTime() - trafficStart;
      client.close();
      JsonNode routing = JSON.readTree(Http.get("http://127.0.0.1:" + g.port() + "/admin/v1/routing",
          TestGateway.ADMIN_KEY).body());
      budget = routing.path("retry_budget");
      for (JsonNode m : routing.path("models")) {
        if (m.path("id").asText().equals(MODEL)) {
          for (JsonNode d : m.path("deployments")) {
            breakers.put(d.path("id").asText(), d.path("breaker").path("state").asText());
          }
        }
      }
    } // closing the gateway flushes the access log
    List<JsonNode> log = new ArrayList<>();
    for (String line : accessLog.toString(StandardCharsets.UTF_8).split("\n")) {
      JsonNode n = line.isBlank() ? null : JSON.readTree(line);
      if (n != null && n.path("model").asText().equals(MODEL)) {
        log.add(n);
      }
    }
    long upstreamCalls = deps.stream().mapToLong(d -> d.upstream().calls()).sum();
    Run run = new Run(name, calm, requests, List.of(results), upstreamCalls, log, breakers, budget, wallNanos,
        trafficNanos, deps);
    if (reported) {
      report(run);
    }
    return run;
  }

  /** {@link #CONCURRENCY} virtual threads send {@code n} requests between them; returns each one's result. */
  static Result[] drive(HttpClient client, TestGateway g, String model, int n, String name)
      throws InterruptedException {
    Result[] results = new Result[n];
    AtomicInteger next = new AtomicInteger();
    ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
    for (int w = 0; w < CONCURRENCY; w++) {
      workers.submit(() -> {
        int i;
        while ((i = next.getAndIncrement()) < n) {
          results[i] = call(client, g, model, i);
        }
      });
    }
    workers.shutdown();
    if (!workers.awaitTermination(60, TimeUnit.SECONDS)) {
      workers.shutdownNow();
      fail(name + ": the clients did not finish within 60 s (" + next.get() + " of " + n + " started)");
    }
    return results;
  }

  static Result call(HttpClient client, TestGateway g, String model, int i) {
    boolean stream = i % 3 == 0; // a third of the requests stream
    String body = "{\"model\":\"" + model + "\"," + (stream ? "\"stream\":true," : "")
        + "\"messages\":[{\"role\":\"user\",\"content\":\"request " + i + "\"}]}";
    HttpRequest req = HttpRequest.newBuilder(URI.create(g.baseUrl() + "/chat/completions"))
        .timeout(Duration.ofSeconds(30))
        .header("content-type", "application/json")
        .header("authorization", "Bearer " + g.key())
        .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    long t0 = System.nanoTime();
    try {
      HttpResponse<String> r = client.send(req, HttpResponse.BodyHandlers.ofString());
      long nanos = System.nanoTime() - t0;
      String served = stream ? servedByStream(r) : servedByJson(r);
      return new Result(served != null, r.statusCode(), served, nanos,
          (stream ? "stream " : "plain ") + r.statusCode() + " " + abbreviate(r.body()));
    } catch (Exception e) {
      return new Result(false, 0, null, System.nanoTime() - t0, (stream ? "stream " : "plain ") + e);
    }
  }

  /** The serving upstream's name if this is a complete, valid completion; else null. */
  static String servedByJson(HttpResponse<String> r) {
    if (r.statusCode() != 200) {
      return null;
    }
    try {
      JsonNode n = JSON.readTree(r.body());
      String content = n.path("choices").path(0).path("message").path("content").asText("");
      boolean valid = "chat.completion".equals(n.path("object").asText())
          && "stop".equals(n.path("choices").path(0).path("finish_reason").asText())
          && content.startsWith("served by ");
      return valid ? content.substring("served by ".length()) : null;
    } catch (Exception e) {
      return null;
    }
  }

  /** The serving upstream's name if this is a complete stream ending in [DONE] without an error; else null. */
  static String servedByStream(HttpResponse<String> r) {
    if (r.statusCode() != 200
        || !r.headers().firstValue("content-type").orElse("").startsWith("text/event-stream")) {
      return null;
    }
    List<String> events = Http.dataEvents(r.body());
    if (events.isEmpty() || !events.getLast().equals("[DONE]")) {
      return null;
    }
    StringBuilder content = new StringBuilder();
    String finish = null;
    try {
      for (String e : events.subList(0, events.size() - 1)) {
        JsonNode n = JSON.readTree(e);
        if (n.has("error")) {
          return null;
        }
        JsonNode choice = n.path("choices").path(0);
        content.append(choice.path("delta").path("content").asText(""));
        if (choice.path("finish_reason").isTextual()) {
          finish = choice.path("finish_reason").asText();
        }
      }
    } catch (Exception e) {
      return null;
    }
    String s = content.toString();
    return "stop".equals(finish) && s.startsWith("served by ") ? s.substring("served by ".length()) : null;
  }

  static String config(List<Dep> deps) {
    StringBuilder providers = new StringBuilder();
    StringBuilder deployments = new StringBuilder();
    for (Dep d : deps) {
      providers.append("  - {name: ").append(d.upstream().name).append(", kind: openai, base_url: \"")
          .append(d.upstream().baseUrl()).append("\", api_key: upstream-key, timeouts: ").append(d.timeouts())
          .append("}\n");
      deployments.append("      - {provider: ").append(d.upstream().name).append(", model: ")
          .append(d.upstream().upstreamModel()).append(", weight: ").append(d.weight()).append(", priority: ")
          .append(d.priority()).append("}\n");
    }
    String model = """
          - id: %s
            context_window: 32768
            price: {input_per_mtok: 0, output_per_mtok: 0}
            deployments:
        %s""";
    return """
        server: {port: 0, event_loops: 2, max_body_bytes: 1048576}
        store: {url: "STORE_URL"}
        providers:
        %smodels:
        %s%s""".formatted(providers, model.formatted(MODEL, deployments), model.formatted(CALM_MODEL, deployments));
  }

  // ---------------------------------------------------------------------------------------------
  // Assertions and the report

  /**
   * The scenarios' premise: a chaotic deployment's seeded fault sequence never reaches the
   * breaker's failure ratio in any prefix of at least {@code minimum_requests} draws, with room
   * to spare (≤ 25%) for results recorded out of order and the odd timeout on a busy machine. A
   * mix or seed change that breaks this would make the breaker, not failover, carry the load.
   */
  static void assertSeedKeepsBreakerClosed(long seed, Map<Fault, Integer> mix) {
    Fault[] table = ChaosUpstream.table(mix);
    Random r = new Random(seed);
    int failed = 0;
    for (int n = 1; n <= 3_000; n++) {
      failed += table[r.nextInt(table.length)].fails ? 1 : 0;
      if (n >= ROUTING.breaker().minimumRequests()) {
        assertTrue(failed <= 0.25 * n, "seed " + seed + " fails " + failed + " of its first " + n
            + " draws; pick a seed whose early draws stay under 25% failures");
      }
    }
  }

  static void assertSuccessRate(Run run, double target) {
    assertTrue(run.successRate() >= target, "client success " + pct(run.successRate()) + " < " + pct(target)
        + "; failures: " + run.failureSample() + "; " + run.summary());
  }

  /**
   * Retries (upstream calls beyond the first per request) may not exceed what the budget grants:
   * {@code ratio} × client requests (calm ones included) + {@code min_per_second} × 10 per
   * 10-second window (its buckets are 1 s, so a window spans 9–10 s), + 2 for the check-then-add
   * race between two event loops.
   */
  static void assertWithinRetryBudget(Run run) {
    long windows = 1 + (long) (run.trafficNanos / 1e9 / 9);
    long allowed = (long) (ROUTING.retryBudgetRatio() * (run.calm + run.requests))
        + windows * ROUTING.retryBudgetMinPerSecond() * 10L + 2;
    long retries = Math.max(run.retries(), run.loggedAttempts() - run.requests);
    assertTrue(retries <= allowed, "retries " + retries + " exceed the budget's " + allowed
        + "; " + run.summary());
  }

  /**
   * Every call an upstream received is an attempt in the access log, every exchange has a
   * line, and the budget's own count of retries agrees.
   */
  static void assertAccountingAgrees(Run run, ChaosUpstream... upstreams) {
    assertEquals(run.requests, run.log.size(), "one access-log line per request");
    for (ChaosUpstream u : upstreams) {
      // Normally equal. An attempt may miss its upstream only by timing out before its request got
      // there (a very busy machine); such timeouts are beyond the stalls the upstream injected.
      long notReceived = run.attemptsOn(u.id()) - u.calls();
      long spuriousTimeouts = run.attemptResults.getOrDefault(u.id(), Map.of()).getOrDefault("timeout", 0)
          - u.injected(Fault.STALL) - u.injected(Fault.HEADERS_STALL);
      assertTrue(notReceived >= 0 && notReceived <= Math.max(0, spuriousTimeouts),
          u.name + ": " + u.calls() + " calls received vs " + run.attemptsOn(u.id()) + " attempts logged; "
              + run.attemptResults);
      // Every injected fault is a failed attempt (a slow answer may also time out on a busy machine).
      assertTrue(run.failedAttemptsOn(u.id()) >= u.injectedFailures(),
          u.name + " injected " + u.injectedFailures() + " faults but only " + run.failedAttemptsOn(u.id())
              + " attempts failed: a fault was relayed as a success; " + run.attemptResults);
    }
    if (run.trafficNanos < 8e9) { // all inside the budget's window; calm requests need no retries
      assertEquals(run.loggedAttempts() - run.requests, run.budget.path("retries_10s").asLong(),
          "the budget's retry count: " + run.budget);
      assertEquals(run.calm + run.requests, run.budget.path("requests_10s").asLong(),
          "the budget's request count: " + run.budget);
    }
  }

  static void report(Run run) {
    if (report.isEmpty()) {
      report.add("");
      report.add("Chaos report (concurrency " + CONCURRENCY + ", a third of the requests streamed; routing defaults: "
          + ROUTING.maxAttempts() + " attempts, budget " + pct(ROUTING.retryBudgetRatio()) + " + "
          + ROUTING.retryBudgetMinPerSecond() + "/s floor)");
      report.add(String.format("%-52s %8s %9s %9s %9s %11s %8s %8s %7s", "scenario", "requests", "success",
          "upstream", "retries", "extra/req", "p50 ms", "p99 ms", "wall s"));
    }
    report.add(String.format("%-52s %8d %9s %9d %9d %11.3f %8.1f %8.1f %7.2f",
        run.name + (run.calm > 0 ? " (after " + run.calm + " calm)" : ""), run.requests,
        pct(run.successRate()), run.upstreamCalls, run.retries(), run.extraPerRequest(), run.percentileMillis(50),
        run.percentileMillis(99), run.wallSeconds()));
    for (Dep d : run.deps) {
      ChaosUpstream u = d.upstream();
      report.add(String.format("    %-10s w=%-3d p=%d  calls %5d  served %5d  breaker %-9s injected %s  logged %s",
          u.name, d.weight(), d.priority(), u.calls(), run.servedBy(u.name), run.breakers.get(u.id()),
          u.injectedSummary(), run.attemptResults.getOrDefault(u.id(), Map.of())));
    }
    if (run.failures() > 0) {
      report.add("    failures (first 3): " + run.failureSample());
    }
  }

  static String pct(double ratio) {
    return String.format("%.2f%%", ratio * 100);
  }

  static String abbreviate(String s) {
    return s == null ? "" : s.length() <= 160 ? s : s.substring(0, 160) + "…";
  }

  /** What a scenario measured. */
  static final class Run {
    final String name;
    /** Calm requests before the measured ones (counted by the retry budget, not here). */
    final int calm;
    final int requests;
    final List<Result> results;
    final long upstreamCalls;
    final List<JsonNode> log;
    final Map<String, String> breakers;
    final JsonNode budget;
    final long wallNanos;
    /** From the first calm request to the last measured one: the retry budget's view. */
    final long trafficNanos;
    final List<Dep> deps;
    /** Attempt results from the access log, by deployment id, then result label. */
    final Map<String, Map<String, Integer>> attemptResults = new TreeMap<>();

    Run(String name, int calm, int requests, List<Result> results, long upstreamCalls, List<JsonNode> log,
        Map<String, String> breakers, JsonNode budget, long wallNanos, long trafficNanos, List<Dep> deps) {
      this.name = name;
      this.calm = calm;
      this.requests = requests;
      this.results = results;
      this.upstreamCalls = upstreamCalls;
      this.log = log;
      this.breakers = breakers;
      this.budget = budget;
      this.wallNanos = wallNanos;
      this.trafficNanos = trafficNanos;
      this.deps = deps;
      for (JsonNode line : log) {
        for (JsonNode a : line.path("attempts")) {
          attemptResults.computeIfAbsent(a.path("deployment").asText(), k -> new TreeMap<>())
              .merge(a.path("result").asText(), 1, Integer::sum);
        }
      }
    }

    long successes() {
      return results.stream().filter(Result::ok).count();
    }

    long failures() {
      return requests - successes();
    }

    double successRate() {
      return (double) successes() / requests;
    }

    /** Upstream calls beyond one per client request. */
    long retries() {
      return upstreamCalls - requests;
    }

    long loggedAttempts() {
      return attemptResults.values().stream().flatMap(m -> m.values().stream()).mapToLong(Integer::longValue).sum();
    }

    double extraPerRequest() {
      return (double) retries() / requests;
    }

    double wallSeconds() {
      return wallNanos / 1e9;
    }

    long servedBy(String upstream) {
      return results.stream().filter(r -> upstream.equals(r.servedBy())).count();
    }

    int attemptsOn(String deploymentId) {
      return attemptResults.getOrDefault(deploymentId, Map.of()).values().stream().mapToInt(Integer::intValue).sum();
    }

    int failedAttemptsOn(String deploymentId) {
      return attemptResults.getOrDefault(deploymentId, Map.of()).entrySet().stream()
          .filter(e -> !e.getKey().equals("200")).mapToInt(Map.Entry::getValue).sum();
    }

    double percentileMillis(int p) {
      long[] nanos = results.stream().mapToLong(Result::nanos).sorted().toArray();
      int i = (int) Math.ceil(p / 100.0 * nanos.length) - 1;
      return nanos[Math.max(0, Math.min(nanos.length - 1, i))] / 1e6;
    }

    List<String> failureSample() {
      return results.stream().filter(r -> !r.ok()).limit(3).map(Result::detail).toList();
    }

    String summary() {
      return name + ": " + successes() + "/" + requests + " ok, " + upstreamCalls + " upstream calls ("
          + retries() + " retries), breakers " + breakers + ", budget " + budget + ", attempts " + attemptResults;
    }
  }

  // ---------------------------------------------------------------------------------------------
  // The chaotic upstream

  static Map<Fault, Integer> mix(Object... faultAndPermille) {
    Map<Fault, Integer> m = new EnumMap<>(Fault.class);
    int sum = 0;
    for (int i = 0; i < faultAndPermille.length; i += 2) {
      int p = (Integer) faultAndPermille[i + 1];
      m.put((Fault) faultAndPermille[i], p);
      sum += p;
    }
    if (sum != 1000) {
      throw new IllegalArgumentException("a mix must add up to 1000‰, not " + sum);
    }
    return m;
  }

  /**
   * An OpenAI-compatible upstream that answers each request with a fault drawn from a seeded
   * {@link Random} (the n-th request it receives gets the n-th draw), counting calls and faults.
   * Answers name the upstream ({@code "served by <name>"}) so clients can tell who served them.
   */
  static final class ChaosUpstream implements AutoCloseable {
    final String name;
    private final Random random;
    private final Fault[] table;
    private final Map<Fault, AtomicInteger> injected = new EnumMap<>(Fault.class);
    private final AtomicLong calls = new AtomicLong();
    private volatile boolean calm;
    private final HttpServer server;

    ChaosUpstream(String name, long seed, Map<Fault, Integer> mix) throws Exception {
      this.name = name;
      this.random = new Random(seed);
      this.table = table(mix);
      for (Fault f : Fault.values()) {
        injected.put(f, new AtomicInteger());
      }
      server = vertx.createHttpServer().requestHandler(this::handle).listen(0, "127.0.0.1")
          .await(10, TimeUnit.SECONDS);
    }

    /** 1000 slots, each fault filling its permille: a uniform draw picks a fault with its share. */
    static Fault[] table(Map<Fault, Integer> mix) {
      Fault[] t = new Fault[1000];
      int k = 0;
      for (var e : mix.entrySet()) {
        Arrays.fill(t, k, k + e.getValue(), e.getKey());
        k += e.getValue();
      }
      return t;
    }

    String baseUrl() {
      return "http://127.0.0.1:" + server.actualPort() + "/v1";
    }

    String upstreamModel() {
      return "upstream-" + name;
    }

    /** The deployment id the gateway keeps its health under. */
    String id() {
      return Deployment.idOf(name, upstreamModel());
    }

    /** Calls received while not calm. */
    long calls() {
      return calls.get();
    }

    /** While calm, every request is answered at once and neither counted nor drawn for. */
    void calm(boolean calm) {
      this.calm = calm;
    }

    int injected(Fault f) {
      return injected.get(f).get();
    }

    int injectedFailures() {
      return injected.entrySet().stream().filter(e -> e.getKey().fails).mapToInt(e -> e.getValue().get()).sum();
    }

    String injectedSummary() {
      Map<Fault, Integer> m = new EnumMap<>(Fault.class);
      injected.forEach((f, n) -> {
        if (n.get() > 0) {
          m.put(f, n.get());
        }
      });
      return m.toString();
    }

    private void handle(HttpServerRequest req) {
      req.body().onSuccess(body -> {
        boolean stream;
        try {
          stream = JSON.readTree(body.getBytes()).path("stream").asBoolean(false);
        } catch (Exception e) {
          req.response().setStatusCode(400).end();
          return;
        }
        if (calm) {
          ok(req, stream);
          return;
        }
        calls.incrementAndGet();
        Fault f;
        synchronized (random) {
          f = table[random.nextInt(table.length)];
        }
        injected.get(f).incrementAndGet();
        answer(req, f, stream);
      });
    }

    private void answer(HttpServerRequest req, Fault f, boolean stream) {
      var resp = req.response();
      switch (f) {
        case OK -> ok(req, stream);
        case SLOW -> vertx.setTimer(SLOW_MS, id -> ok(req, stream));
        case E500 -> resp.setStatusCode(500).putHeader("content-type", "application/json")
            .end("{\"error\":{\"message\":\"internal error\",\"type\":\"server_error\"}}");
        case E503 -> resp.setStatusCode(503).putHeader("content-type", "application/json")
            .end("{\"error\":{\"message\":\"overloaded\",\"type\":\"server_error\"}}");
        case E429 -> resp.setStatusCode(429).putHeader("content-type", "application/json")
            .putHeader("retry-after-ms", "0")
            .end("{\"error\":{\"message\":\"rate limited\",\"type\":\"rate_limit_error\"}}");
        case RESET -> req.connection().close();
        case STALL -> {
          // never answers; the gateway gives up at its first-byte deadline and closes the connection
        }
        case HEADERS_STALL -> resp.setStatusCode(200).setChunked(true)
            .putHeader("content-type", stream ? "text/event-stream" : "application/json").writeHead();
        case CUT -> {
          if (stream) {
            resp.setStatusCode(200).setChunked(true).putHeader("content-type", "text/event-stream")
                .write("data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.comp");
          } else {
            byte[] full = completion().getBytes(StandardCharsets.UTF_8);
            resp.setStatusCode(200).putHeader("content-type", "application/json")
                .putHeader("content-length", Integer.toString(full.length))
                .write(Buffer.buffer(Arrays.copyOf(full, full.length / 2)));
          }
          vertx.setTimer(5, id -> req.connection().close());
        }
        case COMMENT_THEN_RESET -> {
          if (stream) {
            resp.setStatusCode(200).setChunked(true).putHeader("content-type", "text/event-stream")
                .write(": keep-alive\n\n");
            vertx.setTimer(5, id -> req.connection().close());
          } else {
            req.connection().close();
          }
        }
      }
    }

    private void ok(HttpServerRequest req, boolean stream) {
      var resp = req.response();
      if (resp.closed() || resp.ended()) {
        return; // the gateway gave up (a slow answer on a very busy machine)
      }
      if (!stream) {
        resp.setStatusCode(200).putHeader("content-type", "application/json").end(completion());
        return;
      }
      String m = upstreamModel();
      StringBuilder sse = new StringBuilder();
      sse.append("data: ").append(Chunks.chunk(m, "", null)
          .replace("{\"content\":\"\"}", "{\"role\":\"assistant\",\"content\":\"\"}")).append("\n\n");
      sse.append("data: ").append(Chunks.chunk(m, "served by ", null)).append("\n\n");
      sse.append("data: ").append(Chunks.chunk(m, name, null)).append("\n\n");
      sse.append("data: ").append(Chunks.chunk(m, null, "stop")).append("\n\n");
      sse.append("data: ").append(Chunks.usageChunk(m, 9, 3)).append("\n\n");
      sse.append("data: [DONE]\n\n");
      resp.setStatusCode(200).setChunked(true).putHeader("content-type", "text/event-stream").end(sse.toString());
    }

    private String completion() {
      return Chunks.completion(upstreamModel(), "served by " + name);
    }

    @Override
    public void close() throws Exception {
      server.close().await(10, TimeUnit.SECONDS);
    }
  }
}
