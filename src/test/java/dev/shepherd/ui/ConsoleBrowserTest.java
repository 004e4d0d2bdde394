package dev.shepherd.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shepherd.testing.FakeUpstream;
import dev.shepherd.testing.Http;
import dev.shepherd.testing.TestGateway;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The admin console in a real browser: headless Debian {@code chromium} driven by {@code
 * playwright-core} (src/test/ui/console.spec.mjs) against a gateway with metered traffic. The
 * script logs in, waits for charts with drawn points, changes a weight (and sees a refused one),
 * creates and revokes a key, tops up an account, exports the usage CSV, and takes desktop and
 * 390 px phone screenshots into {@code target/ui-screenshots/}. This test then checks the effects
 * on the server side: the config file keeps its comments and has the new weight.
 *
 * <p>Skipped (an assumption) without {@code chromium}, {@code node} or {@code playwright-core};
 * {@code .ci/run} installs them ({@code apt-get install chromium}; {@code npm install --prefix
 * target/node-ui playwright-core@1.65.1}, which downloads no browser).
 */
class ConsoleBrowserTest {
  static final Path PLAYWRIGHT = Path.of("target/node-ui/node_modules/playwright-core");
  static final Path OUT = Path.of("target/ui-screenshots");
  static final ObjectMapper JSON = new ObjectMapper();

  static Path chromium() {
    String configured = System.getenv("SHEPHERD_CHROMIUM");
    Path p = Path.of(configured != null ? configured : "/usr/bin/chromium");
    return Files.isExecutable(p) ? p : null;
  }

  static boolean nodeAvailable() {
    try {
      Process p = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (Exception e) {
      return false;
    }
  }

  static String config(String upstream) {
    return """
        # Console browser test. This comment must survive weight edits.
        server: {port: 0, event_loops: 2, max_body_bytes: 1048576}
        store: {url: "STORE_URL"}
        providers:
          - {name: fake, kind: openai, base_url: "%s", api_key: upstream-key, timeouts: %s}
          - {name: sim, kind: simulator}
          - {name: down, kind: openai, base_url: "http://127.0.0.1:9/v1", no_auth: true, timeouts: %s}
        models:
          - id: test-model
            context_window: 1000000
            price: {input_per_mtok: 3.0, output_per_mtok: 15.0}
            list_price: {input_per_mtok: 5.0, output_per_mtok: 25.0}
            deployments:
              - provider: fake
                model: upstream/real-model
                weight: 80   # the main one
              - {provider: fake, model: upstream/backup, weight: 20}
          - id: sim-model
            context_window: 32768
            price: {input_per_mtok: 0.5, output_per_mtok: 1.0}
            deployments: [{provider: sim, model: simulated}]
          - id: broken-model
            context_window: 32768
            price: {input_per_mtok: 0.5, output_per_mtok: 1.0}
            deployments: [{provider: down, model: nothing}]
        """.formatted(upstream, TestGateway.RELAXED, TestGateway.RELAXED);
  }

  static String completion(int prompt, int completion) {
    return "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"created\":1700000000,\"model\":\"upstream\","
        + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"ok\"},\"finish_reason\":\"stop\"}],"
        + "\"usage\":{\"prompt_tokens\":" + prompt + ",\"completion_tokens\":" + completion + ",\"total_tokens\":"
        + (prompt + completion) + "}}";
  }

  @Test
  void consoleWorksInHeadlessChromium() throws Exception {
    Path chromium = chromium();
    assumeTrue(chromium != null, "chromium not installed: apt-get install -y chromium (or set SHEPHERD_CHROMIUM)");
    assumeTrue(nodeAvailable(), "node not installed");
    assumeTrue(Files.isDirectory(PLAYWRIGHT),
        "playwright-core not installed: npm install --no-save --prefix target/node-ui playwright-core@1.65.1");
    AtomicInteger n = new AtomicInteger();
    try (FakeUpstream upstream = new FakeUpstream();
        TestGateway gateway = TestGateway.start(config(upstream.baseUrl()))) {
      upstream.respond(req -> {
        int i = n.incrementAndGet();
        boolean fail = i % 9 == 0; // some failed attempts for the error-rate chart (failover answers anyway)
        req.response().setStatusCode(fail ? 500 : 200).putHeader("content-type", "application/json")
            .end(fail ? "{\"error\":{\"message\":\"boom\"}}" : completion(800 + 40 * (i % 7), 300 + 25 * (i % 5)));
      });
      String admin = "http://127.0.0.1:" + gateway.port() + "/admin/v1/";
      String account = JSON.readTree(Http.post(admin + "accounts", TestGateway.ADMIN_KEY,
          "{\"name\":\"acme\",\"currency\":\"CNY\"}").body()).get("id").asText();
      assertEquals(200, Http.post(admin + "accounts/" + account + "/credits", TestGateway.ADMIN_KEY,
          "{\"amount\":\"50\",\"currency\":\"USD\",\"reference\":\"seed-1\"}").statusCode());
      String metered = JSON.readTree(Http.post(admin + "keys", TestGateway.ADMIN_KEY,
          "{\"name\":\"acme-prod\",\"account_id\":\"" + account + "\"}").body()).get("key").asText();
      for (int i = 0; i < 30; i++) {
        chat(gateway, metered, i % 5 == 0 ? "sim-model" : "test-model");
      }
      for (int i = 0; i < 3; i++) { // failed requests, with route traces, for the failed-requests page
        HttpResponse<String> r = Http.post(gateway.baseUrl() + "/chat/completions", metered,
            "{\"model\":\"broken-model\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        assertEquals(502, r.statusCode(), r.body());
      }
      gateway.server().flushBilling();
      gateway.server().flushObservers();

      AtomicBoolean running = new AtomicBoolean(true);
      Thread traffic = Thread.ofVirtual().start(() -> { // live traffic while the browser watches
        while (running.get()) {
          try {
            chat(gateway, metered, "test-model");
          } catch (Throwable e) {
            // the check is the browser's; keep the traffic going
          }
          try {
            Thread.sleep(150);
          } catch (InterruptedException e) {
            return;
          }
        }
      });
      String output;
      Process p;
      try {
        ProcessBuilder pb = new ProcessBuilder("node", "src/test/ui/console.spec.mjs").redirectErrorStream(true);
        pb.environment().put("CONSOLE_URL", "http://127.0.0.1:" + gateway.port() + "/ui/");
        pb.environment().put("ADMIN_KEY", TestGateway.ADMIN_KEY);
        pb.environment().put("CHROMIUM", chromium.toString());
        pb.environment().put("PLAYWRIGHT", PLAYWRIGHT.toAbsolutePath().toString());
        pb.environment().put("OUT_DIR", OUT.toAbsolutePath().toString());
        p = pb.start();
        output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the browser script finished");
      } finally {
        running.set(false);
        traffic.join(5_000);
      }
      assertEquals(0, p.exitValue(), output);
      for (String step : new String[] {"login", "charts", "weight", "key", "topup", "export", "phone", "logout", "no console errors"}) {
        assertTrue(output.contains("ok " + step + "\n"), step + " in:\n" + output);
      }
      assertTrue(output.contains("ok failed ("), output);
      JsonNode routing = JSON.readTree(Http.get(admin + "routing", TestGateway.ADMIN_KEY).body());
      assertEquals(35, routing.at("/models/0/deployments/0/weight").asInt());
      String yaml = Files.readString(gateway.configFile());
      assertTrue(yaml.contains("# Console browser test. This comment must survive weight edits."), yaml);
      assertTrue(yaml.contains("weight: 35   # the main one"), yaml);
      for (String png : new String[] {"overview-desktop.png", "models-desktop.png", "keys-created-desktop.png",
          "usage-desktop.png", "overview-phone.png", "models-phone.png", "usage-phone.png"}) {
        assertTrue(Files.size(OUT.resolve(png)) > 10_000, png);
      }
    }
  }

  private static void chat(TestGateway gateway, String key, String model) throws Exception {
    HttpResponse<String> r = Http.post(gateway.baseUrl() + "/chat/completions", key,
        "{\"model\":\"" + model + "\",\"max_tokens\":2000,\"messages\":[{\"role\":\"user\",\"content\":\"hello\"}]}");
    assertEquals(200, r.statusCode(), r.body());
  }
}
