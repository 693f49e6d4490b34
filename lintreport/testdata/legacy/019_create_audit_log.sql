CREATE TABLE IF NOT EXISTS audit_log (
    id bigserial PRIMARY KEY,
    user_id integer REFERENCES users (id) ON DELETE SET NULL,
    action text NOT NULL,
    at timestamptz NOT NULL DEFAULT now()
);
-- strata:down
DROP TABLE IF EXISTS audit_log;
