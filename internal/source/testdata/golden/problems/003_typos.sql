--strata:no-transaction
-- strata:notx
SELECT 1;
-- strata:timeout forever
-- strata:down
-- strata:up
-- strata:down
