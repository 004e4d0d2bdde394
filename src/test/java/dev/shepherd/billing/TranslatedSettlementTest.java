package dev.shepherd.billing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shepherd.config.ConfigLoader;
import dev.shepherd.config.ModelConfig;
import dev.shepherd.store.LedgerEntry;
import dev.shepherd.testing.AnthropicFake;
import dev.shepherd.testing.Http;
import dev.shepherd.testing.TestGateway;
import dev.shepherd.testing.TranslatedGateway;
import dev.shepherd.tokens.Tokenizers;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A Claude stream cut after its first words (no {@code message_delta}, so no output usage): the
 * input tokens Anthropic reported in {@code message_start} plus the relayed words, counted here.
 * claude costs $3 / $15 per million input / output tokens: 3 µ$ and 15 µ$ a token.
 */
class TranslatedSettlementTest {
  @RegisterExtension
  static final TranslatedGateway env = new TranslatedGateway();
  static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void aCutClaudeStreamPaysReportedInputAndCountedOutput() throws Exception {
    String admin = env.gateway().baseUrl().replace("/v1", "/admin/v1");
    String account = JSON.readTree(Http.post(admin + "/accounts", TestGateway.ADMIN_KEY, "{\"name\":\"c\"}").body())
        .get("id").asText();
    String key = JSON.readTree(Http.post(admin + "/keys", TestGateway.ADMIN_KEY,
        "{\"name\":\"k\",\"account_id\":\"" + account + "\"}").body()).get("key").asText();
    env.anthropic().cutAfterContent();
    var r = Http.post(env.gateway().baseUrl() + "/chat/completions", key,
        "{\"model\":\"claude\",\"stream\":true,\"max_tokens\":100,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
    assertEquals(200, r.statusCode());
    StringBuilder relayed = new StringBuilder();
    for (String d : Http.dataEvents(r.body())) {
      JsonNode content = JSON.readTree(d).at("/choices/0/delta/content");
      if (content.isTextual()) {
        relayed.append(content.asText());
      }
    }
    assertTrue(relayed.length() > 0, r.body());
    ModelConfig claude = ConfigLoader.load(env.gateway().configFile(), Map.of()).models().stream()
        .filter(m -> m.id().equals("claude")).findFirst().orElseThrow();
    long output = Tokenizers.load(Map.of()).forModel(claude).count(relayed.toString());
    long expected = AnthropicFake.INPUT_TOKENS * 3L + output * 15L;

    long deadline = System.nanoTime() + 5_000_000_000L;
    List<LedgerEntry> charges;
    do {
      Thread.sleep(20);
      env.gateway().server().flushBilling();
      charges = env.gateway().store().billing().entries(account, 10).stream()
          .filter(e -> e.kind() == LedgerEntry.Kind.CHARGE).toList();
    } while (charges.isEmpty() && System.nanoTime() < deadline);
    assertEquals(1, charges.size());
    assertEquals(expected, -(charges.getFirst().paidMicros() + charges.getFirst().promoMicros()),
        "input " + AnthropicFake.INPUT_TOKENS + " reported, output " + output + " counted from '" + relayed + "'");
  }
}
