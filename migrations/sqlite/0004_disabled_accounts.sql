-- Admins (or the operator's CLI) can disable an account: it can no longer log in, and its
-- sessions and API tokens stop working at once.
ALTER TABLE users ADD COLUMN disabled_at BIGINT;
