package dev.shepherd.provider.http;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Frames a Server-Sent Events byte stream into events ({@code event:} name and {@code data:}
 * payload) as the bytes arrive, for upstreams whose events are translated rather than relayed.
 * Follows the WHATWG event-stream rules: LF, CRLF and CR line endings (a CRLF may be split across
 * chunks), lines split anywhere across chunks, several {@code data:} lines joined with LF, one
 * space after the colon dropped, comments ({@code :…}) and other fields ignored, an event
 * dispatched at its blank line. Not thread-safe: one per stream.
 */
final class SseEvents {
  /** Receives each complete event. */
  interface Sink {
    /** @param type the {@code event:} name, or {@code null} when the event has none */
    void event(String type, String data);
  }

  private byte[] partial = new byte[0];
  private int partialLength;
  private boolean afterCr;
  private String type;
  private StringBuilder data;

  /** Frames the next bytes; complete events go to {@code sink} in order. */
  void feed(byte[] b, Sink sink) {
    int start = 0;
    for (int i = 0; i < b.length; i++) {
      byte c = b[i];
      if (afterCr) {
        afterCr = false;
        if (c == '\n') { // the LF of a CRLF whose CR ended the previous line
          start = i + 1;
          continue;
        }
      }
      if (c == '\n' || c == '\r') {
        line(b, start, i, sink);
        afterCr = c == '\r';
        start = i + 1;
      }
    }
    keep(b, start, b.length - start);
  }

  /** The stream ended: an unterminated last line and event still count. */
  void finish(Sink sink) {
    if (partialLength > 0) {
      line(new byte[0], 0, 0, sink);
    }
    dispatch(sink);
  }

  private void line(byte[] b, int from, int to, Sink sink) {
    String line;
    if (partialLength > 0) {
      keep(b, from, to - from);
      line = new String(partial, 0, partialLength, StandardCharsets.UTF_8);
      partialLength = 0;
    } else {
      line = new String(b, from, to - from, StandardCharsets.UTF_8);
    }
    if (line.isEmpty()) {
      dispatch(sink);
      return;
    }
    int colon = line.indexOf(':');
    if (colon == 0) {
      return; // a comment
    }
    String field = colon < 0 ? line : line.substring(0, colon);
    int v = colon < 0 ? line.length() : colon + 1;
    if (v < line.length() && line.charAt(v) == ' ') {
      v++;
    }
    String value = line.substring(v);
    if (field.equals("data")) {
      if (data == null) {
        data = new StringBuilder(value);
      } else {
        data.append('\n').append(value);
      }
    } else if (field.equals("event")) {
      type = value;
    }
  }

  private void dispatch(Sink sink) {
    if (data != null) {
      String t = type;
      String d = data.toString();
      type = null;
      data = null;
      sink.event(t, d);
    } else {
      type = null;
    }
  }

  private void keep(byte[] b, int from, int n) {
    if (n == 0) {
      return;
    }
    if (partialLength + n > partial.length) {
      partial = Arrays.copyOf(partial, Math.max(partial.length * 2, partialLength + n));
    }
    System.arraycopy(b, from, partial, partialLength, n);
    partialLength += n;
  }
}
