ALTER TABLE payments ADD COLUMN IF NOT EXISTS status text;
-- strata:down
ALTER TABLE payments DROP COLUMN IF EXISTS status;
