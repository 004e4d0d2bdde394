package dev.shepherd.translate.anthropic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shepherd.api.ApiException;
import dev.shepherd.api.ErrorKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MessagesRequestsTest {
  static ObjectNode request(String fields) {
    return (ObjectNode) AnthropicJson.parse("{" + fields + "}");
  }

  static final String OK = "\"model\":\"claude\",\"max_tokens\":10,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]";

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "\"max_tokens\":10,\"messages\":[]|MISSING_PARAMETER|model",
      "\"model\":5,\"max_tokens\":10,\"messages\":[]|INVALID_TYPE|model",
      "\"model\":\"c\",\"messages\":[]|MISSING_PARAMETER|max_tokens",
      "\"model\":\"c\",\"max_tokens\":0,\"messages\":[]|INVALID_VALUE|max_tokens",
      "\"model\":\"c\",\"max_tokens\":1.5,\"messages\":[]|INVALID_TYPE|max_tokens",
      "\"model\":\"c\",\"max_tokens\":10|MISSING_PARAMETER|messages",
      "\"model\":\"c\",\"max_tokens\":10,\"messages\":{}|INVALID_TYPE|messages",
      "\"model\":\"c\",\"max_tokens\":10,\"messages\":[]|INVALID_VALUE|messages",
      "\"model\":\"c\",\"max_tokens\":10,\"messages\":[{\"role\":\"system\",\"content\":\"x\"}]|INVALID_VALUE|messages[0].role",
      "\"model\":\"c\",\"max_tokens\":10,\"messages\":[{\"content\":\"x\"}]|MISSING_PARAMETER|messages[0].role",
      "\"model\":\"c\",\"max_tokens\":10,\"messages\":[{\"role\":\"user\",\"content\":5}]|INVALID_TYPE|messages[0].content",
      "\"model\":\"c\",\"max_tokens\":10,\"messages\":[{\"role\":\"user\"}]|MISSING_PARAMETER|messages[0].content",
      "\"model\":\"c\",\"max_tokens\":10,\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"x\"}]}]|MISSING_PARAMETER|messages[0].content[0].type",
      "\"model\":\"c\",\"max_tokens\":10,\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"search_result\"}]}]|UNSUPPORTED_PARAMETER|messages[0].content[0].type",
      "\"model\":\"c\",\"max_tokens\":10,\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"tool_use\",\"id\":\"t\",\"name\":\"n\",\"input\":{}}]}]|INVALID_VALUE|messages[0].content[0].type",
      "\"model\":\"c\",\"max_tokens\":10,\"messages\":[{\"role\":\"assistant\",\"content\":[{\"type\":\"tool_result\",\"tool_use_id\":\"t\"}]}]|INVALID_VALUE|messages[0].content[0].type",
      "\"model\":\"c\",\"max_tokens\":10,\"messages\":[{\"role\":\"assistant\",\"content\":[{\"type\":\"tool_use\",\"id\":\"t\",\"name\":\"n\",\"input\":\"x\"}]}]|INVALID_TYPE|messages[0].content[0].input",
      "\"model\":\"c\",\"max_tokens\":10,\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"image\",\"source\":{\"type\":\"file\",\"file_id\":\"f\"}}]}]|UNSUPPORTED_PARAMETER|messages[0].content[0].source.type",
      "\"model\":\"c\",\"max_tokens\":10,\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"image\",\"source\":{\"type\":\"base64\",\"data\":\"x\"}}]}]|MISSING_PARAMETER|messages[0].content[0].source.media_type",
      "\"model\":\"c\",\"max_tokens\":10,\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"tool_result\"}]}]|MISSING_PARAMETER|messages[0].content[0].tool_use_id"})
  void invalidRequestsAre400sNamingTheField(String fields, ErrorKind kind, String param) {
    ApiException e = assertThrows(ApiException.class, () -> MessagesRequests.toChat(request(fields)));
    assertEquals(kind, e.kind(), e.getMessage());
    assertEquals(param, e.param());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "\"temperature\":1.5|INVALID_VALUE|temperature",
      "\"top_k\":-1|INVALID_VALUE|top_k",
      "\"stop_sequences\":\"END\"|INVALID_TYPE|stop_sequences",
      "\"system\":5|INVALID_TYPE|system",
      "\"system\":[{\"type\":\"image\"}]|INVALID_VALUE|system[0].type",
      "\"metadata\":{\"user_id\":5}|INVALID_TYPE|metadata.user_id",
      "\"thinking\":{\"type\":\"sometimes\"}|INVALID_VALUE|thinking.type",
      "\"thinking\":{\"type\":\"enabled\"}|MISSING_PARAMETER|thinking.budget_tokens",
      "\"tools\":[{\"type\":\"web_search_20250305\",\"name\":\"web_search\"}]|UNSUPPORTED_PARAMETER|tools[0].type",
      "\"tools\":[{\"name\":\"f\"}]|MISSING_PARAMETER|tools[0].input_schema",
      "\"tool_choice\":{\"type\":\"maybe\"}|INVALID_VALUE|tool_choice.type",
      "\"tool_choice\":{\"type\":\"tool\"}|MISSING_PARAMETER|tool_choice.name",
      "\"container\":\"c\"|UNSUPPORTED_PARAMETER|container",
      "\"mcp_servers\":[]|UNSUPPORTED_PARAMETER|mcp_servers"})
  void invalidParametersAre400sNamingThem(String field, ErrorKind kind, String param) {
    ApiException e = assertThrows(ApiException.class, () -> MessagesRequests.toChat(request(OK + "," + field)));
    assertEquals(kind, e.kind(), e.getMessage());
    assertEquals(param, e.param());
  }

  @Test
  void nonStreamingRequestsDoNotAskForUsageAndNullsAreAbsent() {
    ObjectNode out = MessagesRequests.toChat(request(OK + ",\"stream\":false,\"temperature\":null,\"system\":null"));
    assertFalse(out.has("stream") || out.has("stream_options") || out.has("temperature"));
    assertEquals(1, out.get("messages").size());
  }

  @Test
  void theInputIsNeverModified() {
    ObjectNode req = (ObjectNode) Fixtures.readJson("inbound/requests/tools.json").get("input");
    String before = req.toString();
    MessagesRequests.toChat(req);
    assertEquals(before, req.toString());
  }
}
