package dev.shepherd.provider.simulator;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The simulated completion text, as a sequence of simulated tokens (one token = one word with its
 * leading whitespace). Either deterministic lorem-ipsum text or an echo of caller-supplied text.
 *
 * <p>Lorem tokens are JSON-quoted once at class load, so streaming them costs a byte copy per chunk.
 */
final class Tokens {

  private static final String[] WORDS = {
    "lorem", "ipsum", "dolor", "sit", "amet", "consectetur", "adipiscing", "elit", "sed", "do",
    "eiusmod", "tempor", "incididunt", "ut", "labore", "et", "dolore", "magna", "aliqua"
  };
  private static final String FIRST = "Lorem";
  private static final byte[] FIRST_QUOTED = quote(FIRST);
  private static final byte[][] WORDS_QUOTED = new byte[WORDS.length][];
  /** Lorem text of {@link #CACHED} tokens; {@code OFFSETS[n]} is where token n starts. */
  private static final int CACHED = 4096;
  private static final String LOREM;
  private static final int[] OFFSETS = new int[CACHED + 1];

  static {
    for (int i = 0; i < WORDS.length; i++) {
      WORDS_QUOTED[i] = quote(" " + WORDS[i]);
    }
    StringBuilder sb = new StringBuilder(CACHED * 8);
    for (int i = 0; i < CACHED; i++) {
      OFFSETS[i] = sb.length();
      sb.append(word(i));
    }
    OFFSETS[CACHED] = sb.length();
    LOREM = sb.toString();
  }

  private final int count;
  /** Null for lorem text. */
  private final List<String> pieces;

  private Tokens(int count, List<String> pieces) {
    this.count = count;
    this.pieces = pieces;
  }

  /** The first {@code count} lorem tokens: "Lorem ipsum dolor ...". */
  static Tokens lorem(int count) {
    return new Tokens(count, null);
  }

  /** {@code text} split before each run of whitespace that follows a word, at most {@code max} tokens. */
  static Tokens echo(String text, int max) {
    List<String> pieces = split(text);
    return new Tokens(Math.min(max, pieces.size()), pieces);
  }

  /** Number of tokens in {@code text} by the same splitting rule as {@link #echo}. */
  static int countEcho(String text) {
    return split(text).size();
  }

  int size() {
    return count;
  }

  /** The whole text. */
  String text() {
    if (pieces != null) {
      return String.join("", pieces.subList(0, count));
    }
    if (count <= CACHED) {
      return LOREM.substring(0, OFFSETS[count]);
    }
    StringBuilder sb = new StringBuilder(LOREM);
    for (int i = CACHED; i < count; i++) {
      sb.append(word(i));
    }
    return sb.toString();
  }

  /** Appends token {@code i} as a JSON string literal (with quotes). */
  void appendQuoted(Buffer into, int i) {
    if (pieces != null) {
      into.appendBytes(quote(pieces.get(i)));
    } else {
      into.appendBytes(i == 0 ? FIRST_QUOTED : WORDS_QUOTED[i % WORDS.length]);
    }
  }

  private static String word(int i) {
    return i == 0 ? FIRST : " " + WORDS[i % WORDS.length];
  }

  private static List<String> split(String text) {
    List<String> out = new ArrayList<>();
    int start = 0;
    for (int i = 1; i < text.length(); i++) {
      if (Character.isWhitespace(text.charAt(i)) && !Character.isWhitespace(text.charAt(i - 1))) {
        out.add(text.substring(start, i));
        start = i;
      }
    }
    if (start < text.length()) {
      out.add(text.substring(start));
    }
    return out;
  }

  static byte[] quote(String s) {
    byte[] body = JsonStringEncoder.getInstance().quoteAsUTF8(s);
    byte[] out = new byte[body.length + 2];
    out[0] = '"';
    System.arraycopy(body, 0, out, 1, body.length);
    out[out.length - 1] = '"';
    return out;
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
