package dev.shepherd.billing;

import dev.shepherd.store.KeyRecord;
import java.time.LocalDate;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per-key spend caps per UTC day and per UTC calendar month, enforced in memory. For each capped
 * key and period it keeps what was charged and what requests in flight hold; a request may hold
 * only if {@code charged + held + its hold} stays within every cap of its key, so concurrent
 * requests (each counted at its maximum cost) cannot overshoot. A request counts in the periods
 * in which it started, like its usage record ({@code created_at}); a period that ends resets to
 * zero. At start, {@link #load} seeds the current periods from the stored usage records.
 *
 * <p>Keys without caps cost two null checks and are not tracked. Thread-safe: one lock per key.
 */
public final class SpendCaps {
  static final long DAY_MILLIS = 86_400_000L;
  private final ConcurrentHashMap<String, KeyState> keys = new ConcurrentHashMap<>();
  private volatile Loaded loaded = new Loaded(Map.of(), Long.MIN_VALUE, Map.of(), Long.MIN_VALUE);

  /** Which cap refused a request, with the figures for the message. */
  public record Refusal(String period, long capMicros, long chargedMicros, long heldMicros, long requestMicros,
      long resetsAtMillis) {}

  private record Loaded(Map<String, Long> day, long dayStart, Map<String, Long> month, long monthStart) {}

  /** One period [start, end) in epoch millis, and the micro-USD charged and held in it. */
  private static final class Period {
    final long start;
    final long end;
    long charged;
    long held;

    Period(long start, long end, long charged) {
      this.start = start;
      this.end = end;
      this.charged = charged;
    }

    boolean contains(long millis) {
      return millis >= start && millis < end;
    }
  }

  private static final class KeyState {
    Period day;
    Period month;
  }

  /**
   * Seeds the day and month containing {@code nowMillis} with what each key was charged in them
   * (from the store's usage records: {@code dayStartMillis(now)} and {@code monthStartMillis(now)}).
   */
  public void load(Map<String, Long> daySpend, Map<String, Long> monthSpend, long nowMillis) {
    loaded = new Loaded(Map.copyOf(daySpend), dayStartMillis(nowMillis), Map.copyOf(monthSpend),
        monthStartMillis(nowMillis));
    keys.clear();
  }

  /**
   * Reserves {@code micros} for one request of {@code key} started at {@code nowMillis}.
   *
   * @return {@code null} when allowed (held until {@link #settle} or {@link #release}), else the
   *     cap that refuses it (nothing held then)
   */
  public Refusal reserve(KeyRecord key, long micros, long nowMillis) {
    Long daily = key.dailySpendCapMicros();
    Long monthly = key.monthlySpendCapMicros();
    if (daily == null && monthly == null) {
      return null;
    }
    KeyState s = keys.computeIfAbsent(key.id(), id -> new KeyState());
    synchronized (s) {
      roll(s, key.id(), nowMillis);
      if (daily != null && s.day.charged + s.day.held + micros > daily) {
        return new Refusal("daily", daily, s.day.charged, s.day.held, micros, s.day.end);
      }
      if (monthly != null && s.month.charged + s.month.held + micros > monthly) {
        return new Refusal("monthly", monthly, s.month.charged, s.month.held, micros, s.month.end);
      }
      s.day.held += micros;
      s.month.held += micros;
    }
    return null;
  }

  /** Ends a reservation made at {@code heldAtMillis}, charging {@code costMicros} to its periods. */
  public void settle(KeyRecord key, long heldMicros, long costMicros, long heldAtMillis) {
    if (!key.hasSpendCap()) {
      return;
    }
    KeyState s = keys.get(key.id());
    if (s == null) {
      return;
    }
    synchronized (s) {
      for (Period p : new Period[] {s.day, s.month}) {
        if (p != null && p.contains(heldAtMillis)) { // a period that ended since was reset: nothing to undo
          p.held -= heldMicros;
          p.charged += costMicros;
        }
      }
    }
  }

  /** Ends a reservation without a charge (the credit hold was refused). */
  public void release(KeyRecord key, long heldMicros, long heldAtMillis) {
    settle(key, heldMicros, 0, heldAtMillis);
  }

  /**
   * Charged and held micro-USD of a key in the day and month containing {@code nowMillis}:
   * {@code {dayCharged, dayHeld, monthCharged, monthHeld}}, zeros when untracked.
   */
  public long[] spend(String keyId, long nowMillis) {
    KeyState s = keys.get(keyId);
    if (s == null) {
      return new long[4];
    }
    synchronized (s) {
      roll(s, keyId, nowMillis);
      return new long[] {s.day.charged, s.day.held, s.month.charged, s.month.held};
    }
  }

  /** Moves the key's periods to the ones containing {@code now}; a new period starts from the loaded spend. */
  private void roll(KeyState s, String keyId, long now) {
    if (s.day == null || !s.day.contains(now)) {
      long start = dayStartMillis(now);
      Loaded l = loaded;
      s.day = new Period(start, start + DAY_MILLIS, l.dayStart == start ? l.day.getOrDefault(keyId, 0L) : 0);
    }
    if (s.month == null || !s.month.contains(now)) {
      long start = monthStartMillis(now);
      Loaded l = loaded;
      s.month = new Period(start, monthEndMillis(now), l.monthStart == start ? l.month.getOrDefault(keyId, 0L) : 0);
    }
  }

  /** Start of the UTC day containing {@code millis}. */
  public static long dayStartMillis(long millis) {
    return Math.floorDiv(millis, DAY_MILLIS) * DAY_MILLIS;
  }

  /** Start of the UTC calendar month containing {@code millis}. */
  public static long monthStartMillis(long millis) {
    return LocalDate.ofEpochDay(Math.floorDiv(millis, DAY_MILLIS)).withDayOfMonth(1).toEpochDay() * DAY_MILLIS;
  }

  /** Start of the UTC calendar month after the one containing {@code millis}. */
  static long monthEndMillis(long millis) {
    return LocalDate.ofEpochDay(Math.floorDiv(millis, DAY_MILLIS)).withDayOfMonth(1).plusMonths(1).toEpochDay()
        * DAY_MILLIS;
  }
}
