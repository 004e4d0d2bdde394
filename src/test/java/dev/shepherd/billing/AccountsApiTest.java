package dev.shepherd.billing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shepherd.store.LedgerEntry;
import dev.shepherd.testing.GatewayExtension;
import dev.shepherd.testing.Http;
import dev.shepherd.testing.TestGateway;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Accounts through the admin API: create, read, top-ups in USD and CNY (¥1 → $1), idempotent references. */
class AccountsApiTest {
  @RegisterExtension
  static final GatewayExtension env = new GatewayExtension();
  static final ObjectMapper JSON = new ObjectMapper();

  static String admin() {
    return env.gateway().baseUrl().replace("/v1", "/admin/v1");
  }

  static JsonNode post(String path, String body, int status) throws Exception {
    HttpResponse<String> r = Http.post(admin() + path, TestGateway.ADMIN_KEY, body);
    assertEquals(status, r.statusCode(), r.body());
    return JSON.readTree(r.body());
  }

  @Test
  void createReadAndTopUpInUsdAndCnyAtThePlanRate() throws Exception {
    JsonNode created = post("/accounts", "{\"name\":\"team-a\",\"currency\":\"CNY\"}", 201);
    String id = created.get("id").asText();
    assertTrue(id.startsWith("acct_"));
    assertEquals("0.00", created.get("balance").asText());
    assertEquals("1.00", created.get("promo_balance").asText(), "the default $1.00 signup bonus");
    assertEquals("CNY", created.get("currency").asText());

    JsonNode usd = post("/accounts/" + id + "/credits", "{\"amount\":\"10.00\",\"currency\":\"USD\",\"reference\":\"pay_1\"}", 200);
    assertEquals("10.00", usd.get("balance").asText());
    JsonNode cny = post("/accounts/" + id + "/credits", "{\"amount\":\"100\",\"currency\":\"CNY\",\"reference\":\"alipay_7\"}", 200);
    assertEquals("110.00", cny.get("balance").asText(), "¥100 buys $100 of credit on the flagship plan");
    assertEquals("100.00", cny.get("credited").asText());

    JsonNode again = post("/accounts/" + id + "/credits", "{\"amount\":\"100\",\"currency\":\"CNY\",\"reference\":\"alipay_7\"}", 200);
    assertTrue(again.get("duplicate").asBoolean());
    assertEquals("110.00", again.get("balance").asText(), "the same reference credits once");

    JsonNode read = JSON.readTree(Http.get(admin() + "/accounts/" + id, TestGateway.ADMIN_KEY).body());
    assertEquals("110.00", read.get("balance").asText());
    assertEquals("1.00", read.get("promo_balance").asText());
    assertEquals("111.00", read.get("available").asText());

    List<LedgerEntry> ledger = env.gateway().store().billing().entries(id, 10);
    LedgerEntry topup = ledger.stream().filter(e -> "alipay_7".equals(e.reference())).findFirst().orElseThrow();
    assertEquals("CNY", topup.currency());
    assertEquals(100_000_000, topup.originalMinor());
    assertEquals(100_000_000, topup.paidMicros());
    assertEquals(0, new java.math.BigDecimal("1.0").compareTo(new java.math.BigDecimal(topup.rate())));
    assertEquals(List.of(), env.gateway().store().billing().verify());
  }

  @Test
  void badRequestsAreClear() throws Exception {
    String id = post("/accounts", "{\"name\":\"b\"}", 201).get("id").asText();
    assertEquals("amount", post("/accounts/" + id + "/credits", "{\"currency\":\"USD\",\"reference\":\"r\"}", 400)
        .at("/error/param").asText());
    assertTrue(post("/accounts/" + id + "/credits", "{\"amount\":\"1.0000001\",\"reference\":\"r\"}", 400)
        .at("/error/message").asText().contains("at most 6 decimals"));
    assertTrue(post("/accounts/" + id + "/credits", "{\"amount\":\"5\",\"currency\":\"EUR\",\"reference\":\"r\"}", 400)
        .at("/error/message").asText().contains("CNY"));
    assertEquals(404, Http.get(admin() + "/accounts/acct_nope", TestGateway.ADMIN_KEY).statusCode());
    assertEquals("invalid_json", post("/accounts", "{\"name\":", 400).at("/error/code").asText());
    assertEquals(401, Http.get(admin() + "/accounts/" + id, env.gateway().key()).statusCode());
  }
}
