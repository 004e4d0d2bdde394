package dev.shepherd.translate.anthropic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class AnthropicJsonTest {
  @Test
  void trailingTextIsNotJson() {
    assertNull(AnthropicJson.tryParse("{\"a\":1} junk"));
    assertNull(AnthropicJson.tryParse("{\"a\":"));
    assertEquals(1, AnthropicJson.tryParse("{\"a\":1}").get("a").asInt());
    assertThrows(IllegalArgumentException.class, () -> AnthropicJson.parse("{} {}"));
  }

  @Test
  void dataUrlsSplitWithoutDecoding() {
    DataUrl d = DataUrl.parse("data:Image/PNG;base64,iVBOR==", "p");
    assertEquals(new DataUrl("image/png", "iVBOR=="), d);
    assertEquals("data:image/png;base64,iVBOR==", d.toUrl());
    assertNull(DataUrl.parse("https://x/y.png", "p"));
    assertEquals("p", assertThrows(dev.shepherd.api.ApiException.class,
        () -> DataUrl.parse("data:;base64,AAAA", "p")).param());
  }
}
