CREATE TABLE IF NOT EXISTS orders (
    id serial PRIMARY KEY,
    total numeric(10,2) NOT NULL DEFAULT 0
);
-- strata:down
DROP TABLE IF EXISTS orders;
