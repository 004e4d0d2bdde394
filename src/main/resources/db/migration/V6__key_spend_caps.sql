-- Spend caps per key, micro-USD per UTC day and per UTC calendar month (NULL: no cap). Enforced
-- by the gateway when a request holds credit: spend in the period + holds in flight + the new
-- hold must stay within the cap.
ALTER TABLE api_keys ADD COLUMN daily_spend_cap_micros BIGINT NULL;
ALTER TABLE api_keys ADD COLUMN monthly_spend_cap_micros BIGINT NULL;

-- The promo expiry sweep (every minute, on every instance) finds due accounts through this index
-- instead of scanning every account.
CREATE INDEX accounts_promo_expires_at ON accounts (promo_expires_at);
