package dev.shepherd.api.openai;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;

/**
 * Produces the upstream body from the client's bytes with byte-level splices, never
 * re-serializing the request: {@code model} becomes the deployment's model and a stream asks
 * upstream for usage ({@code stream_options.include_usage: true}). Every other byte is the
 * client's.
 */
public final class BodyRewriter {
  private static final byte[] USAGE_OPTIONS = "{\"include_usage\":true}".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] USAGE_FIELD =
      "\"stream_options\":{\"include_usage\":true},".getBytes(StandardCharsets.US_ASCII);

  private BodyRewriter() {}

  /** The body to send upstream for {@code upstreamModel}. */
  public static Buffer rewrite(ParsedRequest r, String upstreamModel) {
    byte[] b = r.body();
    byte[] model = quoted(upstreamModel);
    Buffer out = Buffer.buffer(b.length + model.length + USAGE_FIELD.length);
    boolean fixOptions = r.stream() && !r.clientWantsUsage();
    if (!fixOptions) {
      return out.appendBytes(b, 0, r.modelStart()).appendBytes(model)
          .appendBytes(b, r.modelEnd(), b.length - r.modelEnd());
    }
    if (r.streamOptionsStart() < 0) {
      int insertAt = r.objectStart() + 1;
      // The model value always comes after the opening brace.
      out.appendBytes(b, 0, insertAt).appendBytes(USAGE_FIELD);
      return out.appendBytes(b, insertAt, r.modelStart() - insertAt).appendBytes(model)
          .appendBytes(b, r.modelEnd(), b.length - r.modelEnd());
    }
    // Both splices, in offset order.
    int s1 = r.modelStart();
    int e1 = r.modelEnd();
    byte[] v1 = model;
    int s2 = r.streamOptionsStart();
    int e2 = r.streamOptionsEnd();
    byte[] v2 = USAGE_OPTIONS;
    if (s2 < s1) {
      int ts = s1; int te = e1; byte[] tv = v1;
      s1 = s2; e1 = e2; v1 = v2;
      s2 = ts; e2 = te; v2 = tv;
    }
    return out.appendBytes(b, 0, s1).appendBytes(v1).appendBytes(b, e1, s2 - e1).appendBytes(v2)
        .appendBytes(b, e2, b.length - e2);
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
