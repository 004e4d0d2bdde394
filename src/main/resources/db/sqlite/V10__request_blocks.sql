-- Answered requests' rows, many per block (store.jdbc.RequestBlock): one insert per writer batch
-- instead of one per request. Failed requests and rows with captured payloads keep their own row
-- in request_log. A block holds rows of one UTC hour, so it spans less than an hour of sequence
-- numbers: lookups by sequence number scan last_seq over a bounded range.
-- SQLite: id is the rowid; (last_seq, id) serves listings newest-first, lookups by id,
-- the duplicate check of each write and retention.
CREATE TABLE request_blocks (
  id         INTEGER  PRIMARY KEY,
  first_seq  BIGINT   NOT NULL,
  last_seq   BIGINT   NOT NULL,
  row_count  INTEGER  NOT NULL,
  labels     TEXT     NOT NULL,
  data       BLOB     NOT NULL
);
CREATE INDEX request_blocks_last ON request_blocks (last_seq, id);
