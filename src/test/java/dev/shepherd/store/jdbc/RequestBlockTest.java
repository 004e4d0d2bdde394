package dev.shepherd.store.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shepherd.store.RequestIds;
import dev.shepherd.store.RequestRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The block encoding: every field round-trips, rows stay small, labels match what LIKE looks for. */
class RequestBlockTest {
  private static final long T0 = Instant.parse("2026-11-25T03:00:00Z").toEpochMilli();

  @Test
  void everyFieldRoundTrips() {
    SplittableRandom rnd = new SplittableRandom(7);
    AtomicLong now = new AtomicLong(T0);
    RequestIds gen = new RequestIds(() -> Instant.ofEpochMilli(now.get()), 0);
    List<RequestRecord> records = new ArrayList<>();
    long[] seqs = new long[500];
    for (int i = 0; i < seqs.length; i++) {
      now.addAndGet(rnd.nextInt(3));
      String id = i % 10 == 3 ? "legacy-" + i : gen.next();
      long createdAt = i % 10 == 7 ? now.get() - 5 : now.get(); // an id whose time is not the row's
      RequestRecord r = new RequestRecord(id, createdAt, maybe(rnd, "key_" + rnd.nextInt(3)),
          maybe(rnd, "acct"), maybe(rnd, "m-" + rnd.nextInt(4)), maybe(rnd, "asked\nwith \\ newline"),
          maybe(rnd, "p/m"), i % 2 == 0 ? "chat" : "embeddings", rnd.nextBoolean(), 200 + rnd.nextInt(300),
          i % 5 == 0 ? "CLIENT_CLOSED" : "OK", maybe(rnd, "client_closed"), maybe(rnd, "detail ✓"),
          rnd.nextBoolean(), rnd.nextInt(4), maybe(rnd, "candidates=a"), figure(rnd), figure(rnd), figure(rnd),
          rnd.nextLong(1L << 40), figure(rnd), figure(rnd), figure(rnd), null, null);
      records.add(r);
      long seq = RequestLogRows.sequence(r);
      seqs[i] = i == 0 ? seq : Math.max(seq, seqs[i - 1]);
    }
    RequestBlock block = RequestBlock.encode(rows(seqs, records));
    List<RequestBlock.Row> rows = RequestBlock.decode(block.labels(), block.data());
    assertEquals(records.size(), rows.size());
    for (int i = 0; i < seqs.length; i++) {
      assertEquals(seqs[i], rows.get(i).seq());
      assertEquals(records.get(i), rows.get(i).record());
    }
    long min = seqs[100];
    long max = seqs[300];
    assertEquals(rows.stream().filter(r -> r.seq() >= min && r.seq() <= max).map(r -> r.record().requestId()).toList(),
        RequestBlock.ids(block.labels(), block.data(), min, max));
    assertEquals(seqs[0], block.firstSeq());
    assertEquals(seqs[seqs.length - 1], block.lastSeq());
  }

  @Test
  void aTypicalAnsweredRequestTakesUnderThirtyBytes() {
    RequestIds gen = new RequestIds(() -> Instant.ofEpochMilli(T0), 0);
    List<RequestRecord> records = new ArrayList<>();
    long[] seqs = new long[1_000];
    for (int i = 0; i < seqs.length; i++) {
      String id = gen.next();
      seqs[i] = RequestIds.sequence(id);
      records.add(new RequestRecord(id, T0, "key_0123456789", "acct_0123456789", "gpt-4o-mini", "gpt-4o-mini",
          "mock/gpt-4o-mini", "chat", false, 200, "OK", null, null, false, 1, null, 20 + i % 50, 100 + i % 300,
          75 + i % 200, 900 + i % 5_000, -1, 700 + i % 4_000, 200 + i % 1_000, null, null));
    }
    RequestBlock block = RequestBlock.encode(rows(seqs, records));
    assertTrue(block.data().length < 30 * seqs.length, block.data().length + " bytes");
    assertEquals(7, block.labels().split("\n", -1).length - 2, block.labels()); // random part, key, account, ...
  }

  @Test
  void labelPatternsFindTheirValueOnly() {
    RequestRecord r = new RequestRecord("x", T0, "key_%1", null, "a\nb\\c", null, null, "chat", false, 200, "OK",
        null, null, false, 0, null, -1, -1, -1, 1, -1, -1, -1, null, null);
    RequestBlock block = RequestBlock.encode(List.of(new RequestBlock.Row(RequestLogRows.sequence(r), r)));
    assertTrue(like(block.labels(), RequestBlock.labelPattern("key_%1")));
    assertTrue(like(block.labels(), RequestBlock.labelPattern("a\nb\\c")));
    assertTrue(!like(block.labels(), RequestBlock.labelPattern("key_%")));
    assertTrue(!like(block.labels(), RequestBlock.labelPattern("keyX%1")));
    assertTrue(!like(block.labels(), RequestBlock.labelPattern("b\\c")));
  }

  @Test
  void refusesRowsOutOfOrderOrWithPayloads() {
    RequestRecord r = new RequestRecord("x", T0, null, null, null, null, null, "chat", false, 200, "OK", null, null,
        false, 0, null, -1, -1, -1, 1, -1, -1, -1, null, null);
    assertThrows(IllegalArgumentException.class,
        () -> RequestBlock.encode(List.of(new RequestBlock.Row(5, r), new RequestBlock.Row(4, r))));
    assertThrows(IllegalArgumentException.class,
        () -> RequestBlock.encode(List.of(new RequestBlock.Row(5, r.withText(null, "{}", null)))));
  }

  private static List<RequestBlock.Row> rows(long[] seqs, List<RequestRecord> records) {
    List<RequestBlock.Row> rows = new ArrayList<>();
    for (int i = 0; i < seqs.length; i++) {
      rows.add(new RequestBlock.Row(seqs[i], records.get(i)));
    }
    return rows;
  }

  /** SQL LIKE with escape character {@code !}, as a regex (case-sensitive, as PostgreSQL). */
  private static boolean like(String text, String pattern) {
    StringBuilder re = new StringBuilder();
    for (int i = 0; i < pattern.length(); i++) {
      char c = pattern.charAt(i);
      if (c == '!') {
        re.append(Pattern.quote(String.valueOf(pattern.charAt(++i))));
      } else if (c == '%') {
        re.append(".*");
      } else if (c == '_') {
        re.append('.');
      } else {
        re.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return Pattern.compile(re.toString(), Pattern.DOTALL).matcher(text).matches();
  }

  private static String maybe(SplittableRandom rnd, String s) {
    return rnd.nextInt(3) == 0 ? null : s;
  }

  private static long figure(SplittableRandom rnd) {
    return rnd.nextInt(4) == 0 ? -1 : rnd.nextLong(1L << rnd.nextInt(1, 50));
  }
}
