-- Redemption codes. Portable across SQLite and PostgreSQL: TEXT, BIGINT only; amounts micro-USD,
-- times epoch millis. A code is a bearer secret: only its SHA-256 (hex) is stored.
-- codes.uses counts redemptions; it only grows, by a conditional update (uses < max_uses) in the
-- same transaction as the REDEMPTION ledger entry (reference = the code's hash), so a code never
-- exceeds max_uses, and the ledger's unique (account, kind, reference) index lets each account
-- redeem a code at most once.

CREATE TABLE code_batches (
  id            TEXT    NOT NULL PRIMARY KEY,
  value_micros  BIGINT  NOT NULL,
  expires_at    BIGINT  NULL,
  max_uses      BIGINT  NOT NULL,
  created_at    BIGINT  NOT NULL
);

CREATE TABLE codes (
  code        TEXT    NOT NULL PRIMARY KEY,
  batch_id    TEXT    NOT NULL REFERENCES code_batches (id),
  uses        BIGINT  NOT NULL DEFAULT 0,
  created_at  BIGINT  NOT NULL
);

CREATE INDEX codes_batch ON codes (batch_id);
