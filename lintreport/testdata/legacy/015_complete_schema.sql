-- The complete schema, so that new environments can start from here.
-- (Dumped from staging; safe to run anywhere thanks to IF NOT EXISTS.)
CREATE TABLE IF NOT EXISTS users (
    id integer NOT NULL DEFAULT nextval('users_id_seq'::regclass) PRIMARY KEY,
    email character varying(255) NOT NULL,
    created_at timestamp without time zone DEFAULT now(),
    status text DEFAULT 'active'::text,
    phone text
);
CREATE UNIQUE INDEX IF NOT EXISTS users_email_key ON users (email);

CREATE TABLE IF NOT EXISTS accounts (
    id serial PRIMARY KEY,
    name text NOT NULL
);

CREATE TABLE IF NOT EXISTS orders (
    id serial PRIMARY KEY,
    total numeric(12,2) NOT NULL DEFAULT 0,
    user_id integer REFERENCES users (id) ON DELETE SET NULL
);
CREATE INDEX IF NOT EXISTS orders_user_id_idx ON orders (user_id);

CREATE TABLE IF NOT EXISTS products (
    id serial PRIMARY KEY,
    name text NOT NULL,
    price numeric(10,2) NOT NULL
);
CREATE INDEX IF NOT EXISTS products_name_idx ON products (name);

CREATE TABLE IF NOT EXISTS order_items (
    id serial PRIMARY KEY,
    order_id integer NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    product_id integer NOT NULL REFERENCES products (id),
    quantity integer NOT NULL DEFAULT 1
);

CREATE TABLE IF NOT EXISTS payments (
    id serial PRIMARY KEY,
    order_id integer NOT NULL REFERENCES orders (id),
    amount numeric(10,2) NOT NULL,
    paid_at timestamp
);
