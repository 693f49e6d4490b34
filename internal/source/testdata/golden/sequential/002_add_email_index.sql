-- strata:no-transaction
-- strata:timeout 5m
CREATE INDEX CONCURRENTLY users_email ON users (email);
-- strata:down
-- strata:no-transaction
DROP INDEX CONCURRENTLY users_email;
