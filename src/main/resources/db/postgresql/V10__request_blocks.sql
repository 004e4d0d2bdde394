-- Answered requests' rows, many per block (store.jdbc.RequestBlock): one insert per writer batch
-- instead of one per request. Failed requests and rows with captured payloads keep their own row
-- in request_log. A block holds rows of one UTC hour, so it spans less than an hour of sequence
-- numbers: lookups by sequence number scan last_seq over a bounded range. Instances sharing the
-- database write blocks whose ranges interleave; readers merge them.
CREATE TABLE request_blocks (
  id         BIGSERIAL  PRIMARY KEY,
  first_seq  BIGINT     NOT NULL,
  last_seq   BIGINT     NOT NULL,
  row_count  INTEGER    NOT NULL,
  labels     TEXT       NOT NULL,
  data       BYTEA      NOT NULL
);
CREATE INDEX request_blocks_last ON request_blocks (last_seq, id);
