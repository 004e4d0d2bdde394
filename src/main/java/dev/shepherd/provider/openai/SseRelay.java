package dev.shepherd.provider.openai;

import dev.shepherd.api.ApiException;
import dev.shepherd.api.ErrorKind;
import dev.shepherd.pipeline.Usage;
import dev.shepherd.provider.http.StreamRelay;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;

/**
 * Frames an upstream Server-Sent Events byte stream into whole events as they arrive and decides
 * what to forward: everything, except the usage-only chunk Shepherd asked for on the client's
 * behalf when the client did not ask for it. Reads the final usage and notices {@code [DONE]} and
 * error events without re-encoding anything.
 *
 * <p>Accepts LF, CRLF and CR line endings and events split anywhere across chunks. Bytes are
 * forwarded at event granularity: a complete event is never held back; an incomplete one waits
 * for its end. Not thread-safe (one per stream, on its event loop). This is the fast path: an
 * OpenAI client of an OpenAI-compatible upstream.
 */
final class SseRelay implements StreamRelay {
  private static final byte[] EMPTY = new byte[0];
  private static final byte[] USAGE = "\"usage\":".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] DONE = "[DONE]".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] ERROR = "{\"error\"".getBytes(StandardCharsets.US_ASCII);

  private final boolean dropUsageOnlyChunk;
  private byte[] tail = EMPTY;
  private boolean done;
  private boolean sawError;
  private boolean sawData;
  private boolean firstDataWasError;
  private Usage usage = Usage.NONE;
  private final dev.shepherd.pipeline.CompletionText text = new dev.shepherd.pipeline.CompletionText();

  SseRelay(boolean dropUsageOnlyChunk) {
    this.dropUsageOnlyChunk = dropUsageOnlyChunk;
  }

  /** The bytes to forward for this upstream chunk, or {@code null} when nothing is ready. */
  @Override
  public Buffer accept(Buffer chunk) {
    byte[] data = tail.length == 0 ? chunk.getBytes() : concat(tail, chunk.getBytes());
    boolean whole = tail.length == 0;
    int n = data.length;
    int start = 0;
    Buffer out = null; // built only when an event is dropped
    int copiedUpTo = 0;
    while (start < n) {
      int end = eventEnd(data, start, n);
      if (end < 0) {
        break;
      }
      if (!inspect(data, start, end)) {
        if (out == null) {
          out = Buffer.buffer(n);
        }
        out.appendBytes(data, copiedUpTo, start - copiedUpTo);
        copiedUpTo = end;
      }
      start = end;
    }
    tail = start == n ? EMPTY : java.util.Arrays.copyOfRange(data, start, n);
    if (out != null) {
      out.appendBytes(data, copiedUpTo, start - copiedUpTo);
      return out.length() == 0 ? null : out;
    }
    if (start == 0) {
      return null;
    }
    if (whole && start == n) {
      return chunk;
    }
    return Buffer.buffer().appendBytes(data, 0, start);
  }

  /**
   * Called when the upstream body ended: a trailing {@code data: [DONE]} without its blank line
   * still counts. Returns the bytes to forward, or {@code null}.
   */
  @Override
  public Buffer finish() {
    if (tail.length == 0 || done) {
      return null;
    }
    byte[] last = tail;
    tail = EMPTY;
    inspect(last, 0, last.length);
    if (!done) {
      return null;
    }
    return endsWithBlankLine(last) ? Buffer.buffer(last) : Buffer.buffer(last).appendString("\n\n");
  }

  private static boolean endsWithBlankLine(byte[] b) {
    int n = b.length;
    return n >= 2 && (b[n - 1] == '\n' && b[n - 2] == '\n' || b[n - 1] == '\r' && b[n - 2] == '\r')
        || n >= 4 && b[n - 4] == '\r' && b[n - 3] == '\n' && b[n - 2] == '\r' && b[n - 1] == '\n';
  }

  /** The stream ended properly with {@code data: [DONE]}. */
  @Override
  public boolean done() {
    return done;
  }

  /** A {@code data:} event has been seen (anything but comments and other fields). */
  @Override
  public boolean sawData() {
    return sawData;
  }

  /** The first {@code data:} event was an error event. */
  @Override
  public boolean firstDataWasError() {
    return firstDataWasError;
  }

  /** An upstream error event was forwarded. */
  @Override
  public boolean sawError() {
    return sawError;
  }

  @Override
  public Usage usage() {
    return usage;
  }

  @Override
  public dev.shepherd.pipeline.CompletionText text() {
    return text;
  }

  @Override
  public String contentType(String upstreamType) {
    return upstreamType;
  }

  @Override
  public ApiException error() {
    return new ApiException(ErrorKind.UPSTREAM_ERROR, "The upstream sent an error event before any content.");
  }

  /** Looks at one event; returns false when it must not be forwarded. */
  private boolean inspect(byte[] b, int start, int end) {
    int payload = dataPayload(b, start, end);
    if (payload < 0) {
      return true; // comment or non-data field
    }
    if (!sawData) {
      sawData = true;
      firstDataWasError = startsWith(b, payload, end, ERROR);
    }
    if (startsWith(b, payload, end, DONE)) {
      done = true;
      return true;
    }
    if (startsWith(b, payload, end, ERROR)) {
      sawError = true;
      return true;
    }
    int u = indexOf(b, payload, end, USAGE);
    if (u < 0) {
      text.add(b, payload, end);
      return true;
    }
    int v = u + USAGE.length;
    while (v < end && b[v] == ' ') {
      v++;
    }
    if (v >= end || b[v] != '{') {
      text.add(b, payload, end);
      return true; // "usage": null
    }
    UsageReader.Result r = UsageReader.read(b, payload, trimEnd(b, payload, end) - payload);
    if (r.usage().reported()) {
      usage = r.usage();
    }
    if (!r.choicesEmpty()) {
      text.add(b, payload, end);
    }
    return !(dropUsageOnlyChunk && r.choicesEmpty());
  }

  /** Offset of the value of the event's {@code data:} field, or -1. */
  private static int dataPayload(byte[] b, int start, int end) {
    int i = start;
    while (i < end && (b[i] == '\n' || b[i] == '\r')) {
      i++;
    }
    if (end - i < 5 || b[i] != 'd' || b[i + 1] != 'a' || b[i + 2] != 't' || b[i + 3] != 'a' || b[i + 4] != ':') {
      return -1;
    }
    i += 5;
    return i < end && b[i] == ' ' ? i + 1 : i;
  }

  /** Offset just after the blank line ending the event that starts at {@code from}, or -1. */
  static int eventEnd(byte[] b, int from, int n) {
    for (int k = from; k < n; k++) {
      byte c = b[k];
      if (c != '\n' && c != '\r') {
        continue;
      }
      int t = lineEnd(b, k, n);
      if (t < 0 || t >= n) {
        return -1;
      }
      byte d = b[t];
      if (d == '\n') {
        return t + 1;
      }
      if (d == '\r') {
        return lineEnd(b, t, n) < 0 ? -1 : lineEnd(b, t, n);
      }
      k = t - 1;
    }
    return -1;
  }

  /** Offset after the line terminator at {@code k}; -1 if a CR ends the data (CRLF undecided). */
  private static int lineEnd(byte[] b, int k, int n) {
    if (b[k] == '\n') {
      return k + 1;
    }
    if (k + 1 >= n) {
      return -1;
    }
    return b[k + 1] == '\n' ? k + 2 : k + 1;
  }

  private static int trimEnd(byte[] b, int from, int end) {
    while (end > from && (b[end - 1] == '\n' || b[end - 1] == '\r')) {
      end--;
    }
    return end;
  }

  private static boolean startsWith(byte[] b, int at, int end, byte[] prefix) {
    if (end - at < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if (b[at + i] != prefix[i]) {
        return false;
      }
    }
    return true;
  }

  private static int indexOf(byte[] b, int from, int end, byte[] needle) {
    outer:
    for (int i = from; i <= end - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (b[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] c = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, c, a.length, b.length);
    return c;
  }
}
