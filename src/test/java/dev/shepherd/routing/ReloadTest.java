package dev.shepherd.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shepherd.config.ConfigFileWatcher;
import dev.shepherd.testing.Chunks;
import dev.shepherd.testing.FakeUpstream;
import dev.shepherd.testing.Http;
import dev.shepherd.testing.TestGateway;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Live configuration changes: shifting traffic and rolling it back with {@code POST
 * /admin/v1/reload}, a broken file rejected while the old config serves, requests in flight
 * finishing on their config, breaker state kept, and the file watcher.
 */
class ReloadTest {
  static final ObjectMapper JSON = new ObjectMapper();
  FakeUpstream oldPool;
  FakeUpstream newPool;
  TestGateway gateway;

  String config(int oldWeight, int newWeight) {
    return """
        server: {port: 0, event_loops: 2}
        store: {url: "STORE_URL"}
        providers:
          - {name: relay, kind: openai, base_url: "%s", api_key: k1}
          - {name: vllm, kind: openai, base_url: "%s", api_key: k2}
        models:
          - id: qwen3-72b-instruct
            context_window: 32768
            price: {input_per_mtok: 1, output_per_mtok: 2}
            deployments:
              - {provider: relay, model: qwen-old, weight: %d}
              - {provider: vllm, model: qwen-new, weight: %d}
        """.formatted(oldPool.baseUrl(), newPool.baseUrl(), oldWeight, newWeight);
  }

  @BeforeEach
  void start() throws Exception {
    oldPool = new FakeUpstream().json(200, Chunks.completion("m", "old"));
    newPool = new FakeUpstream().json(200, Chunks.completion("m", "new"));
    gateway = TestGateway.start(config(100, 0), null, java.time.Clock.systemUTC());
  }

  @AfterEach
  void stop() throws Exception {
    gateway.close();
    oldPool.close();
    newPool.close();
  }

  HttpResponse<String> chat() throws Exception {
    return Http.post(gateway.baseUrl() + "/chat/completions", gateway.key(),
        "{\"model\":\"qwen3-72b-instruct\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
  }

  HttpResponse<String> reload() throws Exception {
    return Http.send("POST", adminUrl("/reload"), TestGateway.ADMIN_KEY, null);
  }

  String adminUrl(String path) {
    return gateway.baseUrl().replace("/v1", "/admin/v1") + path;
  }

  int[] send(int n) throws Exception {
    oldPool.received().clear();
    newPool.received().clear();
    for (int i = 0; i < n; i++) {
      assertEquals(200, chat().statusCode());
    }
    return new int[] {oldPool.received().size(), newPool.received().size()};
  }

  @Test
  void shiftTenPercentThenAllThenRollBackWithoutRestart() throws Exception {
    assertEquals(0, send(50)[1], "weight 0: the new pool gets nothing");

    gateway.rewriteConfig(config(90, 10));
    HttpResponse<String> r = reload();
    assertEquals(200, r.statusCode(), r.body());
    JsonNode body = JSON.readTree(r.body());
    assertEquals(2, body.get("config_version").asInt());
    assertEquals("qwen3-72b-instruct", body.at("/models/changed/0").asText());
    int[] split = send(400);
    assertEquals(0.10, split[1] / 400.0, 0.05, "about 10% to the new pool (σ = 1.5 points)");

    gateway.rewriteConfig(config(0, 100));
    assertEquals(200, reload().statusCode());
    assertEquals(0, send(50)[0], "all traffic on the new pool");

    gateway.rewriteConfig(config(100, 0));
    assertEquals(200, reload().statusCode());
    assertEquals(0, send(50)[1], "rolled back");
    assertEquals(4, JSON.readTree(Http.get(adminUrl("/routing"), TestGateway.ADMIN_KEY).body())
        .get("config_version").asInt());
  }

  @Test
  void aBrokenFileIsRejectedWithItsProblemsAndTheOldConfigKeepsServing() throws Exception {
    gateway.rewriteConfig(config(100, 0).replace("weight: 0", "weight: -5").replace("context_window: 32768", "context_window: -1"));
    HttpResponse<String> r = reload();
    assertEquals(400, r.statusCode());
    JsonNode error = JSON.readTree(r.body()).get("error");
    assertEquals("invalid_config", error.get("code").asText());
    String message = error.get("message").asText();
    assertTrue(message.contains("still serving version 1"), message);
    assertTrue(message.contains("models[0].deployments[1].weight: -5"), message);
    assertTrue(message.contains("models[0].context_window: -1"), message);
    assertEquals(50, send(50)[0], "the old config still routes everything to the relay");

    gateway.rewriteConfig(config(100, 0).replace("api_key: k2}", "api_key: k2, colour: red}"));
    String unknown = JSON.readTree(reload().body()).at("/error/message").asText();
    assertTrue(unknown.contains("providers[1].colour: unknown key"), unknown);
    assertEquals(50, send(50)[0]);
  }

  @Test
  void requestsInFlightFinishOnTheConfigTheyStartedWith() throws Exception {
    oldPool.respond(req -> oldPool.vertx().setTimer(400, id -> req.response().setStatusCode(200)
        .putHeader("content-type", "application/json").end(Chunks.completion("m", "old"))));
    CompletableFuture<HttpResponse<String>> inFlight = CompletableFuture.supplyAsync(() -> {
      try {
        return chat();
      } catch (Exception e) {
        throw new RuntimeException(e);
      }
    });
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (oldPool.received().isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    // The relay disappears from the config while its request is still running.
    gateway.rewriteConfig(config(100, 0).replace("  - {provider: relay, model: qwen-old, weight: 100}\n", "")
        .replace("weight: 0}", "weight: 100}").replace("  - {name: relay, kind: openai, base_url: \"" + oldPool.baseUrl() + "\", api_key: k1}\n", ""));
    HttpResponse<String> r = reload();
    assertEquals(200, r.statusCode(), r.body());
    assertEquals("relay", JSON.readTree(r.body()).at("/providers/removed/0").asText());
    HttpResponse<String> finished = inFlight.get();
    assertEquals(200, finished.statusCode());
    assertTrue(finished.body().contains("old"));
    assertTrue(chat().body().contains("new"), "new requests use the new config");
  }

  @Test
  void breakerStateSurvivesAReloadOfTheSameDeployment() throws Exception {
    oldPool.json(401, "{\"error\":{\"message\":\"bad key\"}}");
    chat();
    gateway.rewriteConfig(config(100, 1));
    assertEquals(200, reload().statusCode());
    JsonNode relay = JSON.readTree(Http.get(adminUrl("/routing"), TestGateway.ADMIN_KEY).body())
        .at("/models/0/deployments/0");
    assertEquals("relay/qwen-old", relay.get("id").asText());
    assertEquals("open", relay.at("/breaker/state").asText());
    assertEquals(100.0 / 101, relay.get("tier_share").asDouble(), 1e-3);
  }

  @Test
  void routeTracesCanBeTurnedOff() throws Exception {
    String url = gateway.baseUrl() + "/chat/completions";
    String body = "{\"model\":\"qwen3-72b-instruct\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    assertTrue(Http.post(url, gateway.key(), body, "x-shepherd-route-trace", "1").headers()
        .firstValue("x-shepherd-route-trace").orElseThrow().startsWith("candidates=relay/qwen-old,vllm/qwen-new"));
    gateway.rewriteConfig(config(100, 0).replace("models:", "routing: {trace_header: false}\nmodels:"));
    assertEquals(200, reload().statusCode());
    assertTrue(Http.post(url, gateway.key(), body, "x-shepherd-route-trace", "1").headers()
        .firstValue("x-shepherd-route-trace").isEmpty());
  }

  @Test
  void reloadNeedsTheAdminKey() throws Exception {
    assertEquals(401, Http.send("POST", adminUrl("/reload"), gateway.key(), null).statusCode());
  }

  @Test
  void theFileWatcherAppliesAnEditedFile() throws Exception {
    try (ConfigFileWatcher watcher = ConfigFileWatcher.start(gateway.configFile(), Duration.ofMillis(50),
        () -> gateway.server().reload())) {
      gateway.rewriteConfig(config(0, 100));
      long deadline = System.nanoTime() + 10_000_000_000L;
      int version = 1;
      while (version == 1 && System.nanoTime() < deadline) {
        Thread.sleep(20);
        version = JSON.readTree(Http.get(adminUrl("/routing"), TestGateway.ADMIN_KEY).body()).get("config_version").asInt();
      }
      assertEquals(2, version);
      assertEquals(0, send(20)[0]);
    }
  }
}
