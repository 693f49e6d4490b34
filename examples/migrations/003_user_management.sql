-- Users belong to an account; memberships give them a role in a project.
CREATE TABLE IF NOT EXISTS users (
    id         INTEGER PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    email      VARCHAR(320) NOT NULL UNIQUE,
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP
);

CREATE TABLE IF NOT EXISTS memberships (
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    project_id INTEGER NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    role       VARCHAR(20) NOT NULL DEFAULT 'member' CHECK (role IN ('owner', 'member', 'viewer')),
    PRIMARY KEY (user_id, project_id)
);

-- strata:down
DROP TABLE IF EXISTS memberships;
DROP TABLE IF EXISTS users;
