CREATE TABLE networks (id uuid);
-- strata:down
DROP TABLE networks;
