-- Portable across SQLite and PostgreSQL: TEXT, BIGINT, INTEGER only; times are epoch millis.
-- api_keys.models is a JSON array of public model ids (e.g. ["gpt-4o","qwen3-8b"]),
-- NULL meaning "all models"; '[]' means "no models".

CREATE TABLE api_keys (
  id          TEXT    NOT NULL PRIMARY KEY,
  name        TEXT    NOT NULL,
  key_hash    TEXT    NOT NULL UNIQUE,
  key_prefix  TEXT    NOT NULL,
  account_id  TEXT    NULL,
  models      TEXT    NULL,
  rpm         BIGINT  NULL,
  tpm         BIGINT  NULL,
  expires_at  BIGINT  NULL,
  created_at  BIGINT  NOT NULL,
  revoked_at  BIGINT  NULL,
  updated_at  BIGINT  NOT NULL
);

CREATE INDEX api_keys_updated_at ON api_keys (updated_at);

CREATE TABLE settings (
  name   TEXT NOT NULL PRIMARY KEY,
  value  TEXT NOT NULL
);
