-- Lookups the application makes on every request.
CREATE INDEX IF NOT EXISTS projects_account_id_idx ON projects (account_id);
CREATE UNIQUE INDEX IF NOT EXISTS projects_account_name_uq ON projects (account_id, name);

-- strata:down
DROP INDEX IF EXISTS projects_account_name_uq;
DROP INDEX IF EXISTS projects_account_id_idx;
