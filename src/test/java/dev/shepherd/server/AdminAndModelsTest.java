package dev.shepherd.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shepherd.auth.ApiKeys;
import dev.shepherd.testing.Chunks;
import dev.shepherd.testing.GatewayExtension;
import dev.shepherd.testing.Http;
import dev.shepherd.testing.TestGateway;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Admin key API, key allowlists and revocation, and the models endpoints. */
class AdminAndModelsTest {
  @RegisterExtension
  static final GatewayExtension env = new GatewayExtension();
  static final ObjectMapper JSON = new ObjectMapper();
  static String admin;

  @BeforeAll
  static void start() throws Exception {
    env.upstream().json(200, Chunks.completion("upstream/real-model", "ok"));
    admin = "http://127.0.0.1:" + env.gateway().port() + "/admin/v1";
  }

  static String chat(String model) {
    return "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
  }

  @Test
  void adminEndpointsNeedTheAdminKey() throws Exception {
    assertEquals(401, Http.get(admin + "/keys", null).statusCode());
    assertEquals(401, Http.get(admin + "/keys", env.gateway().key()).statusCode());
    assertEquals(200, Http.get(admin + "/keys", TestGateway.ADMIN_KEY).statusCode());
  }

  @Test
  void createdKeyWorksIsHashedAtRestAndStopsWithin1sOfRevocation() throws Exception {
    HttpResponse<String> created = Http.post(admin + "/keys", TestGateway.ADMIN_KEY,
        "{\"name\":\"ci\",\"rpm\":60000,\"tpm\":10000000,\"max_parallel\":4,\"expires_at\":\"2099-01-01T00:00:00Z\"}");
    assertEquals(201, created.statusCode(), created.body());
    JsonNode k = JSON.readTree(created.body());
    String key = k.get("key").asText();
    assertTrue(key.startsWith("sk-shp-"));
    assertEquals(60000, k.get("rpm").asInt());
    assertEquals(4, k.get("max_parallel").asInt());
    // Stored only as a hash; the list never shows the secret.
    assertTrue(env.gateway().keys().stream().anyMatch(r -> r.keyHash().equals(ApiKeys.hash(key))));
    assertTrue(env.gateway().keys().stream().noneMatch(r -> r.keyHash().contains(key) || r.keyPrefix().equals(key)));
    String list = Http.get(admin + "/keys", TestGateway.ADMIN_KEY).body();
    assertFalse(list.contains(key));
    assertFalse(list.contains(ApiKeys.hash(key)));
    assertEquals(200, Http.post(env.gateway().baseUrl() + "/chat/completions", key, chat("test-model")).statusCode());

    HttpResponse<String> revoked = Http.send("DELETE", admin + "/keys/" + k.get("id").asText(), TestGateway.ADMIN_KEY, null);
    assertEquals(200, revoked.statusCode());
    long t0 = System.nanoTime();
    int status;
    do {
      status = Http.post(env.gateway().baseUrl() + "/chat/completions", key, chat("test-model")).statusCode();
    } while (status == 200 && System.nanoTime() - t0 < 1_000_000_000L);
    assertEquals(401, status, "revoked key refused within 1 s");
    assertEquals(404, Http.send("DELETE", admin + "/keys/" + k.get("id").asText(), TestGateway.ADMIN_KEY, null).statusCode());
  }

  @Test
  void keyRevokedDirectlyInTheStoreStopsWithin1s() throws Exception {
    JsonNode k = JSON.readTree(Http.post(admin + "/keys", TestGateway.ADMIN_KEY, "{\"name\":\"cli-revoked\"}").body());
    String key = k.get("key").asText();
    assertEquals(200, Http.post(env.gateway().baseUrl() + "/chat/completions", key, chat("test-model")).statusCode());
    env.gateway().store().keys().revoke(k.get("id").asText(), System.currentTimeMillis()); // as another instance / the CLI would
    long t0 = System.nanoTime();
    int status;
    do {
      Thread.sleep(50);
      status = Http.post(env.gateway().baseUrl() + "/chat/completions", key, chat("test-model")).statusCode();
    } while (status == 200 && System.nanoTime() - t0 < 1_500_000_000L);
    assertEquals(401, status);
    assertTrue(System.nanoTime() - t0 < 1_200_000_000L, "refused within about a second");
  }

  @Test
  void badAdminRequestsNameTheField() throws Exception {
    HttpResponse<String> r = Http.post(admin + "/keys", TestGateway.ADMIN_KEY, "{\"name\":\"x\",\"models\":[\"gpt-9\"]}");
    assertEquals(400, r.statusCode());
    assertEquals("models", JSON.readTree(r.body()).get("error").get("param").asText());
    r = Http.post(admin + "/keys", TestGateway.ADMIN_KEY, "{\"nam\":\"x\"}");
    assertEquals(400, r.statusCode());
    assertEquals("nam", JSON.readTree(r.body()).get("error").get("param").asText());
    r = Http.post(admin + "/keys", TestGateway.ADMIN_KEY, "{\"name\":\"x\",\"expires_at\":\"2001-01-01T00:00:00Z\"}");
    assertEquals(400, r.statusCode());
  }

  @Test
  void allowlistedKeySeesAndUsesOnlyItsModels() throws Exception {
    JsonNode k = JSON.readTree(Http.post(admin + "/keys", TestGateway.ADMIN_KEY,
        "{\"name\":\"narrow\",\"models\":[\"test-model\"]}").body());
    String key = k.get("key").asText();
    assertEquals(200, Http.post(env.gateway().baseUrl() + "/chat/completions", key, chat("test-model")).statusCode());
    HttpResponse<String> r = Http.post(env.gateway().baseUrl() + "/chat/completions", key, chat("second-model"));
    assertEquals(403, r.statusCode());
    assertEquals("model_not_allowed", JSON.readTree(r.body()).get("error").get("code").asText());
    JsonNode models = JSON.readTree(Http.get(env.gateway().baseUrl() + "/models", key).body());
    assertEquals(1, models.get("data").size());
    assertEquals(404, Http.get(env.gateway().baseUrl() + "/models/second-model", key).statusCode());
  }

  @Test
  void modelsListShowsUnavailableAndSimulatedModels() throws Exception {
    JsonNode list = JSON.readTree(Http.get(env.gateway().baseUrl() + "/models", env.gateway().key()).body());
    assertEquals("list", list.get("object").asText());
    List<String> ids = new ArrayList<>();
    list.get("data").forEach(m -> ids.add(m.get("id").asText()));
    assertEquals(List.of("test-model", "second-model", "sim-model", "offline-model"), ids);
    JsonNode offline = JSON.readTree(Http.get(env.gateway().baseUrl() + "/models/offline-model", env.gateway().key()).body());
    assertEquals("model", offline.get("object").asText());
    assertFalse(offline.get("shepherd").get("available").asBoolean());
    assertTrue(offline.get("shepherd").get("unavailable_reason").asText().contains("offline"));
    JsonNode sim = JSON.readTree(Http.get(env.gateway().baseUrl() + "/models/sim-model", env.gateway().key()).body());
    assertTrue(sim.get("shepherd").get("simulated").asBoolean());
    assertTrue(sim.get("shepherd").get("available").asBoolean());
    assertNotEquals(0, sim.get("created").asLong());
  }

  @Test
  void healthAndReadiness() throws Exception {
    String root = "http://127.0.0.1:" + env.gateway().port();
    assertEquals(200, Http.get(root + "/healthz", null).statusCode());
    assertEquals(200, Http.get(root + "/readyz", null).statusCode());
  }
}
