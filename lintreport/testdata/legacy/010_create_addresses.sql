CREATE TABLE addresses (
    id serial PRIMARY KEY,
    user_id integer NOT NULL REFERENCES users (id),
    street text NOT NULL,
    city text NOT NULL
);
-- strata:down
DROP TABLE addresses;
