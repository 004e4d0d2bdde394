package dev.shepherd.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The access log's JSON writer: valid JSON, exact decimals and numbers, escaping only where needed. */
class JsonLineTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void decimalsAreExactFixedPoint() {
    assertEquals("{\"a\":0.000288,\"b\":12.345,\"c\":0.000,\"d\":-1.050,\"e\":7.000001,\"f\":-0.005}",
        new JsonLine(16).beginObject().decimal("a", 288, 6).millis("b", 12_345_678).millis("c", 999)
            .decimal("d", -1050, 3).decimal("e", 7_000_001, 6).decimal("f", -5, 3).endObject().toString());
  }

  /** Every digit count, each side of every power of ten and of the int range, and 0..1,000. */
  @Test
  void numbersOfEveryLengthMatchTheJdk() {
    java.util.List<Long> values = new java.util.ArrayList<>();
    for (long p = 1; p > 0 && p <= Long.MAX_VALUE / 10 * 10; p *= 10) {
      values.addAll(java.util.List.of(p - 1, p, p + 1, -p, -(p + 1)));
      if (p > Long.MAX_VALUE / 10) {
        break;
      }
    }
    values.addAll(java.util.List.of((long) Integer.MAX_VALUE - 1, (long) Integer.MAX_VALUE,
        (long) Integer.MAX_VALUE + 1, (long) Integer.MIN_VALUE, Long.MAX_VALUE, Long.MIN_VALUE + 1));
    for (long v = 0; v <= 1_000; v++) {
      values.add(v);
    }
    for (long v : values) {
      assertEquals("{\"n\":" + v + "}", new JsonLine(4).beginObject().number("n", v).endObject().toString());
    }
  }

  @Test
  void randomDecimalsAndNumbersMatchTheJdk() {
    SplittableRandom r = new SplittableRandom(7);
    for (int i = 0; i < 5_000; i++) {
      long v = r.nextLong(-10_000_000_000L, 10_000_000_000L);
      int scale = 1 + r.nextInt(6);
      long n = i < 2 ? (i == 0 ? Long.MIN_VALUE : Long.MAX_VALUE) : r.nextLong();
      String line = new JsonLine(8).beginObject().decimal("v", v, scale).number("n", n).endObject().toString();
      assertEquals("{\"v\":" + BigDecimal.valueOf(v, scale).toPlainString() + ",\"n\":" + n + "}", line);
    }
  }

  @Test
  void stringsAreEscapedWhenTheyNeedItAndEncodedAsUtf8() throws Exception {
    String nasty = "quote\" back\\slash \n tab\t ctl\u0001 del\u007f é 模型 😀 \r";
    JsonLine j = new JsonLine(16).beginObject().string("plain", "gpt-4o-mini").string("nasty", nasty)
        .string("none", null).number("n", 42).bool("b", true).beginArray("list").beginObject().string("x", "1")
        .endObject().beginObject().endObject().endArray().beginObject("map").string("k\"ey", "v").endObject()
        .endObject();
    String line = j.toString();
    JsonNode n = JSON.readTree(line);
    assertEquals("gpt-4o-mini", n.get("plain").asText());
    assertEquals(nasty, n.get("nasty").asText());
    assertEquals(true, n.get("none").isNull());
    assertEquals(42, n.get("n").asInt());
    assertEquals(true, n.get("b").asBoolean());
    assertEquals("1", n.get("list").get(0).get("x").asText());
    assertEquals(0, n.get("list").get(1).size());
    assertEquals("v", n.get("map").get("k\"ey").asText());
    assertEquals("{\"plain\":\"gpt-4o-mini\"", line.substring(0, line.indexOf(',')));
  }

  @Test
  void aLoneSurrogateIsEscapedNotLost() throws Exception {
    String odd = "a\ud800b";
    String line = new JsonLine(4).beginObject().string("s", odd).endObject().toString();
    assertEquals("{\"s\":\"a\\ud800b\"}", line);
    assertEquals(odd, JSON.readTree(line).get("s").asText());
  }
}
