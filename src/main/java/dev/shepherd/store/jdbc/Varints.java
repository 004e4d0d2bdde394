package dev.shepherd.store.jdbc;

import java.util.Arrays;

/** Unsigned LEB128 varints (7 bits a byte, low bits first), as {@link RequestBlock} stores rows. */
final class Varints {
  private Varints() {}

  /** A growable byte array. */
  static final class Writer {
    private byte[] buf;
    private int size;

    Writer(int capacity) {
      buf = new byte[Math.max(16, capacity)];
    }

    void writeByte(int b) {
      if (size == buf.length) {
        buf = Arrays.copyOf(buf, buf.length * 2);
      }
      buf[size++] = (byte) b;
    }

    /** Writes {@code v}, read as unsigned: 1 byte below 128, at most 10. */
    void varint(long v) {
      while ((v & ~0x7FL) != 0) {
        writeByte((int) (v & 0x7F) | 0x80);
        v >>>= 7;
      }
      writeByte((int) v);
    }

    byte[] bytes() {
      return Arrays.copyOf(buf, size);
    }
  }

  /** Reads what a {@link Writer} wrote. */
  static final class Reader {
    private final byte[] data;
    private int pos;

    Reader(byte[] data) {
      this.data = data;
    }

    int readByte() {
      return data[pos++];
    }

    long varint() {
      long v = 0;
      for (int shift = 0; ; shift += 7) {
        byte b = data[pos++];
        v |= (long) (b & 0x7F) << shift;
        if (b >= 0) {
          return v;
        }
      }
    }
  }
}
