package dev.shepherd.provider.openai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SseRelayTest {
  static final String A = "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"hi\"}}],\"usage\":null}";
  static final String U = "data: {\"choices\":[],\"usage\":{\"prompt_tokens\":7,\"completion_tokens\":3,"
      + "\"prompt_tokens_details\":{\"cached_tokens\":2}}}";
  static final String D = "data: [DONE]";

  static String feed(SseRelay r, String all, int piece) {
    StringBuilder out = new StringBuilder();
    byte[] b = all.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < b.length; i += piece) {
      Buffer o = r.accept(Buffer.buffer().appendBytes(b, i, Math.min(piece, b.length - i)));
      if (o != null) {
        out.append(o.toString(StandardCharsets.UTF_8));
      }
    }
    Buffer f = r.finish();
    if (f != null) {
      out.append(f.toString(StandardCharsets.UTF_8));
    }
    return out.toString();
  }

  @ParameterizedTest
  @ValueSource(strings = {"\n\n", "\r\n\r\n", "\r\r"})
  void dropsOnlyTheUsageChunkWhateverTheLineEndingsAndSplits(String sep) {
    String all = A + sep + A + sep + U + sep + D + sep;
    for (int piece : new int[] {1, 2, 3, 7, 64, all.length()}) {
      SseRelay r = new SseRelay(true);
      String out = feed(r, all, piece);
      assertEquals(A + sep + A + sep + D + sep, out, "piece " + piece);
      assertTrue(r.done());
      assertEquals(7, r.usage().promptTokens());
      assertEquals(3, r.usage().completionTokens());
      assertEquals(2, r.usage().cachedPromptTokens());
    }
  }

  @Test
  void keepsUsageWhenTheClientAskedAndForwardsWholeChunksUntouched() {
    SseRelay r = new SseRelay(false);
    Buffer chunk = Buffer.buffer(A + "\n\n" + U + "\n\n");
    assertEquals(chunk, r.accept(chunk));
    assertEquals(3, r.usage().completionTokens());
  }

  @Test
  void doneWithoutTrailingBlankLineStillCounts() {
    SseRelay r = new SseRelay(true);
    assertEquals(A + "\n\n" + D + "\n\n", feed(r, A + "\n\n" + D, 5));
    assertTrue(r.done());
  }

  @Test
  void truncatedStreamIsNotDone() {
    SseRelay r = new SseRelay(true);
    feed(r, A + "\n\n" + A.substring(0, 20), 4);
    assertFalse(r.done());
  }

  @Test
  void errorEventIsForwardedAndNoticed() {
    SseRelay r = new SseRelay(true);
    String e = "data: {\"error\":{\"message\":\"boom\"}}\n\n";
    assertEquals(e, feed(r, e, 3));
    assertTrue(r.sawError());
  }

  @Test
  void commentsAndOtherFieldsPassThrough() {
    SseRelay r = new SseRelay(true);
    String s = ": keep-alive\n\nevent: message\n" + A.substring(0) + "\n\n";
    assertEquals(s, feed(r, s, 4));
  }
}
