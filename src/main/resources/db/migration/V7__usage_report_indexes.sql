-- Usage reports over every account (GET /admin/v1/usage without account, shepherd usage report
-- without --account) filter usage_records by created_at alone; reports of one account use
-- usage_records_account_created (V5).
CREATE INDEX usage_records_created ON usage_records (created_at);
