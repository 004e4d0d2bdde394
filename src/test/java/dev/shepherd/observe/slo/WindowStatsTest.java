package dev.shepherd.observe.slo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shepherd.config.SloMetric;
import dev.shepherd.store.LatencyHistogram;
import dev.shepherd.store.RequestRecord;
import dev.shepherd.store.RequestRollup;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Sliding windows from hourly rollups: the oldest hour weighs its share inside the window. */
class WindowStatsTest {
  static final long HOUR = RequestRollup.HOUR;
  static final long T = Instant.parse("2026-11-24T10:00:00Z").toEpochMilli();

  static RequestRollup rollup(long hour, String model, int requests, int errors, long latencyMicros) {
    RequestRollup r = new RequestRollup(hour, model);
    for (int i = 0; i < requests; i++) {
      r.add(new RequestRecord("r" + i, hour, null, null, model, model, null, "chat", true, 200, "OK", null, null,
          i < errors, 1, null, 10, 20, 30, latencyMicros, latencyMicros / 2, 1, 40, null, null));
    }
    return r;
  }

  @Test
  void aWindowStartingMidHourWeighsThatHourByItsShare() {
    List<RequestRollup> rollups = List.of(rollup(T - HOUR, "m", 100, 10, 1_000_000), rollup(T, "m", 40, 0, 10_000));
    // a 1 h window ending at 10:15: a quarter of 09:00–10:00 is inside
    WindowStats s = WindowStats.merge(rollups, T + HOUR / 4 - HOUR).get(0);
    assertEquals(75 + 40, s.requests(), 1e-9);
    assertEquals(7.5, s.errors(), 1e-9);
    assertEquals(7.5 / 115, s.errorRate(), 1e-12);
    assertEquals(115 * 10, s.promptTokens(), 1e-9);
    assertEquals(115 * 30, s.costMicros(), 1e-9);
    // 75 slow + 40 fast: p50 is slow
    assertEquals(1_000, s.value(SloMetric.P50_LATENCY_MS), 1_000 * LatencyHistogram.RELATIVE_ERROR);
    assertEquals(500, s.value(SloMetric.P50_TTFT_MS), 500 * LatencyHistogram.RELATIVE_ERROR);
    assertEquals(0.04, s.value(SloMetric.P99_OVERHEAD_MS), 0.04 * LatencyHistogram.RELATIVE_ERROR);
  }

  @Test
  void anAlignedWindowCountsWholeHoursAndDropsOlderOnes() {
    List<RequestRollup> rollups = new ArrayList<>();
    for (int h = -3; h <= 0; h++) {
      rollups.add(rollup(T + h * HOUR, "m", 10, 0, 1_000));
    }
    rollups.add(rollup(T, "a-model", 1, 1, 1_000));
    List<WindowStats> all = WindowStats.merge(rollups, T - 2 * HOUR);
    assertEquals(List.of("a-model", "m"), all.stream().map(WindowStats::model).toList());
    assertEquals(30, all.get(1).requests(), 1e-9);
    assertEquals(1.0, all.get(0).value(SloMetric.ERROR_RATE));
  }

  @Test
  void nothingToMeasureIsNaN() {
    RequestRollup failedOnly = new RequestRollup(T, "m");
    failedOnly.add(new RequestRecord("r", T, null, null, "m", "m", null, "chat", false, 502, "ERROR", "upstream_error",
        null, true, 1, null, -1, -1, -1, 9, -1, -1, -1, null, null));
    WindowStats s = WindowStats.merge(List.of(failedOnly), T).get(0);
    assertTrue(Double.isNaN(s.value(SloMetric.P95_LATENCY_MS)));
    assertTrue(Double.isNaN(s.value(SloMetric.P95_OVERHEAD_MS)));
    assertEquals(1.0, s.value(SloMetric.ERROR_RATE));
  }
}
