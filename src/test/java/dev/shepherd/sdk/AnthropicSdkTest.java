package dev.shepherd.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.JsonValue;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.errors.NotFoundException;
import com.anthropic.errors.UnauthorizedException;
import com.anthropic.errors.UnexpectedStatusCodeException;
import com.anthropic.helpers.MessageAccumulator;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCountTokensParams;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.anthropic.models.messages.StopReason;
import com.anthropic.models.messages.Tool;
import com.anthropic.models.messages.ToolUseBlock;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shepherd.testing.GatewayExtension;
import dev.shepherd.testing.Http;
import dev.shepherd.testing.TestGateway;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The official Anthropic Java SDK, unchanged but for base URL and key, against {@code /v1/messages}
 * of the gateway backed by an OpenAI-compatible upstream (the simulator): plain, streamed and tool
 * use answers, token counting, and the SDK's own exception types for the gateway's refusals.
 */
class AnthropicSdkTest {
  @RegisterExtension
  static final GatewayExtension env = new GatewayExtension();
  static final ObjectMapper JSON = new ObjectMapper();
  static AnthropicClient client;

  @BeforeAll
  static void start() {
    client = sdk(env.gateway().key());
  }

  @AfterAll
  static void stop() {
    client.close();
  }

  static AnthropicClient sdk(String key) {
    return AnthropicOkHttpClient.builder().baseUrl("http://127.0.0.1:" + env.gateway().port()).apiKey(key)
        .maxRetries(0).build();
  }

  static MessageCreateParams.Builder ask(String text) {
    return MessageCreateParams.builder().model("sim-model").maxTokens(32).system("be brief").addUserMessage(text);
  }

  static Tool lookup() {
    return Tool.builder().name("lookup").description("Looks something up")
        .inputSchema(Tool.InputSchema.builder().properties(JsonValue.from(Map.of("q", Map.of("type", "string")))).build())
        .build();
  }

  @Test
  void message() {
    Message m = client.messages().create(ask("echo: hello from the simulator").build());
    assertEquals("hello from the simulator", m.content().getFirst().asText().text());
    assertEquals(StopReason.END_TURN, m.stopReason().orElseThrow());
    assertEquals("sim-model", m.model().asString());
    assertTrue(m.id().startsWith("msg_"), m.id());
    assertTrue(m.usage().inputTokens() > 0);
    assertTrue(m.usage().outputTokens() > 0);
  }

  @Test
  void streamedMessageEqualsThePlainOne() {
    List<RawMessageStreamEvent> events = new ArrayList<>();
    MessageAccumulator acc = MessageAccumulator.create();
    try (StreamResponse<RawMessageStreamEvent> s = client.messages().createStreaming(ask("echo: one two three").build())) {
      s.stream().forEach(e -> {
        events.add(e);
        acc.accumulate(e);
      });
    }
    Message m = acc.message();
    assertEquals("one two three", m.content().getFirst().asText().text());
    assertEquals(StopReason.END_TURN, m.stopReason().orElseThrow());
    assertTrue(events.getFirst().isMessageStart());
    assertTrue(events.getLast().isMessageStop());
    assertTrue(m.usage().outputTokens() > 0);
  }

  @Test
  void toolUse() {
    MessageCreateParams params = ask("call_tool please").addTool(lookup()).build();
    Message m = client.messages().create(params);
    ToolUseBlock call = m.content().stream().filter(b -> b.isToolUse()).findFirst().orElseThrow().asToolUse();
    assertEquals("lookup", call.name());
    assertEquals(StopReason.TOOL_USE, m.stopReason().orElseThrow());
    MessageAccumulator acc = MessageAccumulator.create();
    try (StreamResponse<RawMessageStreamEvent> s = client.messages().createStreaming(params)) {
      s.stream().forEach(acc::accumulate);
    }
    Message streamed = acc.message();
    assertEquals("lookup", streamed.content().stream().filter(b -> b.isToolUse()).findFirst().orElseThrow()
        .asToolUse().name());
    assertEquals(StopReason.TOOL_USE, streamed.stopReason().orElseThrow());
  }

  @Test
  void countTokensMatchesWhatTheGatewayCounts() throws Exception {
    long n = client.messages().countTokens(MessageCountTokensParams.builder().model("sim-model")
        .system("be brief").addUserMessage("How many tokens is this?").build()).inputTokens();
    var chat = Http.post(env.gateway().baseUrl() + "/tokenize", env.gateway().key(), "{\"model\":\"sim-model\","
        + "\"messages\":[{\"role\":\"system\",\"content\":\"be brief\"},{\"role\":\"user\",\"content\":\"How many tokens is this?\"}]}");
    assertEquals(JSON.readTree(chat.body()).get("prompt_tokens").asLong(), n);
  }

  @Test
  void refusalsAreTheSdksExceptions() throws Exception {
    AnthropicClient wrong = sdk("sk-shp-wrong");
    UnauthorizedException u = assertThrows(UnauthorizedException.class, () -> wrong.messages().create(ask("hi").build()));
    assertEquals(401, u.statusCode());
    assertTrue(u.getMessage().contains("authentication_error"), u.getMessage());
    wrong.close();
    assertThrows(NotFoundException.class, () -> client.messages().create(ask("hi").model("no-such-model").build()));
    String admin = env.gateway().baseUrl().replace("/v1", "/admin/v1");
    String account = JSON.readTree(Http.post(admin + "/accounts", TestGateway.ADMIN_KEY, "{\"name\":\"a\"}").body())
        .get("id").asText();
    String poor = JSON.readTree(Http.post(admin + "/keys", TestGateway.ADMIN_KEY,
        "{\"name\":\"k\",\"account_id\":\"" + account + "\"}").body()).get("key").asText();
    AnthropicClient metered = sdk(poor);
    UnexpectedStatusCodeException credit = assertThrows(UnexpectedStatusCodeException.class, () -> metered.messages()
        .create(ask("hi").model("test-model").maxTokens(900_000).build())); // may cost $1.80, the account has $1.00
    assertEquals(402, credit.statusCode());
    assertTrue(credit.getMessage().contains("billing_error"), credit.getMessage());
    metered.close();
  }

  @Test
  void bearerKeysAndAnyVersionAreAccepted() throws Exception {
    var r = Http.post(env.gateway().baseUrl() + "/messages", env.gateway().key(),
        "{\"model\":\"sim-model\",\"max_tokens\":8,\"messages\":[{\"role\":\"user\",\"content\":\"echo: ok\"}]}",
        "anthropic-version", "2099-01-01");
    assertEquals(200, r.statusCode(), r.body());
    assertEquals("message", JSON.readTree(r.body()).get("type").asText());
  }

  @Test
  void everyRefusalIsAnthropicShaped() throws Exception {
    String url = env.gateway().baseUrl() + "/messages";
    var bad = Http.post(url, env.gateway().key(), "{\"model\":");
    assertEquals(400, bad.statusCode());
    assertEquals("invalid_request_error", JSON.readTree(bad.body()).at("/error/type").asText());
    assertEquals("error", JSON.readTree(bad.body()).get("type").asText());
    var missing = Http.post(url, env.gateway().key(), "{\"model\":\"sim-model\",\"messages\":[]}");
    assertEquals(400, missing.statusCode());
    assertFalse(missing.body().contains("\"code\""), missing.body());
    var method = Http.get(url, env.gateway().key());
    assertEquals(405, method.statusCode());
    assertEquals("invalid_request_error", JSON.readTree(method.body()).at("/error/type").asText());
    var unauthorized = Http.post(url, "sk-shp-nope", "{}");
    assertEquals(401, unauthorized.statusCode());
    assertEquals("authentication_error", JSON.readTree(unauthorized.body()).at("/error/type").asText());
    var count = Http.post(url + "/count_tokens", env.gateway().key(), "{\"model\":\"nope\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}");
    assertEquals(404, count.statusCode());
    assertEquals("not_found_error", JSON.readTree(count.body()).at("/error/type").asText());
  }
}
