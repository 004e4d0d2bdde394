package dev.shepherd.api.openai;

/** Byte-level helpers over raw JSON text. */
final class Json {
  private Json() {}

  /** Offset just after the closing quote of the string literal whose opening quote is at {@code start}. */
  static int endOfString(byte[] b, int start) {
    for (int i = start + 1; i < b.length; i++) {
      byte c = b[i];
      if (c == '\\') {
        i++;
      } else if (c == '"') {
        return i + 1;
      }
    }
    throw new IllegalStateException("unterminated string at " + start);
  }
}
