package dev.shepherd.observe.requestlog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What {@link Redactor} removes, what it leaves alone, and how captures are cut. */
class RedactorTest {
  private static final String OPENAI = "sk-proj-AbCdEf0123456789AbCdEf0123456789xyzXYZ";
  private static final String SHEPHERD = "sk-shp-7Hq2Xk9LmNpQrStUvWxYz0123456789AbCdEfGhIj";

  static String r(String s) {
    return Redactor.redact(s);
  }

  @Test
  void apiKeysByShape() {
    assertEquals("key sk-[REDACTED] here", r("key " + OPENAI + " here"));
    assertEquals("mine is sk-shp-[REDACTED].", r("mine is " + SHEPHERD + "."));
    assertEquals("sk-[REDACTED]", r("sk-ant-api03-abcdefghijklmnopqrstuvwxyz_0123456789-ABCDEFG"));
    assertEquals("id [REDACTED] ok", r("id AKIAIOSFODNN7EXAMPLE ok"));
    assertEquals("tmp [REDACTED]", r("tmp ASIAY34FZKBOKMUTVV7A"));
    assertEquals("[REDACTED]", r("ghp_0123456789abcdefghijklmnopqrstuvwxyzAB"));
    assertEquals("[REDACTED]", r("github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz"));
    assertEquals("[REDACTED]", r("xoxb-1234567890-abcdefghij"));
    assertEquals("[REDACTED]", r("AIzaSyA-0123456789abcdefghijklmnopqrstu"));
    assertEquals("[REDACTED]", r("sk_live_0123456789abcdefghij"));
    assertEquals("t=[REDACTED]".replace("t=", "jwt "), r("jwt eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U"));
  }

  @Test
  void bearerTokensAndAuthorizationHeaders() {
    assertEquals("Authorization: [REDACTED] [REDACTED]", r("Authorization: Bearer abcdefgh12345678"));
    assertEquals("curl -H 'bearer [REDACTED]'", r("curl -H 'bearer abc.def-ghi_jkl'"));
    assertEquals("{\"authorization\":\"[REDACTED]\"}", r("{\"authorization\":\"Bearer " + SHEPHERD + "\"}"));
  }

  @Test
  void jsonFieldsWithSecretNames() {
    assertEquals("{\"api_key\":\"[REDACTED]\",\"model\":\"m\"}", r("{\"api_key\":\"abc\",\"model\":\"m\"}"));
    assertEquals("{\"db_password\": \"[REDACTED]\"}", r("{\"db_password\": \"hunter2\"}"));
    assertEquals("{\"clientSecret\" : \"[REDACTED]\", \"x\": 1}", r("{\"clientSecret\" : \"s3cr\\\"et\", \"x\": 1}"));
    assertEquals("{\"GITHUB_TOKEN\":\"[REDACTED]\"}", r("{\"GITHUB_TOKEN\":\"anything at all\"}"));
    assertEquals("{\"x-api-key\":\"[REDACTED]\"}", r("{\"x-api-key\":\"whatever\"}"));
    assertEquals("{\"aws_secret_access_key\":\"[REDACTED]\"}", r("{\"aws_secret_access_key\":\"wJalrXUtnFEMI/K7MDENG\"}"));
  }

  @Test
  void jsonInsideAJsonString() {
    String body = "{\"messages\":[{\"role\":\"user\",\"content\":\"config: {\\\"api_key\\\": \\\"abc123\\\", \\\"n\\\": 2}\"}]}";
    String out = r(body);
    assertFalse(out.contains("abc123"), out);
    assertTrue(out.contains("{\\\"api_key\\\": \\\"[REDACTED]\\\", \\\"n\\\": 2}"), out);
  }

  @Test
  void nameValuePairsInText() {
    assertEquals("use password=[REDACTED] and user=bob", r("use password=hunter2 and user=bob"));
    assertEquals("PGPASSWORD: [REDACTED]\\nnext", r("PGPASSWORD: s3cret!\\nnext"));
    assertEquals("https://h/x?api_key=[REDACTED]&q=1", r("https://h/x?api_key=abc&q=1"));
    assertEquals("postgres://app:[REDACTED]@db:5432/x", r("postgres://app:pa55w0rd@db:5432/x"));
  }

  @Test
  void privateKeyBlocks() {
    String pem = "-----BEGIN RSA PRIVATE KEY-----\\nMIIEowIBAAKCAQEA\\n-----END RSA PRIVATE KEY-----";
    assertEquals("k: -----BEGIN RSA PRIVATE KEY-----[REDACTED]-----END RSA PRIVATE KEY----- end",
        r("k: " + pem + " end"));
    // Cut before its end: everything after BEGIN goes.
    assertEquals("-----BEGIN PRIVATE KEY-----[REDACTED]-----END PRIVATE KEY-----",
        r("-----BEGIN PRIVATE KEY-----\\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQ"));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "{\"model\":\"gpt-4o\",\"max_tokens\":100,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
      "{\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":3,\"total_tokens\":15}}",
      "{\"tokenizer\":\"o200k\",\"stream\":true}",
      "The key to success is practice; tokens are counted per request.",
      "a task-list item and sk-short and skeleton-key",
      "mask a Bearer"})
  void leavesOrdinaryTextAlone(String text) {
    assertEquals(text, r(text));
  }

  @Test
  void nullAndEmpty() {
    assertNull(Redactor.redact(null));
    assertEquals("", Redactor.redact(""));
    assertNull(Redactor.capture(null, 100));
  }

  @Test
  void longValuesDoNotOverflowTheStack() {
    String big = "x".repeat(200_000);
    assertEquals("{\"password\":\"[REDACTED]\"}", r("{\"password\":\"" + big + "\"}"));
    assertEquals("{\"content\":\"" + big + "\"}", r("{\"content\":\"" + big + "\"}"));
  }

  @Test
  void captureKeepsShortPayloadsWhole() {
    byte[] b = "{\"api_key\":\"abc\"}".getBytes(StandardCharsets.UTF_8);
    assertEquals("{\"api_key\":\"[REDACTED]\"}", Redactor.capture(b, 1_000));
  }

  @Test
  void captureCutsAfterRedactingAndSaysHowMuchWasDropped() {
    String text = "a".repeat(300) + " " + OPENAI + " " + "b".repeat(1_000);
    String out = Redactor.capture(text.getBytes(StandardCharsets.UTF_8), 310);
    assertTrue(out.startsWith("a".repeat(300) + " sk-[RED"), out);
    assertFalse(out.contains("AbCdEf"), out);
    assertTrue(out.endsWith("…[truncated; " + text.length() + " bytes in all]"), out);
  }

  @Test
  void aSecretStraddlingTheLimitIsStillRedacted() {
    // the key starts 5 bytes before the limit: without the margin its tail would be unrecognisable
    String text = "x".repeat(294) + " " + OPENAI + " " + "y".repeat(10_000);
    String out = Redactor.capture(text.getBytes(StandardCharsets.UTF_8), 300);
    assertTrue(out.startsWith("x".repeat(294) + " sk-[R"), out);
    assertFalse(out.contains("proj"), out);
    String json = "{\"password\":\"" + "p".repeat(20_000) + "\"}";
    String cut = Redactor.capture(json.getBytes(StandardCharsets.UTF_8), 256);
    assertTrue(cut.startsWith("{\"password\":\"[REDACTED]\""), cut);
  }

  @Test
  void captureCutsOnACharacterBoundary() {
    String text = "é".repeat(200); // 2 bytes each
    String out = Redactor.capture(text.getBytes(StandardCharsets.UTF_8), 301);
    assertEquals("é".repeat(150) + "…[truncated; 400 bytes in all]", out);
    assertFalse(out.contains("\uFFFD"), out);
  }
}
