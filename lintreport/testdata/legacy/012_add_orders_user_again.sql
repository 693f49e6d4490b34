-- Written on a branch that did not have 004: keep orders when a user goes.
ALTER TABLE orders ADD COLUMN IF NOT EXISTS user_id integer REFERENCES users (id) ON DELETE SET NULL;
-- strata:down
ALTER TABLE orders DROP COLUMN IF EXISTS user_id;
