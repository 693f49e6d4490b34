SELECT 1;
-- strata:down
