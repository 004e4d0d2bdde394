package dev.shepherd.translate.anthropic;

import java.util.ArrayList;
import java.util.List;

/**
 * Test helper: splits SSE text into events the way a conforming reader does (lines end with CR, LF
 * or CRLF; a blank line ends an event; {@code data:} lines are joined with LF; one space after the
 * colon is dropped; comment lines starting with {@code :} are skipped). Framing is the caller's job
 * in production; fixtures and tests use this.
 */
final class SseText {
  /** One event: {@code type} is the {@code event:} name or {@code null}. */
  record Event(String type, String data) {}

  private SseText() {}

  static List<Event> parse(String text) {
    List<Event> events = new ArrayList<>();
    String type = null;
    StringBuilder data = null;
    int i = 0;
    int n = text.length();
    while (i <= n) {
      int end = i;
      while (end < n && text.charAt(end) != '\n' && text.charAt(end) != '\r') {
        end++;
      }
      String line = text.substring(i, end);
      if (end < n && text.charAt(end) == '\r' && end + 1 < n && text.charAt(end + 1) == '\n') {
        end++;
      }
      i = end + 1;
      if (line.isEmpty()) {
        if (data != null) {
          events.add(new Event(type, data.toString()));
        }
        type = null;
        data = null;
        continue;
      }
      if (line.startsWith(":")) {
        continue;
      }
      int colon = line.indexOf(':');
      String field = colon < 0 ? line : line.substring(0, colon);
      String value = colon < 0 ? "" : line.substring(colon + 1);
      if (value.startsWith(" ")) {
        value = value.substring(1);
      }
      if (field.equals("event")) {
        type = value;
      } else if (field.equals("data")) {
        data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
      }
    }
    return events;
  }

  /** {@code lfText} with every LF replaced by {@code eol} ({@code "\r\n"} or {@code "\r"}). */
  static String withLineEndings(String lfText, String eol) {
    return lfText.replace("\n", eol);
  }
}
