-- The request log: one compact row per request (never a key, only its id; bodies only when
-- observe.request_log.capture_payloads is on, truncated and redacted), kept retention_days.
-- Unknown figures are NULL. Times: created_at epoch millis; *_us microseconds.
CREATE TABLE request_log (
  request_id         TEXT      NOT NULL PRIMARY KEY,
  created_at         BIGINT    NOT NULL,
  key_id             TEXT      NULL,
  account_id         TEXT      NULL,
  model              TEXT      NULL,
  requested_model    TEXT      NULL,
  deployment         TEXT      NULL,
  endpoint           TEXT      NOT NULL,
  stream             SMALLINT  NOT NULL,
  status             INTEGER   NOT NULL,
  outcome            TEXT      NOT NULL,
  error              TEXT      NULL,
  error_detail       TEXT      NULL,
  slo_error          SMALLINT  NOT NULL,
  attempts           INTEGER   NOT NULL,
  route              TEXT      NULL,
  prompt_tokens      BIGINT    NULL,
  completion_tokens  BIGINT    NULL,
  cost_micros        BIGINT    NULL,
  latency_us         BIGINT    NOT NULL,
  ttft_us            BIGINT    NULL,
  upstream_us        BIGINT    NULL,
  overhead_us        BIGINT    NULL,
  request_body       TEXT      NULL,
  response_body      TEXT      NULL
);
-- Retention deletes and newest-first listings.
CREATE INDEX request_log_created ON request_log (created_at);
-- "Last failed requests" for the console: only failed rows are indexed (a few percent).
CREATE INDEX request_log_failed ON request_log (created_at) WHERE outcome IN ('ERROR', 'INCOMPLETE');

-- Hourly rollups per catalog model, maintained with every written batch, read by dashboards and
-- SLOs instead of raw rows. hour: epoch millis of the UTC hour's start. latency, ttft, overhead:
-- log-bucket histograms of microseconds as "index:count,..." (see store.LatencyHistogram; 2%
-- percentile error), mergeable across hours, models and instances.
CREATE TABLE request_rollups (
  hour               BIGINT  NOT NULL,
  model              TEXT    NOT NULL,
  requests           BIGINT  NOT NULL,
  errors             BIGINT  NOT NULL,
  prompt_tokens      BIGINT  NOT NULL,
  completion_tokens  BIGINT  NOT NULL,
  cost_micros        BIGINT  NOT NULL,
  latency            TEXT    NOT NULL,
  ttft               TEXT    NOT NULL,
  overhead           TEXT    NOT NULL,
  PRIMARY KEY (hour, model)
);
