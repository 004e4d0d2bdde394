package dev.shepherd.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The access log's JSON writer: valid JSON, exact decimals, escaping only where needed. */
class JsonLineTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void decimalsAreExactFixedPoint() {
    assertEquals("{\"a\":0.000288,\"b\":12.345,\"c\":0.000,\"d\":-1.050,\"e\":7.000001}", new JsonLine(16)
        .decimal("a", 288, 6).millis("b", 12_345_678).millis("c", 999).decimal("d", -1050, 3)
        .decimal("e", 7_000_001, 6).close());
  }

  @Test
  void randomDecimalsMatchBigDecimal() {
    SplittableRandom r = new SplittableRandom(7);
    for (int i = 0; i < 5_000; i++) {
      long v = r.nextLong(-10_000_000_000L, 10_000_000_000L);
      int scale = 1 + r.nextInt(6);
      String line = new JsonLine(32).decimal("v", v, scale).close();
      assertEquals("{\"v\":" + BigDecimal.valueOf(v, scale).toPlainString() + "}", line);
    }
  }

  @Test
  void stringsAreEscapedWhenTheyNeedIt() throws Exception {
    String nasty = "quote\" back\\slash \n tab\t ctl\u0001 é 模型 😀";
    String line = new JsonLine(64).string("plain", "gpt-4o-mini").string("nasty", nasty).string("none", null)
        .number("n", 42).bool("b", true).close();
    JsonNode n = JSON.readTree(line);
    assertEquals("gpt-4o-mini", n.get("plain").asText());
    assertEquals(nasty, n.get("nasty").asText());
    assertEquals(true, n.get("none").isNull());
    assertEquals(42, n.get("n").asInt());
    assertEquals(true, n.get("b").asBoolean());
    assertEquals("{\"plain\":\"gpt-4o-mini\"", line.substring(0, line.indexOf(',')));
  }
}
