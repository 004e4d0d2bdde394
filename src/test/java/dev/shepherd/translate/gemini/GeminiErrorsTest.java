package dev.shepherd.translate.gemini;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shepherd.api.ApiException;
import dev.shepherd.api.ErrorKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GeminiErrorsTest {
  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({
      "400,INVALID_ARGUMENT,UPSTREAM_REJECTED",
      "400,FAILED_PRECONDITION,UPSTREAM_ERROR",
      "400,OUT_OF_RANGE,UPSTREAM_REJECTED",
      "401,UNAUTHENTICATED,UPSTREAM_ERROR",
      "403,PERMISSION_DENIED,UPSTREAM_ERROR",
      "404,NOT_FOUND,UPSTREAM_ERROR",
      "429,RESOURCE_EXHAUSTED,UPSTREAM_RATE_LIMITED",
      "500,INTERNAL,UPSTREAM_ERROR",
      "503,UNAVAILABLE,UPSTREAM_UNAVAILABLE",
      "504,DEADLINE_EXCEEDED,UPSTREAM_TIMEOUT",
      "499,CANCELLED,UPSTREAM_ERROR",
      "400,,UPSTREAM_REJECTED",
      "413,,UPSTREAM_REJECTED",
      "401,,UPSTREAM_ERROR",
      "403,,UPSTREAM_ERROR",
      "404,,UPSTREAM_ERROR",
      "408,,UPSTREAM_TIMEOUT",
      "429,,UPSTREAM_RATE_LIMITED",
      "500,,UPSTREAM_ERROR",
      "502,,UPSTREAM_ERROR",
      "503,,UPSTREAM_UNAVAILABLE",
      "504,,UPSTREAM_TIMEOUT",
      "0,,UPSTREAM_ERROR",
      "503,SOMETHING_NEW,UPSTREAM_UNAVAILABLE"})
  void googleStatusesMapLikeTheOpenAiProvider(int http, String status, ErrorKind expected) {
    assertEquals(expected, GeminiErrors.kind(http, status));
  }

  @Test
  void anInvalidApiKeyIsTheOperatorsFaultAndItsTextStaysHidden() {
    JsonNode body = GeminiJson.parse("{\"error\":{\"code\":400,\"message\":\"API key not valid. Please pass a valid API key.\","
        + "\"status\":\"INVALID_ARGUMENT\",\"details\":[{\"@type\":\"type.googleapis.com/google.rpc.ErrorInfo\","
        + "\"reason\":\"API_KEY_INVALID\",\"domain\":\"googleapis.com\",\"metadata\":{\"service\":"
        + "\"generativelanguage.googleapis.com\"}}]}}", "body");
    assertEquals(ErrorKind.UPSTREAM_ERROR, GeminiErrors.kind(400, body));
    ApiException e = GeminiErrors.toApiException(400, body, -1);
    assertEquals(ErrorKind.UPSTREAM_ERROR, e.kind());
    assertEquals("The upstream failed (HTTP 400).", e.getMessage());
  }

  @Test
  void callerFaultsKeepGooglesMessageTruncated() {
    String longText = "x".repeat(800);
    JsonNode body = GeminiJson.parse("[{\"error\":{\"code\":400,\"message\":\"" + longText
        + "\",\"status\":\"INVALID_ARGUMENT\"}}]", "body");
    ApiException e = GeminiErrors.toApiException(400, body, -1);
    assertEquals(ErrorKind.UPSTREAM_REJECTED, e.kind());
    assertEquals(501, e.getMessage().length());
    assertTrue(e.getMessage().endsWith("…"));
    assertNull(GeminiErrors.message(GeminiJson.parse("{\"nope\":1}", "b")));
    assertNull(GeminiErrors.message(null));
    assertEquals("The upstream rejected the request (HTTP 422).",
        GeminiErrors.toApiException(422, GeminiJson.parse("{}", "b"), -1).getMessage());
  }

  @Test
  void rateLimitsCarryGooglesRetryDelayUnlessAHeaderSaidOtherwise() {
    JsonNode body = GeminiJson.parse("{\"error\":{\"code\":429,\"message\":\"You exceeded your current quota, project "
        + "12345.\",\"status\":\"RESOURCE_EXHAUSTED\",\"details\":[{\"@type\":\"type.googleapis.com/google.rpc.QuotaFailure\","
        + "\"violations\":[{\"quotaMetric\":\"generativelanguage.googleapis.com/generate_content_free_tier_requests\"}]},"
        + "{\"@type\":\"type.googleapis.com/google.rpc.RetryInfo\",\"retryDelay\":\"37s\"}]}}", "body");
    assertEquals(37_000, GeminiErrors.retryAfterMillis(body));
    ApiException e = GeminiErrors.toApiException(429, body, -1);
    assertEquals(ErrorKind.UPSTREAM_RATE_LIMITED, e.kind());
    assertEquals(37_000, e.retryAfterMillis());
    assertEquals("The upstream is rate limiting requests; retry later.", e.getMessage());
    assertEquals(5_000, GeminiErrors.toApiException(429, body, 5_000).retryAfterMillis());
    assertEquals(-1, GeminiErrors.toApiException(500, GeminiJson.parse("{}", "b"), 5_000).retryAfterMillis());
    assertEquals(1_500, GeminiErrors.retryAfterMillis(GeminiJson.parse(
        "{\"error\":{\"details\":[{\"retryDelay\":\"1.5s\"}]}}", "b")));
    assertEquals(-1, GeminiErrors.retryAfterMillis(GeminiJson.parse("{\"error\":{}}", "b")));
  }
}
