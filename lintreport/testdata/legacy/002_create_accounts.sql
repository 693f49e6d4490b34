CREATE TABLE IF NOT EXISTS accounts (
    id serial PRIMARY KEY,
    name text NOT NULL
);
-- strata:down
DROP TABLE IF EXISTS accounts;
