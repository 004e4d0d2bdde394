package dev.shepherd.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shepherd.api.openai.Endpoint;
import dev.shepherd.pipeline.Exchange;
import dev.shepherd.routing.Deployment;
import dev.shepherd.store.UsageRecord;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Observers run off the calling thread, in order, all of them, nothing lost. */
class ObserverQueueTest {
  /** Records what it heard and on which thread. */
  static final class Recorder implements Observer {
    final List<String> heard = Collections.synchronizedList(new ArrayList<>());
    final List<Thread> threads = Collections.synchronizedList(new ArrayList<>());
    final List<Ended> copies = Collections.synchronizedList(new ArrayList<>());

    @Override
    public void onAttemptEnd(Deployment d, String result, long nanos) {
      heard.add("attempt " + result + " " + nanos);
      threads.add(Thread.currentThread());
    }

    @Override
    public void onEnd(Ended e) {
      heard.add("end " + e.requestId());
      threads.add(Thread.currentThread());
      copies.add(e);
    }

    @Override
    public void onSettled(Ended e, UsageRecord usage) {
      heard.add("settled " + e.requestId() + " " + usage.costMicros());
      threads.add(Thread.currentThread());
      copies.add(e);
    }
  }

  static Exchange exchange(String id) {
    return new Exchange(id, null, Endpoint.CHAT, new byte[0], System.nanoTime(), List.of(), null);
  }

  static UsageRecord charged(String id, long micros) {
    return new UsageRecord(id, "acct", "key", "m", "d", "chat", "OK", "upstream", 1, 0, 1, micros, micros, "pv1", 0, 1);
  }

  @Test
  void hooksRunLaterOnTheQueueThreadInOrderAndFlushWaitsForThem() {
    Recorder r = new Recorder();
    try (ObserverQueue q = new ObserverQueue(List.of(r), false, 10_000, 60_000)) {
      for (int i = 0; i < 100; i++) {
        Exchange ex = exchange("r" + i);
        q.onAttemptEnd(ex, null, 1, "200-r" + i, 5);
        q.onEnd(ex);
        q.onSettled(ex, charged("r" + i, i));
      }
      assertEquals(0, r.heard.size(), "nothing ran inline");
      q.flush();
      assertEquals(300, r.heard.size());
      List<String> first = r.heard.stream().filter(s -> s.matches(".*\\br7\\b.*")).toList();
      assertEquals(List.of("attempt 200-r7 5", "end r7", "settled r7 7"), first);
      assertTrue(r.threads.stream().noneMatch(t -> t == Thread.currentThread()), "deferred hooks ran off this thread");
      assertSame(r.copies.get(14), r.copies.get(15), "an exchange's end and settlement read one copy");
    }
  }

  /** A settlement heard after its end already ran (counted off the loop) is queued on its own, not lost. */
  @Test
  void aSettlementAfterItsEndRanIsHeardOnItsOwn() {
    Recorder r = new Recorder();
    try (ObserverQueue q = new ObserverQueue(List.of(r), false, 10_000, 60_000)) {
      Exchange ex = exchange("late");
      q.onEnd(ex);
      q.flush();
      assertEquals(List.of("end late"), List.copyOf(r.heard));
      q.onSettled(ex, charged("late", 9));
      q.flush();
      assertEquals(List.of("end late", "settled late 9"), List.copyOf(r.heard));
      assertSame(r.copies.get(0), r.copies.get(1));
    }
  }

  /** The copy holds what observers read; bodies only when asked for (request-log capture). */
  @Test
  void theQueueHoldsCopiesWithBodiesOnlyWhenAsked() {
    for (boolean payloads : new boolean[] {false, true}) {
      Recorder r = new Recorder();
      try (ObserverQueue q = new ObserverQueue(List.of(r), payloads, 10_000, 60_000)) {
        Exchange ex = new Exchange("b", null, Endpoint.CHAT, "{\"q\":1}".getBytes(java.nio.charset.StandardCharsets.UTF_8),
            System.nanoTime(), List.of(), null);
        q.onEnd(ex);
        q.flush();
        Ended e = r.copies.get(0);
        assertEquals("b", e.requestId());
        assertEquals(Endpoint.CHAT, e.endpoint());
        assertEquals(ex.startNanos(), e.startNanos());
        assertEquals(payloads ? "{\"q\":1}" : null,
            e.clientBody() == null ? null : new String(e.clientBody(), java.nio.charset.StandardCharsets.UTF_8));
      }
    }
  }

  @Test
  void closeRunsWhatIsQueuedAndLaterHooksRunInline() {
    Recorder r = new Recorder();
    ObserverQueue q = new ObserverQueue(List.of(r), false, 10_000, 60_000);
    for (int i = 0; i < 15; i++) {
      q.onEnd(exchange("e" + i));
    }
    assertEquals(0, r.heard.size());
    q.close();
    assertEquals(15, r.heard.size());
    assertEquals("end e14", r.heard.get(14));
    q.onEnd(exchange("late")); // after close: inline, not lost
    assertEquals("end late", r.heard.get(15));
    assertEquals(Thread.currentThread(), r.threads.get(15));
    q.flush(); // returns at once when closed
  }

  @Test
  void whenTheDrainerLagsHooksRunInline() throws Exception {
    Recorder r = new Recorder();
    try (ObserverQueue q = new ObserverQueue(List.of(r), false, 10_000, 20)) { // its next pass is 10 s away
      q.onEnd(exchange("queued"));
      assertEquals(0, r.heard.size());
      Thread.sleep(50); // now 20 ms past its last pass: treated as starved
      q.onEnd(exchange("inline"));
      assertEquals(List.of("end inline"), List.copyOf(r.heard));
      assertEquals(Thread.currentThread(), r.threads.get(0));
      q.flush();
      assertEquals(List.of("end inline", "end queued"), List.copyOf(r.heard));
    }
  }

  @Test
  void aThrowingObserverDoesNotStopTheOthers() {
    Recorder r = new Recorder();
    Observer broken = ex -> {
      throw new IllegalStateException("boom");
    };
    try (ObserverQueue q = new ObserverQueue(List.of(broken, r), false, 5, 60_000)) {
      q.onEnd(exchange("x"));
      q.onEnd(exchange("y"));
      q.flush();
      assertEquals(List.of("end x", "end y"), List.copyOf(r.heard));
      assertNotEquals(Thread.currentThread(), r.threads.get(0));
    }
  }

  /** Counts each exchange's ends; checks each producer's order. */
  static final class Counting implements Observer {
    final java.util.concurrent.ConcurrentHashMap<String, Integer> ends = new java.util.concurrent.ConcurrentHashMap<>();
    final java.util.concurrent.ConcurrentHashMap<String, Integer> lastByProducer = new java.util.concurrent.ConcurrentHashMap<>();
    final java.util.concurrent.atomic.AtomicInteger outOfOrder = new java.util.concurrent.atomic.AtomicInteger();

    @Override
    public void onEnd(Ended ex) {
      ends.merge(ex.requestId(), 1, Integer::sum);
      String[] parts = ex.requestId().split("-"); // producer-sequence
      int seq = Integer.parseInt(parts[1]);
      Integer before = lastByProducer.put(parts[0], seq);
      if (before != null && before > seq) {
        outOfOrder.incrementAndGet();
      }
    }
  }

  @Test
  void manyProducersWhileItDrainsAndClosesEveryHookRunsExactlyOnceInEachProducersOrder() throws Exception {
    Counting c = new Counting();
    ObserverQueue q = new ObserverQueue(List.of(c), false, 1, 60_000);
    int producers = 6;
    int each = 20_000;
    List<Thread> threads = new java.util.ArrayList<>();
    java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
    for (int p = 0; p < producers; p++) {
      String name = "p" + p;
      threads.add(Thread.ofPlatform().start(() -> {
        try {
          go.await();
        } catch (InterruptedException e) {
          return;
        }
        for (int i = 0; i < each; i++) {
          q.onEnd(exchange(name + "-" + i));
          if (i % 5_000 == 0) {
            q.flush();
          }
        }
      }));
    }
    go.countDown();
    Thread.sleep(20);
    q.close(); // while they produce: what comes later runs inline
    for (Thread t : threads) {
      t.join();
    }
    assertEquals(producers * each, c.ends.size());
    assertTrue(c.ends.values().stream().allMatch(n -> n == 1), "each exactly once");
    assertEquals(0, c.outOfOrder.get());
  }
}
