package dev.shepherd.config;

import java.util.Map;
import java.util.TreeMap;

/**
 * Validates and converts {@code observe.request_log}. Absent keys take their value from
 * {@link RequestLogConfig#DEFAULT}; every bad value is recorded in the shared
 * {@link ConfigConverter.Problems} under its full key path.
 */
final class RequestLogConverter {
  static final String PATH = "observe.request_log";

  private RequestLogConverter() {}

  static RequestLogConfig convert(ConfigConverter.Problems problems, Raw.Observe observe) {
    RequestLogConfig d = RequestLogConfig.DEFAULT;
    Raw.RequestLog raw = observe == null ? null : observe.requestLog();
    if (raw == null) {
      return d;
    }
    boolean enabled = raw.enabled() == null ? d.enabled() : raw.enabled();
    int days = (int) problems.range(PATH + ".retention_days", raw.retentionDays(), d.retentionDays(), 1, 3_650);
    int rollupDays = (int) problems.range(PATH + ".rollup_retention_days", raw.rollupRetentionDays(),
        d.rollupRetentionDays(), 1, 36_500);
    boolean capture = raw.capturePayloads() == null ? d.capturePayloads() : raw.capturePayloads();
    int maxBytes = (int) problems.range(PATH + ".max_payload_bytes", raw.maxPayloadBytes(), d.maxPayloadBytes(),
        256, 1_048_576);
    return new RequestLogConfig(enabled, days, rollupDays, capture, maxBytes);
  }

  /** The effective section, sorted, for {@link EffectiveConfigPrinter}. */
  static Map<String, Object> print(RequestLogConfig c) {
    Map<String, Object> m = new TreeMap<>();
    m.put("enabled", c.enabled());
    m.put("retention_days", c.retentionDays());
    m.put("rollup_retention_days", c.rollupRetentionDays());
    m.put("capture_payloads", c.capturePayloads());
    m.put("max_payload_bytes", c.maxPayloadBytes());
    return m;
  }
}
