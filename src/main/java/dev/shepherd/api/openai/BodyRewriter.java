package dev.shepherd.api.openai;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;

/**
 * Produces the upstream body from the client's bytes with byte-level splices, never
 * re-serializing the request: {@code model} becomes the deployment's model, a stream asks
 * upstream for usage ({@code stream_options.include_usage: true}), and a clamped request gets its
 * lowered {@code max_tokens}. Every other byte is the client's.
 */
public final class BodyRewriter {
  private static final byte[] USAGE_OPTIONS = "{\"include_usage\":true}".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] USAGE_FIELD =
      "\"stream_options\":{\"include_usage\":true},".getBytes(StandardCharsets.US_ASCII);

  private BodyRewriter() {}

  /** The body to send upstream for {@code upstreamModel}. */
  public static Buffer rewrite(ParsedRequest r, String upstreamModel) {
    return rewrite(r, upstreamModel, -1);
  }

  /**
   * As {@link #rewrite(ParsedRequest, String)}, with {@code max_tokens} (or
   * {@code max_completion_tokens}, whichever the client sent) replaced by {@code maxTokens} when it is ≥ 0.
   */
  public static Buffer rewrite(ParsedRequest r, String upstreamModel, long maxTokens) {
    byte[] b = r.body();
    byte[] model = quoted(upstreamModel);
    boolean fixOptions = r.stream() && !r.clientWantsUsage();
    boolean clamp = maxTokens >= 0 && r.maxTokensStart() >= 0;
    Buffer out = Buffer.buffer(b.length + model.length + USAGE_FIELD.length);
    if (!fixOptions && !clamp) { // the common case: one splice
      return out.appendBytes(b, 0, r.modelStart()).appendBytes(model)
          .appendBytes(b, r.modelEnd(), b.length - r.modelEnd());
    }
    Splices s = new Splices();
    s.add(r.modelStart(), r.modelEnd(), model);
    if (fixOptions) {
      if (r.streamOptionsStart() < 0) {
        s.add(r.objectStart() + 1, r.objectStart() + 1, USAGE_FIELD); // right after the opening brace
      } else {
        s.add(r.streamOptionsStart(), r.streamOptionsEnd(), USAGE_OPTIONS);
      }
    }
    if (clamp) {
      s.add(r.maxTokensStart(), r.maxTokensEnd(), Long.toString(maxTokens).getBytes(StandardCharsets.US_ASCII));
    }
    return s.apply(b, out);
  }

  /** Up to three non-overlapping replacements, applied in offset order. */
  private static final class Splices {
    private final int[] starts = new int[3];
    private final int[] ends = new int[3];
    private final byte[][] values = new byte[3][];
    private int n;

    void add(int start, int end, byte[] value) {
      int i = n++;
      while (i > 0 && starts[i - 1] > start) { // insertion sort by start
        starts[i] = starts[i - 1];
        ends[i] = ends[i - 1];
        values[i] = values[i - 1];
        i--;
      }
      starts[i] = start;
      ends[i] = end;
      values[i] = value;
    }

    Buffer apply(byte[] b, Buffer out) {
      int at = 0;
      for (int i = 0; i < n; i++) {
        out.appendBytes(b, at, starts[i] - at).appendBytes(values[i]);
        at = ends[i];
      }
      return out.appendBytes(b, at, b.length - at);
    }
  }

  private static byte[] quoted(String s) {
    byte[] inner = JsonStringEncoder.getInstance().quoteAsUTF8(s);
    byte[] q = new byte[inner.length + 2];
    q[0] = '"';
    System.arraycopy(inner, 0, q, 1, inner.length);
    q[q.length - 1] = '"';
    return q;
  }
}
