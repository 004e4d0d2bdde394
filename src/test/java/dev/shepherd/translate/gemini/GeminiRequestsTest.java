package dev.shepherd.translate.gemini;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shepherd.api.ApiException;
import dev.shepherd.api.ErrorKind;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Refusals (400s naming the field) and the drop list; the happy paths are the golden fixtures. */
class GeminiRequestsTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String HELLO = "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]";

  static ObjectNode chat(String fields) {
    try {
      return (ObjectNode) JSON.readTree("{" + HELLO + (fields.isEmpty() ? "" : "," + fields) + "}");
    } catch (Exception e) {
      throw new IllegalArgumentException(e);
    }
  }

  static ApiException refused(JsonNode chat) {
    return assertThrows(ApiException.class, () -> GeminiRequests.fromChat(chat, Set.of()));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "logit_bias|{\"50256\":-100}",
      "top_logprobs|2",
      "logprobs|true",
      "parallel_tool_calls|false",
      "store|true",
      "modalities|[\"text\",\"audio\"]",
      "audio|{\"voice\":\"alloy\",\"format\":\"wav\"}",
      "functions|[{\"name\":\"f\"}]",
      "function_call|\"auto\"",
      "prediction|{\"type\":\"content\",\"content\":\"x\"}",
      "service_tier|\"flex\"",
      "metadata|{\"k\":\"v\"}",
      "web_search_options|{}",
      "verbosity|\"low\"",
      "safety_identifier|\"u-1\"",
      "prompt_cache_key|\"k\"",
      "some_vendor_extension|1"})
  void unmappableParameterIsA400NamingItUnlessDropped(String name, String value) {
    ObjectNode chat = chat("\"" + name + "\":" + value);
    ApiException e = refused(chat);
    assertEquals(ErrorKind.UNSUPPORTED_PARAMETER, e.kind());
    assertEquals(name, e.param());
    assertTrue(e.getMessage().contains("'" + name + "'") && e.getMessage().contains("Gemini"), e.getMessage());

    ObjectNode body = GeminiRequests.fromChat(chat, Set.of(name));
    assertFalse(body.toString().contains(name), body.toString());
    assertEquals("hi", body.at("/contents/0/parts/0/text").asText());
  }

  @Test
  void dropCanBeNullAndApplies() {
    ObjectNode body = GeminiRequests.fromChat(chat("\"seed\":3,\"temperature\":1"), null);
    assertEquals(3, body.at("/generationConfig/seed").asInt());
    body = GeminiRequests.fromChat(chat("\"seed\":3,\"temperature\":1"), Set.of("seed"));
    assertTrue(body.at("/generationConfig/seed").isMissingNode());
    assertEquals(1, body.at("/generationConfig/temperature").asInt());
  }

  @ParameterizedTest(name = "{1}")
  @CsvSource(delimiter = '|', value = {
      "INVALID_TYPE|temperature|\"temperature\":\"hot\"",
      "INVALID_TYPE|max_tokens|\"max_tokens\":1.5",
      "INVALID_TYPE|stop|\"stop\":[1]",
      "INVALID_TYPE|parallel_tool_calls|\"parallel_tool_calls\":\"yes\"",
      "INVALID_VALUE|reasoning_effort|\"reasoning_effort\":\"max\"",
      "INVALID_VALUE|response_format.type|\"response_format\":{\"type\":\"yaml\"}",
      "INVALID_VALUE|response_format.json_schema.schema|\"response_format\":{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"x\"}}",
      "INVALID_VALUE|tool_choice|\"tool_choice\":\"required\"",
      "INVALID_VALUE|tool_choice|\"tool_choice\":\"sometimes\"",
      "UNSUPPORTED_PARAMETER|tools|\"tools\":[{\"type\":\"custom\",\"custom\":{\"name\":\"x\"}}]",
      "INVALID_VALUE|tools[0].function.name|\"tools\":[{\"type\":\"function\",\"function\":{}}]",
      "INVALID_VALUE|tool_choice.function.name|\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"a\"}}],\"tool_choice\":{\"type\":\"function\",\"function\":{\"name\":\"b\"}}",
      "UNSUPPORTED_PARAMETER|tool_choice|\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"a\"}}],\"tool_choice\":{\"type\":\"allowed_tools\",\"allowed_tools\":{\"mode\":\"auto\",\"tools\":[]}}"})
  void badParameterValuesAre400sNamingTheField(ErrorKind kind, String param, String fields) {
    ApiException e = refused(chat(fields));
    assertEquals(kind, e.kind(), e.getMessage());
    assertEquals(param, e.param());
    assertEquals(400, e.kind().status());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "messages[0].role|{\"role\":\"function\",\"name\":\"f\",\"content\":\"x\"}",
      "messages[0].role|{\"role\":\"robot\",\"content\":\"x\"}",
      "messages[0].tool_call_id|{\"role\":\"tool\",\"tool_call_id\":\"nope\",\"content\":\"x\"}",
      "messages[0].content[0].image_url.url|{\"role\":\"user\",\"content\":[{\"type\":\"image_url\",\"image_url\":{\"url\":\"https://cdn.example.com/img/12345\"}}]}",
      "messages[0].content[0].image_url.url|{\"role\":\"user\",\"content\":[{\"type\":\"image_url\",\"image_url\":{\"url\":\"ftp://example.com/a.png\"}}]}",
      "messages[0].content[0].image_url.url|{\"role\":\"user\",\"content\":[{\"type\":\"image_url\",\"image_url\":{\"url\":\"data:image/png,abc\"}}]}",
      "messages[0].content[0].file.file_id|{\"role\":\"user\",\"content\":[{\"type\":\"file\",\"file\":{\"file_id\":\"file-abc\"}}]}",
      "messages[0].content[0].input_audio.format|{\"role\":\"user\",\"content\":[{\"type\":\"input_audio\",\"input_audio\":{\"data\":\"AA==\",\"format\":\"flac\"}}]}",
      "messages[0].content[0].type|{\"role\":\"user\",\"content\":[{\"type\":\"video\"}]}",
      "messages[0].content[0].type|{\"role\":\"system\",\"content\":[{\"type\":\"image_url\",\"image_url\":{\"url\":\"data:image/png;base64,AA==\"}}]}",
      "messages[0].content[0].type|{\"role\":\"assistant\",\"content\":[{\"type\":\"image_url\",\"image_url\":{\"url\":\"data:image/png;base64,AA==\"}}]}",
      "messages[0].tool_calls[0].function.arguments|{\"role\":\"assistant\",\"tool_calls\":[{\"id\":\"c\",\"type\":\"function\",\"function\":{\"name\":\"f\",\"arguments\":\"{not json\"}}]}",
      "messages[0].tool_calls[0].function.arguments|{\"role\":\"assistant\",\"tool_calls\":[{\"id\":\"c\",\"type\":\"function\",\"function\":{\"name\":\"f\",\"arguments\":\"{} trailing\"}}]}",
      "messages[0].tool_calls[0].function.arguments|{\"role\":\"assistant\",\"tool_calls\":[{\"id\":\"c\",\"type\":\"function\",\"function\":{\"name\":\"f\",\"arguments\":\"[1,2]\"}}]}",
      "messages[0].function_call|{\"role\":\"assistant\",\"function_call\":{\"name\":\"f\",\"arguments\":\"{}\"}}"})
  void messagesThatCannotBeCarriedAre400sNamingThePart(String param, String message) throws Exception {
    ObjectNode chat = (ObjectNode) JSON.readTree("{\"messages\":[" + message + "]}");
    ApiException e = refused(chat);
    assertEquals(param, e.param(), e.getMessage());
    assertTrue(e.kind() == ErrorKind.INVALID_VALUE || e.kind() == ErrorKind.INVALID_TYPE, e.kind().name());
  }

  @Test
  void missingMessagesOrNonObjectBody() throws Exception {
    ApiException e = refused(JSON.readTree("{\"model\":\"m\"}"));
    assertEquals(ErrorKind.MISSING_PARAMETER, e.kind());
    assertEquals("messages", e.param());
    assertEquals(ErrorKind.INVALID_TYPE, refused(JSON.readTree("[]")).kind());
    e = refused(JSON.readTree("{\"messages\":[{\"role\":\"system\",\"content\":\"be brief\"},"
        + "{\"role\":\"user\",\"content\":\"\"}]}"));
    assertEquals(ErrorKind.INVALID_VALUE, e.kind());
    assertEquals("messages", e.param());
  }

  @Test
  void toolChoiceWithoutToolsNeedsNoConfigAndAllowedToolsRequiredIsAny() {
    assertFalse(GeminiRequests.fromChat(chat("\"tool_choice\":\"none\""), Set.of()).has("toolConfig"));
    ObjectNode body = GeminiRequests.fromChat(chat("\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"a\"}},"
        + "{\"type\":\"function\",\"function\":{\"name\":\"b\"}}],\"tool_choice\":{\"type\":\"allowed_tools\","
        + "\"allowed_tools\":{\"mode\":\"required\",\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"b\"}}]}}"),
        Set.of());
    assertEquals("{\"mode\":\"ANY\",\"allowedFunctionNames\":[\"b\"]}",
        body.at("/toolConfig/functionCallingConfig").toString());
    body = GeminiRequests.fromChat(chat("\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"a\"}}],"
        + "\"tool_choice\":\"none\""), Set.of());
    assertEquals("NONE", body.at("/toolConfig/functionCallingConfig/mode").asText());
  }

  @ParameterizedTest
  @CsvSource({"none,MINIMAL,0", "minimal,MINIMAL,512", "low,LOW,1024", "medium,MEDIUM,8192", "high,HIGH,24576",
      "xhigh,HIGH,24576"})
  void reasoningEffortLevelsAndBudgets(String effort, String level, int budget) {
    ObjectNode chat = chat("\"reasoning_effort\":\"" + effort + "\"");
    JsonNode current = GeminiRequests.fromChat(chat, Set.of()).at("/generationConfig/thinkingConfig");
    assertEquals(level, current.path("thinkingLevel").asText());
    JsonNode old = GeminiRequests.fromChat(chat, Set.of(), "gemini-2.5-pro").at("/generationConfig/thinkingConfig");
    assertEquals(budget, old.path("thinkingBudget").asInt(-1));
    assertEquals(!effort.equals("none"), current.path("includeThoughts").asBoolean(false));
    assertEquals(!effort.equals("none"), old.path("includeThoughts").asBoolean(false));
  }

  @Test
  void httpImageMimeTypesFromTheExtension() {
    assertEquals("image/png", GeminiParts.mimeFromExtension("https://x.io/a/b.PNG#frag"));
    assertEquals("image/webp", GeminiParts.mimeFromExtension("http://x.io/a.webp?x=1.jpg"));
    assertEquals("application/pdf", GeminiParts.mimeFromExtension("https://x.io/doc.pdf"));
    assertEquals(null, GeminiParts.mimeFromExtension("https://x.io"));
    assertEquals(null, GeminiParts.mimeFromExtension("https://x.io/a.b/photo"));
  }
}
