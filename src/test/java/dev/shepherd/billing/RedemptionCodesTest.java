package dev.shepherd.billing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RedemptionCodesTest {

  @Test
  void generatedCodesAreCanonicalAndDistinct() {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 1_000; i++) {
      String c = RedemptionCodes.generate();
      assertTrue(c.matches("SHP(-[0-9A-HJKMNP-TV-Z]{4}){4}"), c);
      assertEquals(c, RedemptionCodes.normalize(c));
      seen.add(c);
    }
    assertEquals(1_000, seen.size());
  }

  @Test
  void normalizeForgivesTyping() {
    String canonical = "SHP-0123-4567-89AB-CDEF";
    assertEquals(canonical, RedemptionCodes.normalize("shp-0123-4567-89ab-cdef"));
    assertEquals(canonical, RedemptionCodes.normalize(" O1234567 89ABCDEF "));
    assertEquals("SHP-1111-0000-0000-0000", RedemptionCodes.normalize("ILil-oOoO-0000-0000"));
  }

  @Test
  void normalizeRefusesNonCodes() {
    assertNull(RedemptionCodes.normalize(null));
    assertNull(RedemptionCodes.normalize(""));
    assertNull(RedemptionCodes.normalize("SHP-0123-4567-89AB")); // too short
    assertNull(RedemptionCodes.normalize("SHP-0123-4567-89AB-CDEU")); // U is not in the alphabet
    assertNull(RedemptionCodes.normalize("SHP-0123-4567-89AB-CDEF-0")); // too long
  }
}
