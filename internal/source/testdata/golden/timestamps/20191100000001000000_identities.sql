CREATE TABLE identities (id uuid);
-- strata:down
DROP TABLE identities;
