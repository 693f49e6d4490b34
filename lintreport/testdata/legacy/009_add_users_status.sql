ALTER TABLE users ADD COLUMN IF NOT EXISTS status text DEFAULT 'active';
-- Accounts created before the launch never confirmed their email.
UPDATE users SET status = 'inactive' WHERE created_at < '2019-01-01';
-- strata:down
ALTER TABLE users DROP COLUMN IF EXISTS status;
