package postgres_test

import (
	"context"
	"database/sql"
	"encoding/json"
	"strings"
	"testing"

	"github.com/strata-db/strata/internal/dialect"
	"github.com/strata-db/strata/internal/dialect/postgres"
	"github.com/strata-db/strata/internal/schema"
	"github.com/strata-db/strata/internal/testdb"
)

var tracking = dialect.Tables{History: "schema_migrations", Locks: "migration_locks"}

// build makes a fresh database from statements and inspects it.
func build(t *testing.T, stmts ...string) *schema.Schema {
	t.Helper()
	db := testdb.Postgres(t)
	for _, s := range stmts {
		if _, err := db.DB.Exec(s); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
	return inspect(t, db.DB)
}

func inspect(t *testing.T, db *sql.DB) *schema.Schema {
	t.Helper()
	ctx := context.Background()
	conn, err := db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	s, err := postgres.Engine{}.Inspect(ctx, conn, tracking)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// base is a schema with one of everything the model knows.
var base = []string{
	`CREATE EXTENSION IF NOT EXISTS pgcrypto`,
	`CREATE SCHEMA audit`,
	`CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy')`,
	`CREATE DOMAIN posint AS integer NOT NULL DEFAULT 1 CHECK (VALUE > 0)`,
	`CREATE TYPE pair AS (a integer, b text)`,
	`CREATE TYPE floatrange AS RANGE (subtype = float8)`,
	`CREATE SEQUENCE invoice_no START 1000 INCREMENT 5 CACHE 10`,
	`CREATE TABLE users (
		id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
		email text NOT NULL COLLATE "C",
		name varchar(50),
		mood mood DEFAULT 'ok',
		score posint,
		created_at timestamptz DEFAULT now(),
		email_lower text GENERATED ALWAYS AS (lower(email)) STORED,
		CONSTRAINT users_email_key UNIQUE (email) DEFERRABLE INITIALLY DEFERRED,
		CONSTRAINT users_name_check CHECK (length(name) > 1)
	)`,
	`CREATE TABLE posts (
		id serial PRIMARY KEY,
		user_id bigint REFERENCES users (id) ON DELETE CASCADE,
		title text,
		during tsrange,
		deleted_at timestamptz,
		EXCLUDE USING gist (during WITH &&)
	)`,
	`CREATE INDEX posts_live_idx ON posts (user_id) WHERE deleted_at IS NULL`,
	`CREATE INDEX posts_title_idx ON posts (lower(title) text_pattern_ops DESC NULLS LAST) INCLUDE (id)`,
	`CREATE TABLE audit.log (id bigserial PRIMARY KEY, at timestamptz NOT NULL) WITH (fillfactor = 70)`,
	`CREATE VIEW live_posts AS SELECT id, title FROM posts WHERE deleted_at IS NULL`,
	`CREATE MATERIALIZED VIEW post_counts AS SELECT user_id, count(*) AS n FROM posts GROUP BY user_id`,
	`CREATE UNIQUE INDEX post_counts_user ON post_counts (user_id)`,
	`CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.created_at := now(); RETURN NEW; END $$`,
	`CREATE PROCEDURE purge(days integer) LANGUAGE sql AS $$ DELETE FROM posts WHERE deleted_at < now() - make_interval(days => days) $$`,
	`CREATE TRIGGER users_touch BEFORE INSERT ON users FOR EACH ROW EXECUTE FUNCTION touch()`,
}

func TestInspectModel(t *testing.T) {
	s := build(t, base...)
	js, _ := json.MarshalIndent(s, "", "  ")
	t.Logf("%s", js)
	checks := map[string]bool{
		"schema audit":            len(s.Schemas) == 1 && s.Schemas[0] == "audit",
		"extension pgcrypto":      hasExtension(s, "pgcrypto"),
		"4 types":                 len(s.Types) == 4,
		"sequences":               len(s.Sequences) == 3, // invoice_no, posts_id_seq, audit.log_id_seq
		"audit.log qualified":     s.Table("audit.log") != nil && s.Table("audit.log").Options["fillfactor"] == "70",
		"identity":                s.Table("users").Column("id").Identity == "ALWAYS",
		"generated":               s.Table("users").Column("email_lower").Generated == "lower(email) STORED",
		"collation":               s.Table("users").Column("email").Collation == "C",
		"deferrable unique":       len(s.Table("users").Uniques) == 1 && s.Table("users").Uniques[0].Deferrable == "DEFERRABLE INITIALLY DEFERRED",
		"exclusion as check":      len(s.Table("posts").Checks) == 1 && strings.HasPrefix(s.Table("posts").Checks[0].Expr, "EXCLUDE USING gist"),
		"fk cascade":              len(s.Table("posts").ForeignKeys) == 1 && s.Table("posts").ForeignKeys[0].OnDelete == "CASCADE",
		"partial index":           indexWhere(s.Table("posts").Indexes, "posts_live_idx") == "deleted_at IS NULL",
		"index key text":          indexCols(s.Table("posts").Indexes, "posts_title_idx") == "lower(title) text_pattern_ops DESC NULLS LAST",
		"constraint indexes left": len(s.Table("users").Indexes) == 0,
		"matview index":           len(s.Views) == 2 && len(s.Views[1].Indexes) == 1,
		"function and procedure":  len(s.Functions) == 2,
		"trigger":                 len(s.Triggers) == 1 && s.Triggers[0].Table == "users",
	}
	for what, ok := range checks {
		if !ok {
			t.Errorf("%s: not as expected", what)
		}
	}
}

func hasExtension(s *schema.Schema, name string) bool {
	for _, e := range s.Extensions {
		if e.Name == name {
			return true
		}
	}
	return false
}

func index(ix []*schema.Index, name string) *schema.Index {
	for _, i := range ix {
		if i.Name == name {
			return i
		}
	}
	return &schema.Index{}
}

func indexWhere(ix []*schema.Index, name string) string { return index(ix, name).Where }

func indexCols(ix []*schema.Index, name string) string {
	return strings.Join(index(ix, name).Columns, ", ")
}

func TestIdenticalSchemasHaveNoDifferences(t *testing.T) {
	a := build(t, base...)
	b := build(t, base...)
	if d := schema.Diff(a, b); len(d) != 0 {
		t.Fatalf("identical builds differ: %v", d)
	}
}

// The same schema reached another way (created bare, then altered; the
// tracking tables present in one only) shows no difference either.
func TestSameSchemaOtherPathHasNoDifferences(t *testing.T) {
	a := build(t,
		`CREATE TABLE users (id bigint PRIMARY KEY, email text NOT NULL)`,
		`CREATE INDEX users_email_idx ON users (email)`)
	b := build(t,
		`CREATE TABLE users (id bigint)`,
		`ALTER TABLE users ADD COLUMN email text`,
		`ALTER TABLE users ALTER COLUMN email SET NOT NULL`,
		`ALTER TABLE users ADD CONSTRAINT users_pkey PRIMARY KEY (id)`,
		`CREATE INDEX users_email_idx ON users (email)`,
		`CREATE TABLE schema_migrations (id bigserial PRIMARY KEY, version text)`,
		`CREATE INDEX schema_migrations_version_idx ON schema_migrations (version)`,
		`CREATE UNLOGGED TABLE migration_locks (lock_key text)`,
		`CREATE FUNCTION get_current_schema_version() RETURNS text LANGUAGE sql AS $$ SELECT '1' $$`)
	if d := schema.Diff(a, b); len(d) != 0 {
		t.Fatalf("differences: %v", d)
	}
}

func TestDifferencesAreExactlyTheChanges(t *testing.T) {
	a := build(t, base...)
	changed := make([]string, len(base))
	copy(changed, base)
	replace := func(old, new string) {
		for i, s := range changed {
			if strings.Contains(s, old) {
				changed[i] = strings.Replace(s, old, new, 1)
				return
			}
		}
		t.Fatalf("%q not in base", old)
	}
	replace("name varchar(50)", "name varchar(100)")
	replace("created_at timestamptz DEFAULT now()", "created_at timestamptz DEFAULT clock_timestamp()")
	replace("ON DELETE CASCADE", "ON DELETE SET NULL")
	replace("(user_id) WHERE deleted_at IS NULL", "(user_id) WHERE deleted_at IS NOT NULL")
	replace("SELECT id, title FROM posts", "SELECT id, title, user_id FROM posts")
	replace("NEW.created_at := now()", "NEW.created_at := clock_timestamp()")
	replace("BEFORE INSERT ON users", "BEFORE INSERT OR UPDATE ON users")
	b := build(t, changed...)
	got := schema.Diff(a, b)
	// In Diff's order: tables by name (posts, users), then views,
	// functions, triggers.
	wantStr := []string{
		"changed foreign key posts.posts_user_id_fkey: on delete: CASCADE -> SET NULL",
		"changed index posts.posts_live_idx: where: deleted_at IS NULL -> deleted_at IS NOT NULL",
		"changed column users.created_at: default: now() -> clock_timestamp()",
		"changed column users.name: type: character varying(50) -> character varying(100)",
		"changed view live_posts: definition: SELECT posts.id, posts.title FROM posts WHERE posts.deleted_at IS NULL; -> SELECT posts.id, posts.title, posts.user_id FROM posts WHERE posts.deleted_at IS NULL;",
		"changed function touch(): body: ",
		"changed trigger users.users_touch: definition: CREATE TRIGGER users_touch BEFORE INSERT ON users FOR EACH ROW EXECUTE FUNCTION touch() -> CREATE TRIGGER users_touch BEFORE INSERT OR UPDATE ON users FOR EACH ROW EXECUTE FUNCTION touch()",
	}
	if len(got) != len(wantStr) {
		t.Fatalf("got %d changes, want %d:\n%s", len(got), len(wantStr), lines(got))
	}
	for i, c := range got {
		if !strings.HasPrefix(c.String(), wantStr[i]) {
			t.Errorf("change %d:\n got %s\nwant %s", i, c, wantStr[i])
		}
	}
}

func lines(cs []schema.Change) string {
	var b strings.Builder
	for _, c := range cs {
		b.WriteString(c.String() + "\n")
	}
	return b.String()
}

// What the catalog keeps beside a definition's text matters too: a
// constraint added NOT VALID and validated later, an index a failed
// CREATE INDEX CONCURRENTLY left invalid, NULLS NOT DISTINCT, a deferrable
// primary key, identity options, ON DELETE SET NULL (columns), trigger
// firing, policies, forced row security and the replica identity. Each
// shows as exactly one change.
func TestStateAttributesAreDifferences(t *testing.T) {
	common := []string{
		`CREATE TABLE p (id int PRIMARY KEY)`,
		`CREATE FUNCTION c_touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$`,
	}
	a := build(t, append(common,
		`CREATE TABLE c (id int GENERATED BY DEFAULT AS IDENTITY, p int, n int, CONSTRAINT c_pk PRIMARY KEY (id), CONSTRAINT c_n_key UNIQUE (n))`,
		`ALTER TABLE c ADD CONSTRAINT c_p_fk FOREIGN KEY (p) REFERENCES p (id) NOT VALID`,
		`ALTER TABLE c ADD CONSTRAINT c_n_check CHECK (n > 0) NOT VALID`,
		`CREATE UNIQUE INDEX c_p_idx ON c (p)`,
		`CREATE TRIGGER c_t BEFORE INSERT ON c FOR EACH ROW EXECUTE FUNCTION c_touch()`,
		`CREATE TABLE d (x int)`,
		`INSERT INTO d VALUES (1), (2)`,
		`CREATE UNIQUE INDEX CONCURRENTLY d_x_idx ON d (x)`,
		`CREATE TABLE e (id int, p int, CONSTRAINT e_fk FOREIGN KEY (p) REFERENCES p (id) ON DELETE SET NULL)`,
	)...)
	db := testdb.Postgres(t)
	for _, s := range append(common,
		`CREATE TABLE c (id int GENERATED BY DEFAULT AS IDENTITY, p int, n int, CONSTRAINT c_pk PRIMARY KEY (id) DEFERRABLE, CONSTRAINT c_n_key UNIQUE NULLS NOT DISTINCT (n))`,
		`ALTER TABLE c ADD CONSTRAINT c_p_fk FOREIGN KEY (p) REFERENCES p (id) NOT VALID`,
		`ALTER TABLE c ADD CONSTRAINT c_n_check CHECK (n > 0) NOT VALID`,
		`ALTER TABLE c VALIDATE CONSTRAINT c_p_fk`,
		`ALTER TABLE c VALIDATE CONSTRAINT c_n_check`,
		`ALTER TABLE c ALTER COLUMN id SET INCREMENT BY 5`,
		`CREATE UNIQUE INDEX c_p_idx ON c (p) NULLS NOT DISTINCT`,
		`CREATE TRIGGER c_t BEFORE INSERT ON c FOR EACH ROW EXECUTE FUNCTION c_touch()`,
		`ALTER TABLE c ENABLE ALWAYS TRIGGER c_t`,
		`CREATE POLICY c_own ON c USING (n > 0)`,
		`ALTER TABLE c FORCE ROW LEVEL SECURITY`,
		`ALTER TABLE c REPLICA IDENTITY FULL`,
		`CREATE TABLE d (x int)`,
		`INSERT INTO d VALUES (1), (1)`,
		`CREATE TABLE e (id int, p int, CONSTRAINT e_fk FOREIGN KEY (p) REFERENCES p (id) ON DELETE SET NULL (p))`,
	) {
		if _, err := db.DB.Exec(s); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
	// Fails on the duplicate and leaves the index behind, invalid.
	if _, err := db.DB.Exec(`CREATE UNIQUE INDEX CONCURRENTLY d_x_idx ON d (x)`); err == nil {
		t.Fatal("the unique index was built over a duplicate")
	}
	b := inspect(t, db.DB)
	want := []string{
		"changed table c: force row level security: (none) -> enabled",
		"changed table c: policy c_own: (none) -> AS PERMISSIVE FOR ALL TO PUBLIC USING (n > 0)",
		"changed table c: replica identity: (none) -> FULL",
		"changed column c.id: identity options: (none) -> INCREMENT 5",
		"changed primary key c.primary key: deferrable: (none) -> DEFERRABLE INITIALLY IMMEDIATE",
		"changed unique c.c_n_key: nulls not distinct: false -> true",
		"changed check c.c_n_check: validated: false -> true",
		"changed foreign key c.c_p_fk: validated: false -> true",
		"changed index c.c_p_idx: nulls not distinct: false -> true",
		"changed index d.d_x_idx: valid: true -> false",
		"changed foreign key e.e_fk: on delete: SET NULL -> SET NULL (p)",
		"changed trigger c.c_t: fires: (none) -> ALWAYS",
	}
	if got := lines(schema.Diff(a, b)); got != strings.Join(want, "\n")+"\n" {
		t.Fatalf("got:\n%swant:\n%s", got, strings.Join(want, "\n"))
	}
	if c := a.Table("c").Checks[0]; c.Expr != "CHECK (n > 0)" || !c.NotValid {
		t.Errorf("check not valid read as %+v", c)
	}
}
