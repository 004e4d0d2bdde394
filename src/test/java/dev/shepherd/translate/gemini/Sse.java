package dev.shepherd.translate.gemini;

import java.util.ArrayList;
import java.util.List;

/** A minimal SSE reader for fixtures: the {@code data:} payload of each event, any line ending. */
final class Sse {
  private Sse() {}

  static List<String> payloads(String stream) {
    List<String> out = new ArrayList<>();
    StringBuilder data = null;
    for (String line : stream.split("\r\n|\n|\r", -1)) {
      if (line.isEmpty()) {
        if (data != null) {
          out.add(data.toString());
          data = null;
        }
      } else if (line.startsWith("data:")) {
        String value = line.substring(line.startsWith("data: ") ? 6 : 5);
        data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
      }
    }
    if (data != null) {
      out.add(data.toString());
    }
    return out;
  }
}
