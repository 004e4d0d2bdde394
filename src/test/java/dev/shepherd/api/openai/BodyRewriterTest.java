package dev.shepherd.api.openai;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class BodyRewriterTest {
  static String rewrite(String body, String model) {
    ParsedRequest p = RequestParser.parse(Endpoint.CHAT, body.getBytes(StandardCharsets.UTF_8));
    return BodyRewriter.rewrite(p, model).toString(StandardCharsets.UTF_8);
  }

  static final String MSGS = "\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]";

  @Test
  void replacesOnlyTheModelValue() {
    assertEquals("{ \"model\" : \"up/m\\\"q\" ,  " + MSGS + " }",
        rewrite("{ \"model\" : \"pub\\\"lic\" ,  " + MSGS + " }", "up/m\"q"));
  }

  @Test
  void streamWithoutOptionsGetsIncludeUsageInserted() {
    assertEquals("{\"stream_options\":{\"include_usage\":true},\"model\":\"u\",\"stream\":true," + MSGS + "}",
        rewrite("{\"model\":\"p\",\"stream\":true," + MSGS + "}", "u"));
  }

  @Test
  void streamOptionsBeforeOrAfterModelAreReplaced() {
    assertEquals("{\"stream_options\":{\"include_usage\":true},\"model\":\"u\",\"stream\":true," + MSGS + "}",
        rewrite("{\"stream_options\":{\"include_usage\":false},\"model\":\"p\",\"stream\":true," + MSGS + "}", "u"));
    assertEquals("{\"model\":\"u\",\"stream\":true,\"stream_options\":{\"include_usage\":true}," + MSGS + "}",
        rewrite("{\"model\":\"p\",\"stream\":true,\"stream_options\":{}," + MSGS + "}", "u"));
  }

  static String clamp(String body, long maxTokens) {
    ParsedRequest p = RequestParser.parse(Endpoint.CHAT, body.getBytes(StandardCharsets.UTF_8));
    return BodyRewriter.rewrite(p, "u", maxTokens).toString(StandardCharsets.UTF_8);
  }

  @Test
  void clampingReplacesTheMaxTokensDigitsWhereverTheyAre() {
    assertEquals("{\"max_tokens\": 100,\"model\":\"u\"," + MSGS + "}",
        clamp("{\"max_tokens\": 99999,\"model\":\"p\"," + MSGS + "}", 100));
    assertEquals("{\"model\":\"u\"," + MSGS + ",\"max_completion_tokens\":7 }",
        clamp("{\"model\":\"p\"," + MSGS + ",\"max_completion_tokens\":4096 }", 7));
    assertEquals("{\"stream_options\":{\"include_usage\":true},\"max_tokens\":5,\"stream\":true,\"model\":\"u\"," + MSGS + "}",
        clamp("{\"max_tokens\":50000,\"stream\":true,\"model\":\"p\"," + MSGS + "}", 5), "three splices in order");
    assertEquals("{\"model\":\"u\"," + MSGS + "}", clamp("{\"model\":\"p\"," + MSGS + "}", 5),
        "nothing to clamp without max_tokens");
  }

  @Test
  void clientThatAskedForUsageIsLeftAlone() {
    String body = "{\"model\":\"p\",\"stream\":true,\"stream_options\":{\"include_usage\":true}," + MSGS + "}";
    assertEquals(body.replace("\"p\"", "\"u\""), rewrite(body, "u"));
  }

  @Test
  void multibyteTextAroundTheModelSurvives() {
    String body = "{\"messages\":[{\"role\":\"user\",\"content\":\"日本語 ✓ \\u00e9\"}],\"model\":\"p\"}";
    assertEquals(body.replace("\"p\"", "\"qwen/Qwen3\""), rewrite(body, "qwen/Qwen3"));
  }
}
