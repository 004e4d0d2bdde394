package dev.shepherd.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Request ids: unique, time-ordered, their sequence number and time read back. */
class RequestIdsTest {
  private static final long T0 = Instant.parse("2026-11-25T01:00:00Z").toEpochMilli();

  @Test
  void anIdCarriesItsClocksTimeAndReadsBack() {
    RequestIds ids = new RequestIds(InstantSource.fixed(Instant.ofEpochMilli(T0)), 0);
    String id = ids.next();
    assertTrue(id.matches("req_[0-9a-hjkmnp-tv-z]{13}_[0-9a-hjkmnp-tv-z]{10}"), id);
    long seq = RequestIds.sequence(id);
    assertEquals(T0, RequestIds.millis(seq));
    assertEquals(RequestIds.firstOf(T0), seq);
    assertEquals(seq + 1, RequestIds.sequence(ids.next())); // same millisecond: the counter
  }

  @Test
  void sequenceNumbersOnlyGrowAndIdsSortByThemAsText() {
    AtomicLong now = new AtomicLong(T0);
    RequestIds ids = new RequestIds(() -> Instant.ofEpochMilli(now.get()), 0);
    List<String> issued = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      issued.add(ids.next());
      now.addAndGet(i % 3 == 0 ? 7 : i % 3 == 1 ? 0 : -20); // the clock steps back too
    }
    for (int i = 1; i < issued.size(); i++) {
      assertTrue(RequestIds.sequence(issued.get(i)) > RequestIds.sequence(issued.get(i - 1)), issued.get(i));
      assertTrue(issued.get(i).compareTo(issued.get(i - 1)) > 0, issued.get(i));
    }
  }

  @Test
  void startsAfterTheLastStoredSequence() {
    long stored = RequestIds.firstOf(T0 + 60_000) + 5; // a previous run whose clock was a minute ahead
    RequestIds ids = new RequestIds(InstantSource.fixed(Instant.ofEpochMilli(T0)), stored);
    assertEquals(stored + 1, RequestIds.sequence(ids.next()));
  }

  @Test
  void concurrentCallersNeverShareAnId() throws Exception {
    RequestIds ids = new RequestIds(InstantSource.system(), 0);
    Set<String> all = java.util.concurrent.ConcurrentHashMap.newKeySet();
    try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        done.add(pool.submit(() -> {
          for (int i = 0; i < 20_000; i++) {
            all.add(ids.next());
          }
        }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    }
    assertEquals(80_000, all.size());
  }

  @Test
  void generatorsSharingADatabaseDifferInTheRandomPart() {
    InstantSource clock = InstantSource.fixed(Instant.ofEpochMilli(T0));
    Set<String> suffixes = new HashSet<>();
    for (int i = 0; i < 50; i++) {
      String id = new RequestIds(clock, 0).next();
      suffixes.add(id.substring(id.lastIndexOf('_')));
    }
    assertEquals(50, suffixes.size());
    String a = new RequestIds(clock, 0).next();
    String b = new RequestIds(clock, 0).next();
    assertEquals(RequestIds.sequence(a), RequestIds.sequence(b));
    assertNotEquals(a, b);
  }

  @Test
  void otherStringsHaveNoSequence() {
    String good = new RequestIds(InstantSource.system(), 0).next();
    for (String bad : new String[] {null, "", "req_1", "req_0a1b2c3d4e5f_1z", good.substring(1), good + "0",
        good.replace("req_", "res_"), good.substring(0, 17) + "-" + good.substring(18),
        "req_8" + good.substring(5), "req_" + "u".repeat(13) + good.substring(17),
        good.substring(0, 20) + "é" + good.substring(21), good.substring(0, 25) + "U" + good.substring(26)}) {
      assertEquals(-1, RequestIds.sequence(bad), String.valueOf(bad));
    }
  }
}
