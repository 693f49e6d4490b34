-- pg_dump 15.20 --no-owner --no-privileges --inserts of a database that strata 0.1.0 as of
-- commit e16e6ee (the previous release) tracked, as generated; only its \restrict and
-- \unrestrict lines (psql meta-commands) are taken out. See testdata/upgrade/README.
--
-- PostgreSQL database dump
--


-- Dumped from database version 15.20 (Debian 15.20-0+deb12u1)
-- Dumped by pg_dump version 15.20 (Debian 15.20-0+deb12u1)

SET statement_timeout = 0;
SET lock_timeout = 0;
SET idle_in_transaction_session_timeout = 0;
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
SELECT pg_catalog.set_config('search_path', '', false);
SET check_function_bodies = false;
SET xmloption = content;
SET client_min_messages = warning;
SET row_security = off;

--
-- Name: get_current_schema_version(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.get_current_schema_version() RETURNS text
    LANGUAGE sql STABLE
    AS $$
	SELECT version FROM (
		SELECT DISTINCT ON (version) version, direction FROM "schema_migrations"
		WHERE success AND direction IN ('up', 'down', 'baseline')
		ORDER BY version, id DESC
	) latest
	WHERE direction IN ('up', 'baseline')
	ORDER BY length(version) DESC, version DESC
	LIMIT 1 $$;


SET default_tablespace = '';

SET default_table_access_method = heap;

--
-- Name: schema_migrations; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.schema_migrations (
    id bigint NOT NULL,
    version text NOT NULL,
    name text NOT NULL,
    filename text NOT NULL,
    checksum text NOT NULL,
    down_checksum text,
    direction text NOT NULL,
    applied_at timestamp with time zone NOT NULL,
    execution_time_ms bigint NOT NULL,
    success boolean NOT NULL,
    error_code text,
    error_message text,
    error_statement integer,
    error_line integer,
    statements_applied integer NOT NULL,
    statements_total integer NOT NULL,
    statement_checksums text,
    applied_by text NOT NULL,
    process_id integer NOT NULL,
    strata_version text NOT NULL,
    warnings text
);


--
-- Name: TABLE schema_migrations; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON TABLE public.schema_migrations IS 'strata: one row per migration attempt; never updated or deleted';


--
-- Name: get_migration_history(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.get_migration_history() RETURNS SETOF public.schema_migrations
    LANGUAGE sql STABLE
    AS $$ SELECT * FROM "schema_migrations" ORDER BY id DESC $$;


--
-- Name: authors; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.authors (
    id integer NOT NULL,
    name character varying(200) NOT NULL
);


--
-- Name: books; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.books (
    id integer NOT NULL,
    author_id integer NOT NULL,
    title character varying(200) NOT NULL
);


--
-- Name: migration_locks; Type: TABLE; Schema: public; Owner: -
--

CREATE UNLOGGED TABLE public.migration_locks (
    lock_key text NOT NULL,
    owner text NOT NULL,
    locked_at timestamp with time zone NOT NULL,
    locked_by text NOT NULL,
    process_id integer NOT NULL,
    command text NOT NULL,
    heartbeat_at timestamp with time zone NOT NULL,
    version text,
    direction text,
    filename text,
    started_at timestamp with time zone,
    statements_done integer,
    statement_checksums text,
    in_transaction boolean
);


--
-- Name: schema_migrations_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.schema_migrations_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: schema_migrations_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.schema_migrations_id_seq OWNED BY public.schema_migrations.id;


--
-- Name: tags; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.tags (
    id integer NOT NULL,
    label character varying(50) NOT NULL
);


--
-- Name: schema_migrations id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.schema_migrations ALTER COLUMN id SET DEFAULT nextval('public.schema_migrations_id_seq'::regclass);


--
-- Data for Name: authors; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.authors VALUES (1, 'Ursula');


--
-- Data for Name: books; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: migration_locks; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: schema_migrations; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.schema_migrations VALUES (1, '1', 'create_authors', '001_create_authors.sql', 'sha256:3537c16c6ac055a69c36ad23436048ccdf16a504b8c61f88231f31b5653b095c', 'sha256:1815c0acfae2cac72fe0cd35e04c186e233a067a8e89845b1778c3d39c7abd43', 'up', '2026-12-07 16:48:39.714112+00', 37, true, NULL, NULL, NULL, NULL, 1, 1, NULL, 'postgres (root@vm)', 21827, '0.1.0', NULL);
INSERT INTO public.schema_migrations VALUES (2, '2', 'create_books', '002_create_books.sql', 'sha256:dfb8fae13fbe990c78229cce6fdf0a9814d1379e136933ac8c6c0dc135b0c004', 'sha256:8a27ff1f7eeb436e34ac8b719fe1d04005e897e8f6dbbd67072b170e637b1672', 'up', '2026-12-07 16:48:39.767611+00', 63, true, NULL, NULL, NULL, NULL, 2, 2, NULL, 'postgres (root@vm)', 21827, '0.1.0', NULL);
INSERT INTO public.schema_migrations VALUES (3, '3', 'create_tags', '003_create_tags.sql', 'sha256:111a6f3d9bebfea0241219ab07eefecac73477ea59f8bc45eabb52ea06cf66d2', 'sha256:fe77b4ab47fa600980fc5ccaac7b0d08301306f55a302fb1cc3e953bb6bd2dab', 'up', '2026-12-07 16:48:39.864219+00', 1, false, '42P01', 'relation "no_such_table" does not exist', 1, 2, 0, 1, NULL, 'postgres (root@vm)', 21827, '0.1.0', NULL);
INSERT INTO public.schema_migrations VALUES (4, '3', 'create_tags', '003_create_tags.sql', 'sha256:6d82b34112e9899b5e192df6b1780690e28a5d2c82fbb5c0a0c4269349a7191c', 'sha256:fe77b4ab47fa600980fc5ccaac7b0d08301306f55a302fb1cc3e953bb6bd2dab', 'up', '2026-12-07 16:48:40.203527+00', 17, true, NULL, NULL, NULL, NULL, 1, 1, NULL, 'postgres (root@vm)', 21858, '0.1.0', NULL);


--
-- Data for Name: tags; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Name: schema_migrations_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.schema_migrations_id_seq', 4, true);


--
-- Name: authors authors_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.authors
    ADD CONSTRAINT authors_pkey PRIMARY KEY (id);


--
-- Name: books books_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.books
    ADD CONSTRAINT books_pkey PRIMARY KEY (id);


--
-- Name: migration_locks migration_locks_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.migration_locks
    ADD CONSTRAINT migration_locks_pkey PRIMARY KEY (lock_key);


--
-- Name: schema_migrations schema_migrations_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.schema_migrations
    ADD CONSTRAINT schema_migrations_pkey PRIMARY KEY (id);


--
-- Name: tags tags_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.tags
    ADD CONSTRAINT tags_pkey PRIMARY KEY (id);


--
-- Name: schema_migrations_version_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX schema_migrations_version_idx ON public.schema_migrations USING btree (version);


--
-- PostgreSQL database dump complete
--


