package dev.shepherd.translate.anthropic;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SseTextTest {
  @ParameterizedTest
  @ValueSource(strings = {"\n", "\r\n", "\r"})
  void splitsEventsWhateverTheLineEndings(String eol) {
    String text = String.join(eol, ": comment", "event: ping", "data: {\"type\": \"ping\"}", "", "data:{\"a\":1}",
        "data: {\"b\":2}", "", "", "event: message_stop", "data: {}", "", "data: incomplete tail");
    assertEquals(List.of(new SseText.Event("ping", "{\"type\": \"ping\"}"), new SseText.Event(null, "{\"a\":1}\n{\"b\":2}"),
        new SseText.Event("message_stop", "{}")), SseText.parse(text));
  }
}
