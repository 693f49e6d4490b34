ALTER TABLE addresses ADD COLUMN IF NOT EXISTS country text DEFAULT 'US';
-- strata:down
ALTER TABLE addresses DROP COLUMN IF EXISTS country;
