CREATE FUNCTION touch() RETURNS trigger AS $$
BEGIN
  -- strata:lint-ignore PG999
  NEW.updated_at = now();
  RETURN NEW;
END
$$ LANGUAGE plpgsql;
-- strata:down
DROP FUNCTION touch();