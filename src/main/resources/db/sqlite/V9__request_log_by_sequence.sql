-- The request log keyed by the time-ordered sequence number in each request id
-- (store.RequestIds: epoch millis << 20 + a counter). Listings newest-first, lookups by id and
-- retention all go by seq, so the created_at and request_id indexes of V8 are gone.
-- SQLite: seq is the rowid (INTEGER PRIMARY KEY), so a row is one append to one B-tree; one
-- instance writes a SQLite file, so seq is unique. The request_id text is kept, not indexed.
CREATE TABLE request_log_v9 (
  seq                INTEGER   PRIMARY KEY,
  request_id         TEXT      NOT NULL,
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
-- Rows of earlier request ids (no sequence in them) get one from their start time, in the upper
-- half of the millisecond's counter range, which new ids reach only past 524,288 requests in one
-- millisecond; they are found by request_id (a scan on SQLite) until retention removes them.
INSERT INTO request_log_v9 (seq, request_id, created_at, key_id, account_id, model, requested_model, deployment, endpoint, stream, status,
  outcome, error, error_detail, slo_error, attempts, route, prompt_tokens, completion_tokens, cost_micros,
  latency_us, ttft_us, upstream_us, overhead_us, request_body, response_body)
SELECT created_at * 1048576 + 524288 + ROW_NUMBER() OVER (PARTITION BY created_at ORDER BY request_id) - 1,
  request_id, created_at, key_id, account_id, model, requested_model, deployment, endpoint, stream, status,
  outcome, error, error_detail, slo_error, attempts, route, prompt_tokens, completion_tokens, cost_micros,
  latency_us, ttft_us, upstream_us, overhead_us, request_body, response_body
FROM request_log;
DROP TABLE request_log;
ALTER TABLE request_log_v9 RENAME TO request_log;
-- "Last failed requests" for the console: only failed rows are indexed (a few percent).
CREATE INDEX request_log_failed ON request_log (seq) WHERE outcome IN ('ERROR', 'INCOMPLETE');
