package dev.shepherd.store.jdbc;

import dev.shepherd.store.RequestIds;
import dev.shepherd.store.RequestRecord;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Request log rows stored together as one row of {@code request_blocks} (V10): what one writer
 * transaction adds for requests that were answered (failed requests and rows with payloads keep a
 * row each in {@code request_log}). One insert per block instead of one per request is what makes
 * the request log cheap enough to leave on ({@code bench/observe-ab.sh}).
 *
 * <p>Encoding: {@code labels} holds the block's distinct strings (ids' random parts, keys,
 * accounts, models, deployments, endpoints, outcomes, …), each between newlines (a newline or
 * backslash inside one is escaped), so a listing filtered by key or model skips blocks with a
 * {@code LIKE} ({@link #labelPattern}) before decoding any. {@code data} is a version byte, the
 * row count, the first row's sequence number, then per row: its sequence number's delta from the
 * row before, its id (a label reference: the random part of a gateway id rebuilt from the
 * sequence number, or the whole id), its start time's difference from the sequence number's,
 * flags (stream, SLO error, which optional fields are known), then its fields as label references
 * and unsigned varints. A typical answered request takes 25–30 bytes.
 *
 * @param firstSeq the first row's sequence number (rows are in sequence order)
 * @param lastSeq the last row's sequence number
 * @param rows how many rows
 * @param labels the strings rows refer to, as described above
 * @param data the rows, as described above
 */
record RequestBlock(long firstSeq, long lastSeq, int rows, String labels, byte[] data) {
  private static final int VERSION = 1;
  private static final int STREAM = 1;
  private static final int SLO_ERROR = 2;
  private static final int OPTIONAL_SHIFT = 2;
  private static final int TEXTS = 8;
  private static final int FIGURES = 6;

  /** A decoded row and its sequence number (the block's key order). */
  record Row(long seq, RequestRecord record) {}

  /**
   * Encodes {@code rows} (without payloads), in ascending order of their sequence numbers.
   */
  static RequestBlock encode(List<Row> rows) {
    if (rows.isEmpty()) {
      throw new IllegalArgumentException("a block needs rows");
    }
    Labels labels = new Labels();
    Varints.Writer out = new Varints.Writer(rows.size() * 28);
    out.writeByte(VERSION);
    out.varint(rows.size());
    long first = rows.get(0).seq();
    out.varint(first);
    long prev = first;
    String random = null;
    for (Row row : rows) {
      RequestRecord r = row.record();
      long seq = row.seq();
      if (seq < prev || r.requestBody() != null || r.responseBody() != null) {
        throw new IllegalArgumentException("rows out of order, or with payloads: " + r.requestId());
      }
      out.varint(seq - prev);
      prev = seq;
      String id = r.requestId();
      boolean gatewayId = RequestIds.sequence(id) == seq;
      if (gatewayId && (random == null || !id.regionMatches(id.length() - random.length(), random, 0,
          random.length()))) {
        random = RequestIds.random(id); // one instance while ids come from one generator
      }
      out.varint((long) labels.ref(0, gatewayId ? random : id) << 1 | (gatewayId ? 0 : 1));
      out.varint(zigzag(r.createdAt() - RequestIds.millis(seq)));
      String[] texts = texts(r);
      long[] figures = figures(r);
      int flags = (r.stream() ? STREAM : 0) | (r.sloError() ? SLO_ERROR : 0);
      for (int t = 0; t < TEXTS; t++) {
        flags |= texts[t] != null ? 1 << (OPTIONAL_SHIFT + t) : 0;
      }
      for (int f = 0; f < FIGURES; f++) {
        flags |= figures[f] >= 0 ? 1 << (OPTIONAL_SHIFT + TEXTS + f) : 0;
      }
      out.varint(flags);
      out.varint(labels.ref(1, r.endpoint()));
      out.varint(labels.ref(2, r.outcome()));
      out.varint(r.status());
      out.varint(r.attempts());
      out.varint(r.latencyMicros());
      for (int t = 0; t < TEXTS; t++) {
        if (texts[t] != null) {
          out.varint(labels.ref(3 + t, texts[t]));
        }
      }
      for (long f : figures) {
        if (f >= 0) {
          out.varint(f);
        }
      }
    }
    return new RequestBlock(first, prev, rows.size(), labels.joined(), out.bytes());
  }

  /** The rows of a stored block, in sequence order. */
  static List<Row> decode(String labels, byte[] data) {
    Cursor in = new Cursor(labels, data);
    List<Row> out = new ArrayList<>(in.rows);
    while (in.next()) {
      out.add(new Row(in.seq, in.record()));
    }
    return out;
  }

  /** The ids of a stored block's rows whose sequence numbers are in {@code [min, max]}, without decoding the rest. */
  static List<String> ids(String labels, byte[] data, long min, long max) {
    Cursor in = new Cursor(labels, data);
    List<String> out = new ArrayList<>();
    while (in.next()) {
      if (in.seq >= min && in.seq <= max) {
        out.add(in.id());
      }
      in.skip();
    }
    return out;
  }

  /** Reads a block's rows one by one: {@link #next}, then {@link #record} or {@link #skip}. */
  private static final class Cursor {
    private final String[] strings;
    private final Varints.Reader in;
    final int rows;
    private int read;
    long seq;
    private long idRef;
    private int flags;

    Cursor(String labels, byte[] data) {
      strings = Labels.split(labels);
      in = new Varints.Reader(data);
      int version = in.readByte();
      if (version != VERSION) {
        throw new IllegalStateException("request block version " + version + " (this build reads " + VERSION + ")");
      }
      rows = (int) in.varint();
      seq = in.varint();
    }

    /** Reads the next row's sequence number, id reference and start; false when there is none. */
    boolean next() {
      if (read++ == rows) {
        return false;
      }
      seq += in.varint();
      idRef = in.varint();
      return true;
    }

    String id() {
      String label = strings[(int) (idRef >>> 1)];
      return (idRef & 1) == 0 ? RequestIds.format(seq, label) : label;
    }

    void skip() {
      in.varint(); // start
      flags = (int) in.varint();
      for (int i = 0, fields = 5 + Integer.bitCount(flags >>> OPTIONAL_SHIFT); i < fields; i++) {
        in.varint();
      }
    }

    RequestRecord record() {
      String id = id();
      long createdAt = RequestIds.millis(seq) + unzigzag(in.varint());
      flags = (int) in.varint();
      String endpoint = strings[(int) in.varint()];
      String outcome = strings[(int) in.varint()];
      int status = (int) in.varint();
      int attempts = (int) in.varint();
      long latency = in.varint();
      String[] texts = new String[TEXTS];
      for (int t = 0; t < TEXTS; t++) {
        texts[t] = (flags & 1 << (OPTIONAL_SHIFT + t)) != 0 ? strings[(int) in.varint()] : null;
      }
      long[] figures = new long[FIGURES];
      for (int f = 0; f < FIGURES; f++) {
        figures[f] = (flags & 1 << (OPTIONAL_SHIFT + TEXTS + f)) != 0 ? in.varint() : -1;
      }
      return new RequestRecord(id, createdAt, texts[0], texts[1], texts[2], texts[3], texts[4], endpoint,
          (flags & STREAM) != 0, status, outcome, texts[5], texts[6], (flags & SLO_ERROR) != 0, attempts, texts[7],
          figures[0], figures[1], figures[2], latency, figures[3], figures[4], figures[5], null, null);
    }
  }

  /**
   * A {@code LIKE} pattern (escape character {@code !}) matching the labels of blocks that hold
   * {@code value} as one of their strings: every block with a row that has it, and perhaps a few
   * more (SQLite's {@code LIKE} ignores ASCII case), so rows are still checked once decoded.
   */
  static String labelPattern(String value) {
    StringBuilder p = new StringBuilder("%\n");
    String escaped = Labels.escape(value);
    for (int i = 0; i < escaped.length(); i++) {
      char c = escaped.charAt(i);
      if (c == '!' || c == '%' || c == '_') {
        p.append('!');
      }
      p.append(c);
    }
    return p.append("\n%").toString();
  }

  private static String[] texts(RequestRecord r) {
    return new String[] {r.keyId(), r.accountId(), r.model(), r.requestedModel(), r.deployment(), r.error(),
        r.errorDetail(), r.route()};
  }

  private static long[] figures(RequestRecord r) {
    return new long[] {r.promptTokens(), r.completionTokens(), r.costMicros(), r.ttftMicros(), r.upstreamMicros(),
        r.overheadMicros()};
  }

  private static long zigzag(long v) {
    return (v << 1) ^ (v >> 63);
  }

  private static long unzigzag(long v) {
    return (v >>> 1) ^ -(v & 1);
  }

  /**
   * A block's distinct strings, numbered in order of first use. Each field (slot) remembers its
   * last string: consecutive rows mostly share the same instances (a key's id, a catalog model),
   * found then without hashing.
   */
  private static final class Labels {
    private final Map<String, Integer> refs = new HashMap<>();
    private final List<String> strings = new ArrayList<>();
    private final String[] lastString = new String[3 + TEXTS];
    private final int[] lastRef = new int[3 + TEXTS];

    int ref(int slot, String s) {
      if (s == lastString[slot]) {
        return lastRef[slot];
      }
      Integer known = refs.get(s);
      int ref;
      if (known != null) {
        ref = known;
      } else {
        ref = strings.size();
        refs.put(s, ref);
        strings.add(s);
      }
      lastString[slot] = s;
      lastRef[slot] = ref;
      return ref;
    }

    /** Each string after a newline, and a newline at the end: {@code "\na\nb\n"}. */
    String joined() {
      StringBuilder sb = new StringBuilder("\n");
      for (String s : strings) {
        sb.append(escape(s)).append('\n');
      }
      return sb.toString();
    }

    /** Newlines and backslashes escaped; a NUL (which PostgreSQL's text cannot hold) becomes U+FFFD. */
    static String escape(String s) {
      if (s.indexOf('\n') < 0 && s.indexOf('\\') < 0 && s.indexOf('\0') < 0) {
        return s;
      }
      return s.replace("\\", "\\\\").replace("\n", "\\n").replace('\0', '\uFFFD');
    }

    static String[] split(String joined) {
      String[] parts = joined.substring(1, joined.length() - 1).split("\n", -1);
      for (int i = 0; i < parts.length; i++) {
        if (parts[i].indexOf('\\') >= 0) {
          parts[i] = unescape(parts[i]);
        }
      }
      return parts;
    }

    private static String unescape(String s) {
      StringBuilder sb = new StringBuilder(s.length());
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        if (c == '\\' && i + 1 < s.length()) {
          char next = s.charAt(++i);
          sb.append(next == 'n' ? '\n' : next);
        } else {
          sb.append(c);
        }
      }
      return sb.toString();
    }
  }
}
