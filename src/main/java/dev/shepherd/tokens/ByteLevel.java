package dev.shepherd.tokens;

import java.io.ByteArrayOutputStream;

/**
 * GPT-2's reversible byte ↔ character mapping that byte-level BPE vocabularies (Hugging Face
 * {@code ByteLevel}) are written in: the printable bytes {@code !}..{@code ~}, {@code ¡}..{@code ¬}
 * and {@code ®}..{@code ÿ} stand for themselves; the other 68 bytes (controls, space, DEL, NBSP,
 * soft hyphen) map in increasing order to U+0100, U+0101, … (so a space is {@code Ġ}, U+0120).
 * Source: {@code bytes_to_unicode} in OpenAI's GPT-2 {@code encoder.py}; the table here is computed.
 */
final class ByteLevel {
  /** Character → byte value, or -1 for characters outside the alphabet (indexed up to U+0143). */
  private static final int[] BYTE_OF_CHAR = new int[0x100 + 68];

  /** Byte value → character. */
  private static final char[] CHAR_OF_BYTE = new char[256];

  static {
    java.util.Arrays.fill(BYTE_OF_CHAR, -1);
    int next = 0x100;
    for (int b = 0; b < 256; b++) {
      boolean printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
      char c = (char) (printable ? b : next++);
      BYTE_OF_CHAR[c] = b;
      CHAR_OF_BYTE[b] = c;
    }
  }

  private ByteLevel() {}

  /** The vocabulary string of {@code bytes}. */
  static String encode(byte[] bytes) {
    StringBuilder sb = new StringBuilder(bytes.length);
    for (byte b : bytes) {
      sb.append(CHAR_OF_BYTE[b & 0xFF]);
    }
    return sb.toString();
  }

  /** The bytes a vocabulary string stands for, or {@code null} if it has a character outside the alphabet. */
  static byte[] decode(String token) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(token.length());
    for (int i = 0; i < token.length(); i++) {
      char c = token.charAt(i);
      int b = c < BYTE_OF_CHAR.length ? BYTE_OF_CHAR[c] : -1;
      if (b < 0) {
        return null;
      }
      out.write(b);
    }
    return out.toByteArray();
  }
}
