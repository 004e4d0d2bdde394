package dev.shepherd.billing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shepherd.testing.GatewayExtension;
import dev.shepherd.testing.Http;
import dev.shepherd.testing.TestGateway;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A key can only be created for an account that exists (instead of a key whose requests all get 402). */
class KeyAccountTest {
  @RegisterExtension
  static final GatewayExtension env = new GatewayExtension();
  static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void aKeyForAnUnknownAccountIsRefusedNamingAccountId() throws Exception {
    String admin = env.gateway().baseUrl().replace("/v1", "/admin/v1");
    int keys = env.gateway().keys().size();
    HttpResponse<String> r = Http.post(admin + "/keys", TestGateway.ADMIN_KEY,
        "{\"name\":\"k\",\"account_id\":\"acct_nope\"}");
    assertEquals(400, r.statusCode(), r.body());
    JsonNode e = JSON.readTree(r.body()).get("error");
    assertEquals("account_id", e.get("param").asText());
    assertEquals("invalid_value", e.get("code").asText());
    assertTrue(e.get("message").asText().startsWith("account_id: no account 'acct_nope'"), e.toString());
    assertEquals(keys, env.gateway().keys().size(), "nothing stored");

    String id = JSON.readTree(Http.post(admin + "/accounts", TestGateway.ADMIN_KEY, "{\"name\":\"t\"}").body())
        .get("id").asText();
    HttpResponse<String> ok = Http.post(admin + "/keys", TestGateway.ADMIN_KEY, "{\"name\":\"k\",\"account_id\":\"" + id + "\"}");
    assertEquals(201, ok.statusCode(), ok.body());
    assertTrue(JSON.readTree(ok.body()).get("daily_spend_cap").isNull());
    assertEquals(201, Http.post(admin + "/keys", TestGateway.ADMIN_KEY, "{\"name\":\"unmetered\"}").statusCode(),
        "a key without an account is still fine");
  }
}
