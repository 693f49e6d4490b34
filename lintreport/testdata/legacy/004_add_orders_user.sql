-- Orders belong to a user; deleting the user deletes their orders.
ALTER TABLE orders ADD COLUMN user_id integer REFERENCES users (id) ON DELETE CASCADE;
-- strata:down
ALTER TABLE orders DROP COLUMN user_id;
