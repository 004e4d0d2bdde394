package dev.shepherd.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The {@code observe.request_log} and {@code slo} sections: defaults, values, problems, printing. */
class RequestLogSloConfigTest {

  @Test
  void absentIsTheDefault() {
    ShepherdConfig c = Yaml.load("");
    assertSame(RequestLogConfig.DEFAULT, c.requestLog());
    assertEquals(new RequestLogConfig(true, 7, 400, false, 16_384), c.requestLog());
    assertSame(SloConfig.NONE, c.slo());
    assertEquals(RequestLogConfig.DEFAULT, Yaml.load("observe: {request_log: {}}").requestLog());
    assertEquals(RequestLogConfig.DEFAULT, Yaml.load("observe: {}").requestLog());
    assertEquals(SloConfig.NONE, Yaml.load("slo: {}").slo());
  }

  @Test
  void everyKey() {
    ShepherdConfig c = Yaml.load("""
        observe:
          request_log: {enabled: false, retention_days: 3, rollup_retention_days: 90, capture_payloads: true,
                        max_payload_bytes: 4096}
        slo:
          objectives:
            - {model: "*", metric: p95_overhead_ms, threshold: 50, window: 1h}
            - {model: gpt-4o-mini, metric: error_rate, threshold: 0.01, window: 24h, min_requests: 100}
            - {metric: P99_TTFT_MS, threshold: 1500.5}
          webhook: "https://hooks.example.com/slo?token=abc"
          check_every_seconds: 30
        """);
    assertEquals(new RequestLogConfig(false, 3, 90, true, 4_096), c.requestLog());
    assertEquals(new SloConfig(List.of(
        new SloConfig.Objective("*", SloMetric.P95_OVERHEAD_MS, 50, SloWindow.H1, 10),
        new SloConfig.Objective("gpt-4o-mini", SloMetric.ERROR_RATE, 0.01, SloWindow.H24, 100),
        new SloConfig.Objective("*", SloMetric.P99_TTFT_MS, 1500.5, SloWindow.H1, 10)),
        "https://hooks.example.com/slo?token=abc", 30), c.slo());
  }

  @Test
  void badValuesAreAllReportedWithTheirPaths() {
    String message = Yaml.error("""
        observe:
          request_log: {retention_days: 0, rollup_retention_days: 100000, max_payload_bytes: 10}
        slo:
          objectives:
            - {model: "a b", metric: p90_latency_ms, threshold: 0, window: 2h}
            - {metric: error_rate, threshold: 5}
            -
          webhook: "ftp://user:pw@host/x?token=abc"
          check_every_seconds: 1
        """);
    for (String expected : new String[] {
        "observe.request_log.retention_days: 0 (expected: 1..3650)",
        "observe.request_log.rollup_retention_days: 100000 (expected: 1..36500)",
        "observe.request_log.max_payload_bytes: 10 (expected: 256..1048576)",
        "slo.objectives[0].model: \"a b\" (expected: a model id, or \"*\" for every model)",
        "slo.objectives[0].metric: \"p90_latency_ms\" (expected: one of p50_latency_ms,",
        "slo.objectives[0].threshold: 0 (expected: a number > 0 (milliseconds for latency metrics))",
        "slo.objectives[0].window: \"2h\" (expected: 1h, 24h or 7d)",
        "slo.objectives[1].threshold: 5 (expected: an error rate in (0, 1], e.g. 0.01 for 1%)",
        "slo.objectives[2]: an empty entry",
        "slo.webhook: \"ftp://user:****@host/x?token=****\" (expected: an http:// or https:// URL",
        "slo.check_every_seconds: 1 (expected: 5..86400)"}) {
      assertTrue(message.contains(expected), "missing <" + expected + "> in:\n" + message);
    }
    assertFalse(message.contains("pw@"), message);
    assertFalse(message.contains("token=abc"), message);
  }

  @Test
  void unknownKeysNameThePath() {
    assertTrue(Yaml.error("observe: {request_log: {retention: 3}}")
        .startsWith("observe.request_log.retention: unknown key (expected: one of: capture_payloads, enabled,"));
    assertTrue(Yaml.error("slo: {objectives: [{metric: error_rate, threshold: 0.1, windw: 1h}]}")
        .startsWith("slo.objectives[0].windw: unknown key"));
  }

  @Test
  void printedWithDefaultsAndTheWebhookMasked() {
    String printed = EffectiveConfigPrinter.print(Yaml.load("""
        slo:
          objectives: [{metric: p95_latency_ms, threshold: 800}]
          webhook: "https://hooks.example.com/slo?token=abc"
        """));
    assertTrue(printed.contains("""
          request_log:
            capture_payloads: false
            enabled: true
            max_payload_bytes: 16384
            retention_days: 7
            rollup_retention_days: 400
        """), printed);
    assertTrue(printed.contains("""
        slo:
          check_every_seconds: 60
          objectives:
            - metric: "p95_latency_ms"
              min_requests: 10
              model: "*"
              threshold: 800
              window: "1h"
          webhook: "https://hooks.example.com/slo?token=****"
        """), printed);
    ShepherdConfig back = Yaml.load(printed.replace("token=****", "token=abc"));
    assertEquals(Yaml.load("slo: {objectives: [{metric: p95_latency_ms, threshold: 800}], webhook: "
        + "\"https://hooks.example.com/slo?token=abc\"}").slo(), back.slo());
  }
}
