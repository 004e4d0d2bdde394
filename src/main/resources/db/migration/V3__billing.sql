-- Accounts and their append-only ledger. Portable across SQLite and PostgreSQL: TEXT, BIGINT only;
-- amounts are micro-USD; times are epoch millis.
-- accounts.paid_micros / promo_micros cache the sums of the account's ledger_entries; they change
-- only in the same transaction as the entries that move them (`shepherd ledger verify` checks).

CREATE TABLE accounts (
  id                TEXT    NOT NULL PRIMARY KEY,
  name              TEXT    NOT NULL,
  currency          TEXT    NOT NULL,
  paid_micros       BIGINT  NOT NULL DEFAULT 0,
  promo_micros      BIGINT  NOT NULL DEFAULT 0,
  promo_expires_at  BIGINT  NULL,
  created_at        BIGINT  NOT NULL
);

CREATE TABLE ledger_entries (
  id              TEXT    NOT NULL PRIMARY KEY,
  account_id      TEXT    NOT NULL REFERENCES accounts (id),
  kind            TEXT    NOT NULL,
  paid_micros     BIGINT  NOT NULL,
  promo_micros    BIGINT  NOT NULL,
  reference       TEXT    NULL,
  currency        TEXT    NULL,
  original_minor  BIGINT  NOT NULL DEFAULT 0,
  rate            TEXT    NULL,
  price_version   TEXT    NULL,
  created_at      BIGINT  NOT NULL
);

-- Idempotency: one entry per (account, kind, reference). Both databases let any number of rows
-- share a NULL reference in a unique index, so entries without a reference are unconstrained.
CREATE UNIQUE INDEX ledger_entries_reference ON ledger_entries (account_id, kind, reference);

CREATE INDEX ledger_entries_account_created ON ledger_entries (account_id, created_at);
