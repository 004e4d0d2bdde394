-- Requests a key may have in flight at once (NULL: the configured default applies).
ALTER TABLE api_keys ADD COLUMN max_parallel BIGINT NULL;
