-- strata:no-transaction
CREATE INDEX CONCURRENTLY IF NOT EXISTS addresses_user_id_idx ON addresses (user_id);
-- strata:down
-- strata:no-transaction
DROP INDEX CONCURRENTLY IF EXISTS addresses_user_id_idx;
