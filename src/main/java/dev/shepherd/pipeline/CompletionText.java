package dev.shepherd.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The generated text of one answer as it reached the client, kept so that an answer whose
 * upstream reported no usage (a stream cut off, a server that omits usage) can still be charged
 * for its completion, counted with the model's tokenizer. Collects the string values of
 * {@code content}, {@code reasoning_content}, {@code arguments}, {@code text} (OpenAI chunks and
 * answers) and {@code partial_json}, {@code thinking} (Anthropic events) fields, still JSON-escaped; decodes only when asked. One scan per event, no parsing.
 * Not thread-safe (the stream's event loop writes; the settler reads after the end).
 */
public final class CompletionText {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final byte[][] KEYS = {
      "content".getBytes(StandardCharsets.US_ASCII), "reasoning_content".getBytes(StandardCharsets.US_ASCII),
      "arguments".getBytes(StandardCharsets.US_ASCII), "text".getBytes(StandardCharsets.US_ASCII),
      "partial_json".getBytes(StandardCharsets.US_ASCII), "thinking".getBytes(StandardCharsets.US_ASCII)};
  private byte[] escaped = new byte[0];
  private int length;

  /** Adds the generated strings of one chunk's JSON ({@code b[start, end)}). */
  public void add(byte[] b, int start, int end) {
    for (int i = start; i + 2 < end; i++) {
      if (b[i] == '"' && b[i + 1] == ':' && b[i + 2] == '"' && isGeneratedKey(b, start, i)) {
        int from = i + 3;
        int to = from;
        while (to < end && b[to] != '"') {
          to += b[to] == '\\' ? 2 : 1;
        }
        if (to >= end) {
          return; // malformed: ignore the rest
        }
        append(b, from, to);
        i = to;
      }
    }
  }

  /** Whether the key whose closing quote is at {@code quote} is one of {@link #KEYS}. */
  private static boolean isGeneratedKey(byte[] b, int start, int quote) {
    for (byte[] k : KEYS) {
      int s = quote - k.length;
      if (s - 1 >= start && b[s - 1] == '"' && Arrays.equals(b, s, quote, k, 0, k.length)) {
        return true;
      }
    }
    return false;
  }

  private void append(byte[] b, int from, int to) {
    int need = length + (to - from) + 3;
    if (need > escaped.length) {
      escaped = Arrays.copyOf(escaped, Math.max(need, escaped.length * 2 + 64));
    }
    if (length > 0) {
      escaped[length++] = ',';
    }
    escaped[length++] = '"';
    System.arraycopy(b, from, escaped, length, to - from);
    length += to - from;
    escaped[length++] = '"';
  }

  /** Adds the generated strings of a whole (non-streamed) chat or completions response. */
  public void addResponse(byte[] body) {
    add(body, 0, body.length);
  }

  /** Whether anything was collected. */
  public boolean isEmpty() {
    return length == 0;
  }

  /** Bytes collected so far (escaped form), to decide whether counting belongs off the event loop. */
  public int size() {
    return length;
  }

  /** The collected text, decoded and concatenated. */
  public String text() {
    if (length == 0) {
      return "";
    }
    byte[] array = new byte[length + 2];
    array[0] = '[';
    System.arraycopy(escaped, 0, array, 1, length);
    array[length + 1] = ']';
    try {
      StringBuilder sb = new StringBuilder(length);
      for (JsonNode n : JSON.readTree(array)) {
        sb.append(n.asText());
      }
      return sb.toString();
    } catch (IOException e) {
      return new String(escaped, 0, length, StandardCharsets.UTF_8); // undecodable escapes: count as is
    }
  }
}
