-- Seed the catalogue of a new table: data, but no data migration.
CREATE TABLE IF NOT EXISTS categories (
    id serial PRIMARY KEY,
    name text NOT NULL
);
INSERT INTO categories (name) VALUES ('books'), ('music'), ('games');
-- strata:down
DROP TABLE IF EXISTS categories;
