-- Credit holds that outlive a crash, the instances that own them, and one usage record per metered
-- request. Portable across SQLite and PostgreSQL.

-- Sum of the account's rows in `holds` (kept in the same transaction as those rows change).
ALTER TABLE accounts ADD COLUMN held_micros BIGINT NOT NULL DEFAULT 0;

-- Gateway processes. A live instance refreshes heartbeat_at every few seconds; one that stopped
-- cleanly has stopped_at. Holds of an instance whose heartbeat went stale are released by the next
-- instance that sweeps (its requests died with it: their charges are lost, and reported).
CREATE TABLE instances (
  id            TEXT    NOT NULL PRIMARY KEY,
  started_at    BIGINT  NOT NULL,
  heartbeat_at  BIGINT  NOT NULL,
  stopped_at    BIGINT  NULL
);

-- One row per request holding credit (id = the request id).
CREATE TABLE holds (
  id           TEXT    NOT NULL PRIMARY KEY,
  account_id   TEXT    NOT NULL REFERENCES accounts (id),
  instance_id  TEXT    NOT NULL,
  micros       BIGINT  NOT NULL,
  created_at   BIGINT  NOT NULL
);
CREATE INDEX holds_instance ON holds (instance_id);

-- What a sweep released: holds of a dead instance = requests in flight whose charge is lost.
CREATE TABLE hold_recoveries (
  id                TEXT    NOT NULL PRIMARY KEY,
  dead_instance_id  TEXT    NOT NULL,
  released_by       TEXT    NOT NULL,
  holds             BIGINT  NOT NULL,
  micros            BIGINT  NOT NULL,
  created_at        BIGINT  NOT NULL
);

-- One row per metered request that ended (charged or not), with the price version it used.
-- cost_micros equals the request's CHARGE entry (0 and no entry when nothing was charged).
CREATE TABLE usage_records (
  request_id          TEXT    NOT NULL PRIMARY KEY,
  account_id          TEXT    NOT NULL,
  key_id              TEXT    NOT NULL,
  model               TEXT    NOT NULL,
  deployment          TEXT    NULL,
  endpoint            TEXT    NOT NULL,
  outcome             TEXT    NOT NULL,
  usage_source        TEXT    NOT NULL,
  prompt_tokens       BIGINT  NOT NULL,
  cached_tokens       BIGINT  NOT NULL,
  completion_tokens   BIGINT  NOT NULL,
  cost_micros         BIGINT  NOT NULL,
  list_cost_micros    BIGINT  NOT NULL,
  price_version       TEXT    NULL,
  created_at          BIGINT  NOT NULL,
  duration_ms         BIGINT  NOT NULL
);
CREATE INDEX usage_records_account_created ON usage_records (account_id, created_at);
CREATE INDEX usage_records_key_created ON usage_records (key_id, created_at);
