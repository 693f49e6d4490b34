package strata_test

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/strata-db/strata"
	"github.com/strata-db/strata/internal/testdb"
)

// A search_path default set after strata created its tables (ALTER
// DATABASE … SET search_path in a migration, ALTER ROLE … IN DATABASE by
// a DBA) resolves strata's names to another schema at the next
// connection. Every command, reading ones too, must refuse to take that
// for a new database, name the schema the tables are in and the ways out;
// each way out then works, and a search_path the URL sets is the user's
// own choice of schema.
func TestSearchPathMovedAway(t *testing.T) {
	db := testdb.Postgres(t)
	ctx := context.Background()
	fsys := fstest.MapFS{
		"001_a.sql": {Data: []byte("CREATE TABLE a (id int);\nINSERT INTO a VALUES (1);\n")},
		"002_b.sql": {Data: []byte("CREATE SCHEMA app;\nALTER DATABASE " + db.Name + " SET search_path = app;\n")},
		"003_c.sql": {Data: []byte("CREATE TABLE c (id int);\n")},
	}
	open := func(dsn string, opts ...strata.Option) *strata.Migrator {
		t.Helper()
		pool, err := sql.Open(db.Driver, dsn)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { pool.Close() })
		m, err := strata.New(pool, strata.Postgres, fsys, opts...)
		if err != nil {
			t.Fatal(err)
		}
		return m
	}
	if _, err := open(db.DSN).Up(ctx, strata.To("2")); err != nil {
		t.Fatal(err)
	}
	count := func(q string) int {
		t.Helper()
		var n int
		if err := db.DB.QueryRow(q).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	refused := func(what string) {
		t.Helper()
		m := open(db.DSN) // new sessions: the new default applies
		check := func(cmd string, err error) {
			t.Helper()
			if !errors.Is(err, strata.ErrHistoryLost) {
				t.Fatalf("%s, %s: want the moved history refused, got %v", what, cmd, err)
			}
			for _, s := range []string{"public.schema_migrations", "search_path=public", "--history-table public.schema_migrations", "RESET search_path"} {
				if !strings.Contains(err.Error(), s) {
					t.Errorf("%s, %s: the error does not say %q: %v", what, cmd, s, err)
				}
			}
		}
		_, err := m.Status(ctx)
		check("status", err)
		_, err = m.History(ctx)
		check("history", err)
		_, err = m.Validate(ctx)
		check("validate", err)
		_, err = m.Up(ctx)
		check("up", err)
		if n := count("SELECT count(*) FROM pg_catalog.pg_tables WHERE schemaname = 'app'"); n != 0 {
			t.Fatalf("%s: up created %d tables in schema app", what, n)
		}
		if n := count("SELECT count(*) FROM public.a"); n != 1 {
			t.Fatalf("%s: public.a holds %d rows, want 1", what, n)
		}
	}
	refused("ALTER DATABASE … SET search_path")

	// The same default set for the role in this database, by hand.
	if _, err := db.DB.Exec("ALTER DATABASE " + db.Name + " RESET search_path"); err != nil {
		t.Fatal(err)
	}
	if _, err := db.DB.Exec("ALTER ROLE CURRENT_USER IN DATABASE " + db.Name + " SET search_path = app"); err != nil {
		t.Fatal(err)
	}
	refused("ALTER ROLE … IN DATABASE … SET search_path")

	// The ways out: the schema in the URL, or in the tables' names.
	if _, err := open(db.DSN + "&search_path=public").Up(ctx); err != nil {
		t.Fatalf("up with search_path=public in the URL: %v", err)
	}
	st, err := open(db.DSN, strata.WithTables("public.schema_migrations", "public.migration_locks")).Status(ctx)
	if err != nil || len(st.Migrations) != 3 || st.Migrations[2].State != "applied" {
		t.Fatalf("status with qualified names: %+v, %v", st, err)
	}
	if n := count("SELECT count(*) FROM public.a"); n != 1 {
		t.Fatalf("public.a holds %d rows, want 1", n)
	}
	// A search_path in the URL names a schema on purpose: a second set of
	// tracking tables there is new, not moved.
	st, err = open(db.DSN + "&search_path=app").Status(ctx)
	if err != nil || st.Migrations[0].State != "pending" {
		t.Fatalf("status of a second set chosen in the URL: %+v, %v", st, err)
	}
}
