-- strata:up
CREATE TABLE users (
  id bigint PRIMARY KEY,
  email text NOT NULL
);

-- strata:down
DROP TABLE users;
