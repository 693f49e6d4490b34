-- strata:lint-ignore PG101,naming-convention
ALTER TABLE users ADD COLUMN name text;
