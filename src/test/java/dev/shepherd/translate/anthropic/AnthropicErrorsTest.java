package dev.shepherd.translate.anthropic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shepherd.api.ApiException;
import dev.shepherd.api.ErrorKind;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AnthropicErrorsTest {
  @ParameterizedTest
  @CsvSource({
      "400,invalid_request_error,UPSTREAM_REJECTED", "413,request_too_large,UPSTREAM_REJECTED",
      "401,authentication_error,UPSTREAM_ERROR", "403,permission_error,UPSTREAM_ERROR",
      "404,not_found_error,UPSTREAM_ERROR", "402,billing_error,UPSTREAM_ERROR",
      "429,rate_limit_error,UPSTREAM_RATE_LIMITED", "500,api_error,UPSTREAM_ERROR",
      "504,timeout_error,UPSTREAM_TIMEOUT", "529,overloaded_error,UPSTREAM_UNAVAILABLE",
      "0,overloaded_error,UPSTREAM_UNAVAILABLE", "529,,UPSTREAM_UNAVAILABLE", "503,,UPSTREAM_UNAVAILABLE",
      "408,,UPSTREAM_TIMEOUT", "422,,UPSTREAM_REJECTED", "502,,UPSTREAM_ERROR", "418,teapot_error,UPSTREAM_ERROR",
      "429,,UPSTREAM_RATE_LIMITED"})
  void anthropicErrorsMapLikeTheOpenAiPath(int status, String type, ErrorKind kind) {
    assertEquals(kind, AnthropicErrors.kind(status, type));
  }

  @Test
  void overloadedFailsOverAndIsRetryable() {
    ErrorKind k = AnthropicErrors.kind(529, "overloaded_error");
    assertTrue(k.shouldRetry());
    assertEquals(ErrorKind.Fault.UPSTREAM, k.fault());
  }

  @Test
  void everyKindHasAnAnthropicTypeAndTheStatusAgrees() {
    Set<String> types = Set.of("invalid_request_error", "authentication_error", "permission_error", "not_found_error",
        "request_too_large", "rate_limit_error", "billing_error", "api_error", "overloaded_error", "timeout_error");
    for (ErrorKind k : ErrorKind.values()) {
      String t = AnthropicErrors.type(k);
      assertTrue(types.contains(t), k + " → " + t);
      switch (k.status()) {
        case 401 -> assertEquals("authentication_error", t);
        case 404 -> assertEquals("not_found_error", t);
        case 413 -> assertEquals("request_too_large", t);
        case 429 -> assertEquals("rate_limit_error", t);
        case 402 -> assertEquals("billing_error", t);
        case 400 -> assertEquals("invalid_request_error", t);
        default -> { }
      }
    }
  }

  @Test
  void bodyIsAnAnthropicErrorObject() {
    JsonNode body = AnthropicJson.parse(AnthropicErrors.body(ErrorKind.MISSING_PARAMETER, "max_tokens: \"required\"\n"));
    assertEquals("error", body.get("type").asText());
    assertEquals("invalid_request_error", body.at("/error/type").asText());
    assertEquals("max_tokens: \"required\"\n", body.at("/error/message").asText());
    String sse = AnthropicErrors.sseEvent(ErrorKind.UPSTREAM_UNAVAILABLE, "retry later");
    assertTrue(sse.startsWith("event: error\ndata: {\"type\":\"error\"") && sse.endsWith("}\n\n"), sse);
  }

  @Test
  void exceptionKeepsOnlyTheCallersOwnFaultMessages() {
    ApiException rejected = AnthropicErrors.exception(400,
        "{\"type\":\"error\",\"error\":{\"type\":\"invalid_request_error\",\"message\":\"max_tokens: too big\"}}", -1);
    assertEquals(ErrorKind.UPSTREAM_REJECTED, rejected.kind());
    assertEquals("max_tokens: too big", rejected.getMessage());
    ApiException auth = AnthropicErrors.exception(401,
        "{\"type\":\"error\",\"error\":{\"type\":\"authentication_error\",\"message\":\"invalid x-api-key sk-ant-abc\"}}", -1);
    assertEquals(ErrorKind.UPSTREAM_ERROR, auth.kind());
    assertFalse(auth.getMessage().contains("sk-ant"), auth.getMessage());
    ApiException overloaded = AnthropicErrors.exception(529, "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\","
        + "\"message\":\"Overloaded\"},\"request_id\":\"req_011CSHoEeqs5C35K2UUqR7Fy\"}", 2000);
    assertEquals(ErrorKind.UPSTREAM_UNAVAILABLE, overloaded.kind());
    assertEquals(2000, overloaded.retryAfterMillis());
    ApiException garbage = AnthropicErrors.exception(502, "<html>Bad gateway</html>", 5);
    assertEquals(ErrorKind.UPSTREAM_ERROR, garbage.kind());
    assertEquals(-1, garbage.retryAfterMillis());
    assertNotNull(AnthropicErrors.exception(400, null, -1).getMessage());
  }
}
