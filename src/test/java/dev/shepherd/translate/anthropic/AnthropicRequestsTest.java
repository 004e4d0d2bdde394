package dev.shepherd.translate.anthropic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shepherd.api.ApiException;
import dev.shepherd.api.ErrorKind;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AnthropicRequestsTest {
  static final String BASE = "{\"model\":\"gpt-4o\",\"max_tokens\":100,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]";

  static ObjectNode request(String extraFields) {
    return (ObjectNode) AnthropicJson.parse(BASE + (extraFields.isEmpty() ? "" : "," + extraFields) + "}");
  }

  static ObjectNode translate(JsonNode chat, String... drop) {
    return AnthropicRequests.fromChat(chat, "claude-x", 4096, Set.of(drop));
  }

  static ApiException rejected(JsonNode chat) {
    return assertThrows(ApiException.class, () -> translate(chat));
  }

  /** Parameter name = the first JSON key of each row. */
  @ParameterizedTest
  @ValueSource(strings = {"\"n\":2", "\"logprobs\":true", "\"top_logprobs\":3", "\"presence_penalty\":0.5",
      "\"frequency_penalty\":-1", "\"seed\":42", "\"logit_bias\":{\"50256\":-100}",
      "\"response_format\":{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"x\",\"schema\":{}}}",
      "\"response_format\":{\"type\":\"json_object\"}", "\"store\":true", "\"metadata\":{\"k\":\"v\"}",
      "\"modalities\":[\"text\",\"audio\"]", "\"audio\":{\"voice\":\"alloy\",\"format\":\"mp3\"}",
      "\"prediction\":{\"type\":\"content\",\"content\":\"x\"}", "\"service_tier\":\"flex\"", "\"web_search_options\":{}",
      "\"functions\":[{\"name\":\"f\"}]", "\"function_call\":\"auto\"", "\"prompt_cache_key\":\"k\"", "\"verbosity\":\"low\"",
      "\"chat_template_kwargs\":{\"enable_thinking\":false}"})
  void untranslatableParametersAre400sNamingThemUnlessDropped(String field) {
    String name = field.substring(1, field.indexOf('"', 1));
    ApiException e = rejected(request(field));
    assertEquals(ErrorKind.UNSUPPORTED_PARAMETER, e.kind());
    assertEquals(name, e.param());
    assertTrue(e.getMessage().startsWith(name + ": ") && e.getMessage().contains("anthropic"), e.getMessage());
    assertEquals(translate(request("")), translate(request(field), name), "dropped = silently removed");
  }

  @ParameterizedTest
  @ValueSource(strings = {"\"n\":1", "\"logprobs\":false", "\"presence_penalty\":0", "\"frequency_penalty\":0.0",
      "\"top_logprobs\":0", "\"store\":false", "\"logit_bias\":{}", "\"metadata\":{}", "\"response_format\":{\"type\":\"text\"}",
      "\"modalities\":[\"text\"]", "\"service_tier\":\"auto\"", "\"seed\":null", "\"stream_options\":{\"include_usage\":true}"})
  void defaultValuesLoseNothingAndPass(String field) {
    assertEquals(translate(request("")), translate(request(field)));
  }

  @Test
  void dropAlsoRemovesTranslatableParameters() {
    ObjectNode out = translate(request("\"temperature\":0.5,\"top_p\":0.9"), "top_p");
    assertEquals(0.5, out.get("temperature").asDouble());
    assertFalse(out.has("top_p"));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "\"temperature\":2.5|INVALID_VALUE|temperature",
      "\"temperature\":\"hot\"|INVALID_TYPE|temperature",
      "\"top_p\":1.5|INVALID_VALUE|top_p",
      "\"max_completion_tokens\":0|INVALID_VALUE|max_completion_tokens",
      "\"stop\":[1]|INVALID_TYPE|stop[0]",
      "\"stream\":\"yes\"|INVALID_TYPE|stream",
      "\"user\":7|INVALID_TYPE|user",
      "\"reasoning_effort\":\"turbo\"|INVALID_VALUE|reasoning_effort",
      "\"reasoning_effort\":\"low\",\"max_completion_tokens\":1000|INVALID_VALUE|reasoning_effort",
      "\"tools\":[{\"type\":\"custom\",\"custom\":{\"name\":\"x\"}}]|UNSUPPORTED_PARAMETER|tools[0].type",
      "\"tools\":[{\"type\":\"function\",\"function\":{}}]|MISSING_PARAMETER|tools[0].function.name",
      "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\"}}],\"tool_choice\":\"sometimes\"|INVALID_VALUE|tool_choice",
      "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\"}}],\"tool_choice\":{\"type\":\"allowed_tools\"}|UNSUPPORTED_PARAMETER|tool_choice",
      "\"parallel_tool_calls\":\"no\",\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\"}}]|INVALID_TYPE|parallel_tool_calls"})
  void malformedParametersAre400sNamingThem(String fields, ErrorKind kind, String param) {
    ApiException e = rejected(request(fields));
    assertEquals(kind, e.kind(), e.getMessage());
    assertEquals(param, e.param());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "[]|INVALID_VALUE|messages",
      "\"hi\"|INVALID_TYPE|messages",
      "[{\"role\":\"wizard\",\"content\":\"x\"}]|INVALID_VALUE|messages[0].role",
      "[{\"content\":\"x\"}]|MISSING_PARAMETER|messages[0].role",
      "[{\"role\":\"user\"}]|MISSING_PARAMETER|messages[0].content",
      "[{\"role\":\"function\",\"name\":\"f\",\"content\":\"x\"}]|UNSUPPORTED_PARAMETER|messages[0].role",
      "[{\"role\":\"tool\",\"content\":\"x\"}]|MISSING_PARAMETER|messages[0].tool_call_id",
      "[{\"role\":\"user\",\"content\":[{\"type\":\"input_audio\",\"input_audio\":{}}]}]|UNSUPPORTED_PARAMETER|messages[0].content[0].type",
      "[{\"role\":\"user\",\"content\":[{\"type\":\"video\"}]}]|INVALID_VALUE|messages[0].content[0].type",
      "[{\"role\":\"user\",\"content\":[{\"type\":\"image_url\",\"image_url\":{\"url\":\"ftp://x/y.png\"}}]}]|INVALID_VALUE|messages[0].content[0].image_url.url",
      "[{\"role\":\"user\",\"content\":[{\"type\":\"image_url\",\"image_url\":{\"url\":\"data:image/png,abc\"}}]}]|INVALID_VALUE|messages[0].content[0].image_url.url",
      "[{\"role\":\"user\",\"content\":[{\"type\":\"file\",\"file\":{\"file_id\":\"file-1\"}}]}]|UNSUPPORTED_PARAMETER|messages[0].content[0].file",
      "[{\"role\":\"assistant\",\"tool_calls\":[{\"id\":\"c\",\"type\":\"function\",\"function\":{\"name\":\"f\",\"arguments\":\"{bad\"}}]}]|INVALID_VALUE|messages[0].tool_calls[0].function.arguments",
      "[{\"role\":\"assistant\",\"tool_calls\":[{\"id\":\"c\",\"type\":\"function\",\"function\":{\"name\":\"f\",\"arguments\":\"[1]\"}}]}]|INVALID_VALUE|messages[0].tool_calls[0].function.arguments",
      "[{\"role\":\"assistant\",\"tool_calls\":[{\"type\":\"function\",\"function\":{\"name\":\"f\"}}]}]|MISSING_PARAMETER|messages[0].tool_calls[0].id",
      "[{\"role\":\"assistant\",\"content\":\"x\",\"function_call\":{\"name\":\"f\"}}]|UNSUPPORTED_PARAMETER|messages[0].function_call",
      "[{\"role\":\"system\",\"content\":[{\"type\":\"image_url\"}]}]|INVALID_VALUE|messages[0].content[0].type"})
  void malformedMessagesAre400sNamingTheField(String messages, ErrorKind kind, String param) {
    ObjectNode chat = request("");
    chat.set("messages", AnthropicJson.parse(messages));
    ApiException e = rejected(chat);
    assertEquals(kind, e.kind(), e.getMessage());
    assertEquals(param, e.param());
  }

  @Test
  void missingMessagesIsAMissingParameter() {
    ObjectNode chat = request("");
    chat.remove("messages");
    assertEquals("messages", rejected(chat).param());
  }

  @Test
  void theInputIsNeverModified() {
    ObjectNode chat = (ObjectNode) Fixtures.readJson("outbound/requests/tools-parallel.json").get("input");
    String before = chat.toString();
    translate(chat);
    assertEquals(before, chat.toString());
  }

  @Test
  void temperatureAboveOneIsClampedAndWithinRangeKeptExactly() {
    assertEquals(1.0, translate(request("\"temperature\":2")).get("temperature").asDouble());
    assertEquals("0.7", translate(request("\"temperature\":0.7")).get("temperature").toString());
    assertEquals("0", translate(request("\"temperature\":0")).get("temperature").toString());
  }

  @Test
  void emptyArgumentsAreAnEmptyInputAndRawBase64FileDataIsAPdf() {
    ObjectNode chat = request("");
    chat.set("messages", AnthropicJson.parse("[{\"role\":\"user\",\"content\":[{\"type\":\"file\",\"file\":{\"file_data\":"
        + "\"JVBERi0x\"}}]},{\"role\":\"assistant\",\"tool_calls\":[{\"id\":\"c\",\"function\":{\"name\":\"f\"}}]}]"));
    ObjectNode out = translate(chat);
    assertEquals("application/pdf", out.at("/messages/0/content/0/source/media_type").asText());
    assertEquals("{}", out.at("/messages/1/content/0/input").toString());
  }

  @Test
  void noToolsMeansNoToolChoice() {
    ObjectNode out = translate(request("\"tool_choice\":\"auto\",\"parallel_tool_calls\":false,\"tools\":[]"));
    assertFalse(out.has("tool_choice") || out.has("tools"));
  }
}
