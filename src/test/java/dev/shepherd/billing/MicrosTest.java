package dev.shepherd.billing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Parsing and formatting µ$ amounts. */
class MicrosTest {

  @Test
  void parsesPlainDecimals() {
    assertEquals(10_000_000, Micros.parse("10.00"));
    assertEquals(10_000_000, Micros.parse("10"));
    assertEquals(420_000, Micros.parse("0.42"));
    assertEquals(1, Micros.parse("0.000001"));
    assertEquals(0, Micros.parse("0"));
    assertEquals(1_500_000, Micros.parse("1.5000000"), "trailing zeros beyond 6 decimals are exact");
    assertEquals(-500_000, Micros.parse("refund", "-0.50", true));
  }

  @Test
  void rejectsWithClearMessages() {
    assertEquals("amount: 0.0000001 (expected: at most 6 decimals)", error("0.0000001"));
    assertEquals("amount: 1e3 (expected: a decimal number such as 10.00)", error("1e3"));
    assertEquals("amount: -1 (expected: an amount >= 0)", error("-1"));
    assertEquals("amount: missing (expected: a decimal number such as 10.00)", error(null));
    for (String bad : new String[] {"", " 1", "+1", "1.", ".5", "1,5", "0x10", "NaN"}) {
      assertThrows(IllegalArgumentException.class, () -> Micros.parse(bad), bad);
    }
    assertEquals("amount: 9223372036855 (expected: an amount of at most 9223372036854.775807)",
        error("9223372036855"));
  }

  @Test
  void formatsWithTwoToSixDecimals() {
    assertEquals("10.00", Micros.format(10_000_000));
    assertEquals("0.00042", Micros.format(420));
    assertEquals("1234.5678", Micros.format(1_234_567_800));
    assertEquals("0.000001", Micros.format(1));
    assertEquals("0.00", Micros.format(0));
    assertEquals("-0.50", Micros.format(-500_000));
    assertEquals("153.30", Micros.format(153_300_000));
  }

  @Test
  void formatAndParseRoundTrip() {
    for (long m : new long[] {0, 1, 99, 420, 10_000_000, 1_234_567_800, Long.MAX_VALUE}) {
      assertEquals(m, Micros.parse(Micros.format(m)));
    }
  }

  private static String error(String text) {
    return assertThrows(IllegalArgumentException.class, () -> Micros.parse(text)).getMessage();
  }
}
