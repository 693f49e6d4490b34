CREATE TABLE IF NOT EXISTS payments (
    id serial PRIMARY KEY,
    order_id integer NOT NULL REFERENCES orders (id),
    amount numeric(10,2) NOT NULL,
    paid_at timestamp
);
-- strata:down
DROP TABLE IF EXISTS payments;
