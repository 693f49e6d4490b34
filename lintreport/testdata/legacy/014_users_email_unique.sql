CREATE UNIQUE INDEX IF NOT EXISTS users_email_key ON users (email);
-- strata:down
DROP INDEX IF EXISTS users_email_key;
