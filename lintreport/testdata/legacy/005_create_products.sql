CREATE TABLE IF NOT EXISTS products (
    id serial PRIMARY KEY,
    name text NOT NULL,
    price numeric(10,2) NOT NULL
);
CREATE INDEX IF NOT EXISTS products_name_idx ON products (name);
-- strata:down
DROP TABLE IF EXISTS products;
