package dev.shepherd.billing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shepherd.Shepherd;
import dev.shepherd.store.HoldRecovery;
import dev.shepherd.store.LedgerEntry;
import dev.shepherd.store.Store;
import dev.shepherd.store.jdbc.JdbcStore;
import dev.shepherd.testing.Chunks;
import dev.shepherd.testing.FakeUpstream;
import dev.shepherd.testing.Http;
import dev.shepherd.testing.TestGateway;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * kill -9 of a gateway process while streams are in flight: the ledger still verifies, the holds
 * the dead process left are released by the next start, and the lost charges are counted.
 */
class CrashRecoveryTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final int IN_FLIGHT = 12;
  static final int ANSWERED = 5;

  @TempDir Path dir;

  @Test
  void killNineLeavesAVerifiableLedgerAndTheNextStartReleasesAndCountsTheStaleHolds() throws Exception {
    try (FakeUpstream upstream = new FakeUpstream()) {
      upstream.json(200, Chunks.completion("upstream/real-model", "ok"));
      String sqlite = "jdbc:sqlite:" + dir.resolve("shepherd.db");
      String yaml = TestGateway.config(upstream.baseUrl(), TestGateway.RELAXED).replace("STORE_URL", sqlite)
          + "billing: {signup_bonus: {amount: 0}}\n";
      Path config = Files.writeString(dir.resolve("shepherd.yaml"), yaml);
      int port = freePort();
      Process gateway = startGateway(config, port);
      try {
        String base = "http://127.0.0.1:" + port;
        awaitReady(base);
        String admin = base + "/admin/v1";
        String account = JSON.readTree(Http.post(admin + "/accounts", TestGateway.ADMIN_KEY, "{\"name\":\"c\"}")
            .body()).get("id").asText();
        String key = JSON.readTree(Http.post(admin + "/keys", TestGateway.ADMIN_KEY,
            "{\"name\":\"k\",\"account_id\":\"" + account + "\"}").body()).get("key").asText();
        Http.post(admin + "/accounts/" + account + "/credits", TestGateway.ADMIN_KEY,
            "{\"amount\":\"1.00\",\"reference\":\"t1\"}");
        String body = "{\"model\":\"test-model\",\"max_tokens\":20,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]";
        for (int i = 0; i < ANSWERED; i++) {
          assertEquals(200, Http.post(base + "/v1/chat/completions", key, body + "}").statusCode());
        }
        upstream.trickle(50); // from now on, endless streams
        List<CompletableFuture<HttpResponse<InputStream>>> streams = new ArrayList<>();
        for (int i = 0; i < IN_FLIGHT; i++) {
          streams.add(CompletableFuture.supplyAsync(() -> {
            try {
              return Http.postStream(base + "/v1/chat/completions", key, body + ",\"stream\":true}");
            } catch (Exception e) {
              throw new IllegalStateException(e);
            }
          }));
        }
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (upstream.received().size() < ANSWERED + IN_FLIGHT && System.nanoTime() < deadline) {
          Thread.sleep(10);
        }
        assertEquals(ANSWERED + IN_FLIGHT, upstream.received().size());
        Thread.sleep(400); // the write-behind journal has recorded the holds (every 100 ms)
      } finally {
        gateway.destroyForcibly(); // SIGKILL
        gateway.waitFor();
      }

      try (Store store = JdbcStore.open(sqlite, "", "")) {
        String account = store.billing().accounts().getFirst().id();
        assertEquals(IN_FLIGHT, store.billing().outstandingHolds()[0], "the dead process's holds are still stored");
        assertEquals(ANSWERED, store.billing().entries(account, 100).stream()
            .filter(e -> e.kind() == LedgerEntry.Kind.CHARGE).count());
      }
      String verify = cli("ledger", "verify", "--config", config.toString());
      assertTrue(verify.contains("ledger verified"), verify);
      assertTrue(verify.contains("holds outstanding: " + IN_FLIGHT), verify);

      try (TestGateway restarted = TestGateway.start(yaml, null, Clock.systemUTC(), sqlite)) {
        List<HoldRecovery> recoveries = restarted.store().billing().recoveries(10);
        assertEquals(1, recoveries.size());
        assertEquals(IN_FLIGHT, recoveries.getFirst().holds(), "lost charges: the streams in flight");
        assertEquals(0, restarted.store().billing().outstandingHolds()[0]);
        String account = restarted.store().billing().accounts().getFirst().id();
        var a = restarted.store().billing().account(account).orElseThrow();
        assertEquals(0, a.heldMicros());
        assertEquals(1_000_000 - ANSWERED * 15L, a.totalMicros(), "only the answered requests were charged");
      }
      String after = cli("ledger", "verify", "--config", config.toString());
      assertTrue(after.contains("ledger verified"), after);
      assertTrue(after.contains("stale holds released so far: " + IN_FLIGHT + " in 1 recoveries"), after);
    }
  }

  private static Process startGateway(Path config, int port) throws Exception {
    String java = ProcessHandle.current().info().command().orElse("java");
    ProcessBuilder pb = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED",
        "-cp", System.getProperty("java.class.path"), Shepherd.class.getName(),
        "serve", "--config", config.toString(), "--port", Integer.toString(port), "--no-watch");
    pb.environment().put("SHEPHERD_ADMIN_KEY", TestGateway.ADMIN_KEY);
    pb.environment().put("SHEPHERD_ACCESS_LOG", "off");
    pb.redirectErrorStream(true).redirectOutput(config.resolveSibling("gateway.log").toFile());
    return pb.start();
  }

  private static void awaitReady(String base) throws Exception {
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (System.nanoTime() < deadline) {
      try {
        if (Http.get(base + "/readyz", null).statusCode() == 200) {
          return;
        }
      } catch (java.io.IOException notYet) {
        // not listening yet
      }
      Thread.sleep(100);
    }
    throw new AssertionError("gateway did not start");
  }

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static String cli(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream old = System.out;
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    try {
      new CommandLine(new Shepherd()).execute(args);
    } finally {
      System.setOut(old);
    }
    return out.toString(StandardCharsets.UTF_8);
  }
}
