package dev.shepherd.config;

/**
 * The {@code observe.request_log} section: one compact row per request, hourly rollups, retention
 * and optional payload capture.
 *
 * @param enabled record requests (rows and rollups); when off, nothing is queued or written
 * @param retentionDays days raw rows are kept (1..3650)
 * @param rollupRetentionDays days hourly rollups are kept (1..36500); SLO windows read at most 7
 * @param capturePayloads keep the request body and the answer, truncated and redacted; off by default
 * @param maxPayloadBytes the most kept of each payload, in UTF-8 bytes (256..1048576)
 */
public record RequestLogConfig(boolean enabled, int retentionDays, int rollupRetentionDays,
    boolean capturePayloads, int maxPayloadBytes) {

  /** On, 7 days of rows, 400 days of rollups, no payloads (16 KiB each when turned on). */
  public static final RequestLogConfig DEFAULT = new RequestLogConfig(true, 7, 400, false, 16_384);
}
