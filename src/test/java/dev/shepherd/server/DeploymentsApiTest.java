package dev.shepherd.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shepherd.auth.AdminAuth;
import dev.shepherd.auth.ApiKeys;
import dev.shepherd.config.ConfigLoader;
import dev.shepherd.config.ShepherdConfig;
import dev.shepherd.store.Store;
import dev.shepherd.store.jdbc.JdbcStore;
import dev.shepherd.testing.Http;
import dev.shepherd.testing.TestGateway;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code PATCH /admin/v1/deployments/{id}}: the weight is written to the config file (comments
 * kept) and applied by a validated reload; refused changes leave file and routing alone. Also
 * {@code GET /admin/v1/accounts}, which the console lists accounts with.
 */
class DeploymentsApiTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String CONFIG = """
      # Weights are edited from the console. Keep this comment.
      server: {port: 0, event_loops: 1}
      store: {url: "STORE_URL"}
      providers:
        - {name: a, kind: simulator}
        - {name: b, kind: simulator}
      models:
        - id: chat
          context_window: 8192
          price: {input_per_mtok: 1, output_per_mtok: 2}
          deployments:
            - provider: a
              weight: 90   # primary
            - {provider: b, weight: 10}
        - id: solo
          context_window: 8192
          price: {input_per_mtok: 1, output_per_mtok: 2}
          deployments: [{provider: a, model: solo-up}]
      """;
  TestGateway gateway;

  @BeforeEach
  void start() throws Exception {
    gateway = TestGateway.start(CONFIG);
  }

  @AfterEach
  void stop() throws Exception {
    gateway.close();
  }

  String admin(String path) {
    return "http://127.0.0.1:" + gateway.port() + "/admin/v1/" + path;
  }

  HttpResponse<String> patch(String id, String body) throws Exception {
    return Http.send("PATCH", admin("deployments/" + id), TestGateway.ADMIN_KEY, body);
  }

  int weight(String model, String id) throws Exception {
    JsonNode routing = JSON.readTree(Http.get(admin("routing"), TestGateway.ADMIN_KEY).body());
    for (JsonNode m : routing.get("models")) {
      for (JsonNode d : m.get("deployments")) {
        if (m.get("id").asText().equals(model) && d.get("id").asText().equals(id)) {
          return d.get("weight").asInt();
        }
      }
    }
    throw new AssertionError(model + " " + id);
  }

  @Test
  void changesTheWeightInTheFileAndTheRunningConfig() throws Exception {
    HttpResponse<String> r = patch("a%2Fchat", "{\"weight\": 40}");
    assertEquals(200, r.statusCode(), r.body());
    JsonNode out = JSON.readTree(r.body());
    assertEquals("a/chat", out.get("id").asText());
    assertEquals("chat", out.get("model").asText());
    assertEquals(40, out.get("weight").asInt());
    assertEquals(2, out.get("config_version").asInt());
    assertEquals(40, weight("chat", "a/chat"));
    String yaml = Files.readString(gateway.configFile());
    assertTrue(yaml.startsWith("# Weights are edited from the console. Keep this comment.\n"), yaml);
    assertTrue(yaml.contains("      weight: 40   # primary\n"), yaml);
    // an unescaped slash works too, and "model" picks the model
    assertEquals(200, patch("a/solo-up", "{\"weight\": 3, \"model\": \"solo\"}").statusCode());
    assertTrue(Files.readString(gateway.configFile()).contains("[{weight: 3, provider: a, model: solo-up}]"));
    assertEquals(3, weight("solo", "a/solo-up"));
  }

  @Test
  void anInvalidResultIsRefusedAndNothingChanges() throws Exception {
    String before = Files.readString(gateway.configFile());
    HttpResponse<String> r = patch("a/solo-up", "{\"weight\": 0}");
    assertEquals(400, r.statusCode(), r.body());
    JsonNode error = JSON.readTree(r.body()).get("error");
    assertEquals("invalid_config", error.get("code").asText());
    assertTrue(error.get("message").asText().contains("models[1].deployments: every weight is 0"), r.body());
    assertEquals(before, Files.readString(gateway.configFile()));
    assertEquals(100, weight("solo", "a/solo-up"));
    assertEquals(1, JSON.readTree(Http.get(admin("routing"), TestGateway.ADMIN_KEY).body()).get("config_version").asInt());
  }

  @Test
  void badRequestsUnknownDeploymentsAndAdminKey() throws Exception {
    for (String body : new String[] {"{}", "{\"weight\": -1}", "{\"weight\": 1.5}", "{\"weight\": \"5\"}",
        "{\"weight\": 5, \"extra\": 1}", "not json", "[]"}) {
      HttpResponse<String> r = patch("a/chat", body);
      assertEquals(400, r.statusCode(), body + " → " + r.body());
    }
    HttpResponse<String> missing = patch("a/nothing", "{\"weight\": 5}");
    assertEquals(404, missing.statusCode(), missing.body());
    assertEquals(404, patch("a/chat", "{\"weight\": 5, \"model\": \"solo\"}").statusCode());
    assertEquals(401, Http.send("PATCH", admin("deployments/a/chat"), gateway.key(), "{\"weight\": 5}").statusCode());
    assertEquals(90, weight("chat", "a/chat"));
  }

  @Test
  void accountsAreListed() throws Exception {
    assertEquals(201, Http.post(admin("accounts"), TestGateway.ADMIN_KEY, "{\"name\":\"one\"}").statusCode());
    assertEquals(201, Http.post(admin("accounts"), TestGateway.ADMIN_KEY, "{\"name\":\"two\",\"currency\":\"CNY\"}").statusCode());
    JsonNode list = JSON.readTree(Http.get(admin("accounts"), TestGateway.ADMIN_KEY).body());
    assertEquals("list", list.get("object").asText());
    assertEquals(2, list.get("data").size());
    JsonNode two = null;
    for (JsonNode a : list.get("data")) {
      two = a.get("name").asText().equals("two") ? a : two;
    }
    assertEquals("CNY", two.get("currency").asText());
    assertEquals("1.00", two.get("available").asText());
  }

  @Test
  void withoutAConfigFileTheAnswerIs409(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("c.yaml");
    Files.writeString(file, CONFIG.replace("STORE_URL", "jdbc:sqlite:" + dir.resolve("t.db")));
    ShepherdConfig config = ConfigLoader.load(file, Map.of());
    try (Store store = JdbcStore.open(config.store().url(), "", "");
        ShepherdServer server = ShepherdServer.start(config, store, new AdminAuth(ApiKeys.hash(TestGateway.ADMIN_KEY)),
            Clock.systemUTC(), null, null)) {
      HttpResponse<String> r = Http.send("PATCH", "http://127.0.0.1:" + server.port() + "/admin/v1/deployments/a/chat",
          TestGateway.ADMIN_KEY, "{\"weight\": 5}");
      assertEquals(409, r.statusCode(), r.body());
      JsonNode error = JSON.readTree(r.body()).get("error");
      assertEquals("config_not_editable", error.get("code").asText());
      assertTrue(error.get("message").asText().contains("without --config"), r.body());
    }
  }
}
