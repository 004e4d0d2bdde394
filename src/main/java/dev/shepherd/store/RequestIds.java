package dev.shepherd.store;

import java.security.SecureRandom;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Request ids that carry their own time-ordered sequence number: {@code req_<13 chars>_<10 chars>},
 * both parts in lower-case Crockford base32. The first part is the sequence number: the
 * generator's clock in epoch millis, shifted left by {@value #COUNTER_BITS} bits, plus a
 * counter within the millisecond, never smaller than the last one issued (a clock that steps back
 * does not make it repeat). The second is random per generator, so that instances sharing a
 * database never issue the same id. Ids sort by time as text too.
 *
 * <p>The request log uses the sequence number as its key ({@code request_log.seq}: on SQLite the
 * rowid itself), so that a row costs one append and needs no separate index on the id or on time.
 * {@link #sequence} reads it back from an id, {@link #millis} the time in it.
 */
public final class RequestIds {
  /** Bits of a sequence number below the millisecond (about a million ids per millisecond). */
  public static final int COUNTER_BITS = 20;
  private static final String PREFIX = "req_";
  private static final int SEQ_CHARS = 13;
  private static final int RANDOM_CHARS = 10;
  /** Length of every id issued here. */
  public static final int LENGTH = PREFIX.length() + SEQ_CHARS + 1 + RANDOM_CHARS;
  private static final byte[] DIGITS =
      "0123456789abcdefghjkmnpqrstvwxyz".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  private static final byte[] VALUES = new byte[128];

  static {
    java.util.Arrays.fill(VALUES, (byte) -1);
    for (int i = 0; i < DIGITS.length; i++) {
      VALUES[DIGITS[i]] = (byte) i;
    }
  }

  private final InstantSource clock;
  private final byte[] suffix;
  private final AtomicLong last;

  /**
   * @param clock the time ids carry (the gateway's clock)
   * @param after a sequence number every id issued will exceed: the largest one already stored,
   *     so that a restart with a clock behind the last run's cannot repeat an id's sequence
   */
  public RequestIds(InstantSource clock, long after) {
    this.clock = clock;
    this.last = new AtomicLong(Math.max(0, after));
    long random = new SecureRandom().nextLong();
    suffix = new byte[1 + RANDOM_CHARS];
    suffix[0] = '_';
    for (int i = RANDOM_CHARS; i >= 1; i--) {
      suffix[i] = DIGITS[(int) (random & 31)];
      random >>>= 5;
    }
  }

  /** A new id, unique and later in sequence than every id this generator issued before. */
  public String next() {
    long floor = firstOf(clock.millis());
    long seq;
    long prev;
    do {
      prev = last.get();
      seq = Math.max(prev + 1, floor);
    } while (!last.compareAndSet(prev, seq));
    return format(seq, suffix);
  }

  /**
   * The id of sequence number {@code seq} issued by the generator whose random part is
   * {@code random} ({@link #random} of one of its ids): the inverse of {@link #sequence} and
   * {@link #random}, so that a store may keep an id as its sequence number and a shared random part.
   */
  public static String format(long seq, String random) {
    if (seq < 0 || random.length() != RANDOM_CHARS) {
      throw new IllegalArgumentException("not a request id's parts: " + seq + ", " + random);
    }
    byte[] tail = new byte[1 + RANDOM_CHARS];
    tail[0] = '_';
    for (int i = 0; i < RANDOM_CHARS; i++) {
      tail[1 + i] = (byte) random.charAt(i);
    }
    return format(seq, tail);
  }

  private static String format(long seq, byte[] suffix) {
    byte[] id = new byte[LENGTH];
    id[0] = 'r';
    id[1] = 'e';
    id[2] = 'q';
    id[3] = '_';
    long v = seq;
    for (int i = PREFIX.length() + SEQ_CHARS - 1; i >= PREFIX.length(); i--) {
      id[i] = DIGITS[(int) (v & 31)];
      v >>>= 5;
    }
    System.arraycopy(suffix, 0, id, PREFIX.length() + SEQ_CHARS, suffix.length);
    return new String(id, java.nio.charset.StandardCharsets.ISO_8859_1);
  }

  /** The random part of an id of this form ({@link #sequence} is not -1): its last 10 characters. */
  public static String random(String id) {
    return id.substring(LENGTH - RANDOM_CHARS);
  }

  /** The sequence number in {@code id}, or -1 when it is not an id of this form (an older one). */
  public static long sequence(String id) {
    if (id == null || id.length() != LENGTH || !id.startsWith(PREFIX)
        || id.charAt(PREFIX.length() + SEQ_CHARS) != '_') {
      return -1;
    }
    long seq = 0;
    for (int i = PREFIX.length(); i < PREFIX.length() + SEQ_CHARS; i++) {
      char c = id.charAt(i);
      int d = c < 128 ? VALUES[c] : -1;
      if (d < 0) {
        return -1;
      }
      seq = (seq << 5) | d;
    }
    for (int i = PREFIX.length() + SEQ_CHARS + 1; i < LENGTH; i++) {
      char c = id.charAt(i);
      if (c >= 128 || VALUES[c] < 0) {
        return -1;
      }
    }
    // 13 digits hold 65 bits: a first digit above 7 would overflow a positive long.
    return id.charAt(PREFIX.length()) <= '7' ? seq : -1;
  }

  /** The epoch millis in sequence number {@code seq}. */
  public static long millis(long seq) {
    return seq >>> COUNTER_BITS;
  }

  /**
   * The smallest sequence number of epoch millisecond {@code millis}: 0 for times before 1970,
   * {@link Long#MAX_VALUE} for times past the last one a sequence number holds (year 2248).
   */
  public static long firstOf(long millis) {
    if (millis <= 0) {
      return 0;
    }
    return millis > Long.MAX_VALUE >>> COUNTER_BITS ? Long.MAX_VALUE : millis << COUNTER_BITS;
  }
}
