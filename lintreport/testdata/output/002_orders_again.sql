ALTER TABLE orders ADD COLUMN IF NOT EXISTS user_id int REFERENCES users ON DELETE SET NULL;
CREATE INDEX orders_user ON orders (user_id);
-- strata:down
DROP INDEX orders_user;
