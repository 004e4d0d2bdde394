package dev.shepherd.billing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shepherd.auth.ApiKeys;
import dev.shepherd.store.LedgerEntry;
import dev.shepherd.testing.GatewayExtension;
import dev.shepherd.testing.Http;
import dev.shepherd.testing.TestGateway;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Redemption codes through a real gateway: an admin creates a batch, a key's account redeems a
 * code once, and every refusal is a 400 naming why. The wallet (seen through the admin API) and
 * the stored ledger move together, and the ledger verifies.
 */
class RedeemTest {
  @RegisterExtension
  static final GatewayExtension env = new GatewayExtension();
  static final ObjectMapper JSON = new ObjectMapper();

  static String admin() {
    return env.gateway().baseUrl().replace("/v1", "/admin/v1");
  }

  /** A new account (with the $1.00 signup bonus) and a key on it: {id, key}. */
  static String[] accountWithKey() throws Exception {
    String id = JSON.readTree(Http.post(admin() + "/accounts", TestGateway.ADMIN_KEY, "{\"name\":\"r\"}").body())
        .get("id").asText();
    String key = JSON.readTree(Http.post(admin() + "/keys", TestGateway.ADMIN_KEY,
        "{\"name\":\"k\",\"account_id\":\"" + id + "\"}").body()).get("key").asText();
    return new String[] {id, key};
  }

  static JsonNode account(String id) throws Exception {
    return JSON.readTree(Http.get(admin() + "/accounts/" + id, TestGateway.ADMIN_KEY).body());
  }

  static JsonNode batch(String body) throws Exception {
    HttpResponse<String> r = Http.post(admin() + "/codes", TestGateway.ADMIN_KEY, body);
    assertEquals(201, r.statusCode(), r.body());
    return JSON.readTree(r.body());
  }

  static HttpResponse<String> redeem(String key, String code) throws Exception {
    return Http.post(env.gateway().baseUrl() + "/account/redeem", key, "{\"code\":\"" + code + "\"}");
  }

  static void refused(HttpResponse<String> r, String code) throws Exception {
    assertEquals(400, r.statusCode(), r.body());
    JsonNode error = JSON.readTree(r.body()).get("error");
    assertEquals(code, error.get("code").asText(), r.body());
    assertEquals("invalid_request_error", error.get("type").asText());
  }

  @Test
  void aCodeCreditsEachAccountOnceAndNoMoreThanMaxUses() throws Exception {
    JsonNode b = batch("{\"value\":\"5.00\",\"count\":3,\"max_uses\":1,\"expires_at\":\"2999-01-01T00:00:00Z\"}");
    assertEquals("5.00", b.get("value").asText());
    assertEquals(1, b.get("max_uses").asInt());
    assertEquals("2999-01-01T00:00:00Z", b.get("expires_at").asText());
    assertEquals(3, b.get("codes").size());
    String code = b.get("codes").get(0).asText();
    assertTrue(code.matches("SHP(-[0-9A-Z]{4}){4}"), code);

    String[] a = accountWithKey();
    HttpResponse<String> ok = redeem(a[1], code.toLowerCase(java.util.Locale.ROOT));
    assertEquals(200, ok.statusCode(), ok.body());
    JsonNode out = JSON.readTree(ok.body());
    assertEquals("5.00", out.get("credited").asText());
    assertEquals("5.00", out.get("balance").asText());
    assertEquals("6.00", out.get("available").asText(), "$5 paid + the $1 signup bonus");
    assertEquals("5.00", account(a[0]).get("balance").asText());
    List<LedgerEntry> stored = env.gateway().store().billing().entries(a[0], 10);
    assertEquals(LedgerEntry.Kind.REDEMPTION, stored.get(0).kind());
    assertEquals(ApiKeys.hash(code), stored.get(0).reference(), "the ledger keeps the hash, never the code");

    refused(redeem(a[1], code), "code_already_redeemed");
    String[] other = accountWithKey();
    refused(redeem(other[1], code), "code_used_up");
    assertEquals("0.00", account(other[0]).get("balance").asText());
    assertEquals("5.00", account(a[0]).get("balance").asText());
    assertEquals(List.of(), env.gateway().store().billing().verify());
  }

  @Test
  void expiredUnknownAndMalformedCodesAreRefused() throws Exception {
    String[] a = accountWithKey();
    String expired = batch("{\"value\":\"1\",\"expires_at\":\"2020-01-01T00:00:00Z\"}").get("codes").get(0).asText();
    refused(redeem(a[1], expired), "code_expired");
    refused(redeem(a[1], "SHP-0000-0000-0000-0000"), "invalid_code");
    refused(redeem(a[1], "not a code"), "invalid_code");
    assertEquals("0.00", account(a[0]).get("balance").asText());
    assertEquals(List.of(), env.gateway().store().billing().verify());
  }

  @Test
  void aSharedCodeAdmitsMaxUsesAccounts() throws Exception {
    String code = batch("{\"value\":\"0.25\",\"max_uses\":2}").get("codes").get(0).asText();
    assertEquals(200, redeem(accountWithKey()[1], code).statusCode());
    assertEquals(200, redeem(accountWithKey()[1], code).statusCode());
    refused(redeem(accountWithKey()[1], code), "code_used_up");
  }

  @Test
  void aKeyWithoutAnAccountIsNotFoundAndBadBatchesAreRefused() throws Exception {
    HttpResponse<String> r = redeem(env.gateway().key(), "SHP-0000-0000-0000-0000");
    assertEquals(404, r.statusCode(), r.body());
    for (String bad : List.of("{}", "{\"value\":\"0\"}", "{\"value\":\"-1\"}", "{\"value\":\"1\",\"count\":0}",
        "{\"value\":\"1\",\"max_uses\":1.5}", "{\"value\":\"1\",\"expires_at\":\"tomorrow\"}")) {
      assertEquals(400, Http.post(admin() + "/codes", TestGateway.ADMIN_KEY, bad).statusCode(), bad);
    }
  }
}
