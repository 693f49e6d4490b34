package strata_test

import (
	"context"
	"database/sql"
	"errors"
	"maps"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/strata-db/strata"
	"github.com/strata-db/strata/internal/testdb"
)

// Tests of what a migration does to its database session: strata's own
// statements must not depend on it, and no setting may reach the next
// migration of the run. The dump files in testdata/session are real
// pg_dump and mariadb-dump output (see their first lines).

// probes read, on each dialect, the session settings a migration can
// change; probe(d) is a migration that stores them in a table "probe",
// and the test compares that row with what a new connection reads.
var probes = map[string]string{
	"postgres": `SELECT current_setting('search_path') AS search_path, COALESCE(current_schema(), '') AS current_schema,
	current_setting('statement_timeout') AS statement_timeout, current_setting('lock_timeout') AS lock_timeout,
	current_setting('idle_in_transaction_session_timeout') AS idle_timeout, current_setting('TimeZone') AS time_zone,
	current_setting('check_function_bodies') AS check_function_bodies, current_setting('client_min_messages') AS client_min_messages,
	current_setting('row_security') AS row_security, current_setting('default_tablespace') AS default_tablespace,
	current_setting('xmloption') AS xmloption, current_user AS current_user_name, session_user AS session_user_name`,
	"mysql": `SELECT DATABASE() AS db, @@SESSION.sql_mode AS sql_mode, @@SESSION.foreign_key_checks AS foreign_key_checks,
	@@SESSION.unique_checks AS unique_checks, @@SESSION.time_zone AS time_zone, @@SESSION.character_set_client AS cs_client,
	@@SESSION.character_set_results AS cs_results, @@SESSION.collation_connection AS collation_connection,
	@@SESSION.sql_notes AS sql_notes, @@SESSION.max_statement_time AS max_statement_time, @@SESSION.autocommit AS autocommit, @@SESSION.sql_safe_updates AS sql_safe_updates,
	@@SESSION.tx_isolation AS tx_isolation`,
	"sqlite": `SELECT (SELECT foreign_keys FROM pragma_foreign_keys) AS foreign_keys,
	(SELECT legacy_alter_table FROM pragma_legacy_alter_table) AS legacy_alter_table,
	(SELECT timeout FROM pragma_busy_timeout) AS busy_timeout,
	(SELECT recursive_triggers FROM pragma_recursive_triggers) AS recursive_triggers,
	(SELECT cache_size FROM pragma_cache_size) AS cache_size`,
}

func probe(d string) string {
	return "CREATE TABLE probe AS " + probes[d] + ";\n-- strata:down\nDROP TABLE probe;\n"
}

// row reads the first row of query as text, column by column.
func row(t *testing.T, db *sql.DB, query string) map[string]string {
	t.Helper()
	rows, err := db.Query(query)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	if !rows.Next() {
		t.Fatalf("no row from %s (%v)", query, rows.Err())
	}
	vals := make([]sql.NullString, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	if err := rows.Scan(ptrs...); err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for i, c := range cols {
		out[c] = vals[i].String
	}
	return out
}

func fixture(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "session", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func migration(sql string) *fstest.MapFile { return &fstest.MapFile{Data: []byte(sql)} }

// sessionChanges are, per dialect, migrations that change the session
// every way a real file does, followed by the probe and by a migration
// written for the defaults.
func sessionChanges(t *testing.T, d string) fstest.MapFS {
	switch d {
	case "postgres":
		return fstest.MapFS{
			// pg_dump leaves search_path empty and names every object.
			"001_dump.sql": migration(fixture(t, "pg_dump.sql")),
			"002_settings.sql": migration(`CREATE SCHEMA app;
SET search_path TO app, public;
CREATE TABLE in_app (id int PRIMARY KEY);
SET statement_timeout = '1h';
SET lock_timeout = 5000;
SET TIME ZONE 'Asia/Tokyo';
SET client_min_messages = error;
SET check_function_bodies = off;
SELECT set_config('idle_in_transaction_session_timeout', '1min', false);
`),
			"003_probe.sql": migration(probe(d)),
			// Unqualified names, written for the URL's search_path.
			"004_defaults.sql": migration("CREATE TABLE after_dump (id int PRIMARY KEY, author bigint REFERENCES authors (id));\n"),
		}
	case "mysql":
		dump := fixture(t, "mariadb_dump.sql")
		cut := strings.Index(dump, "--\n-- Table structure for table `books`")
		if cut < 0 {
			t.Fatal("mariadb_dump.sql: no books table")
		}
		return fstest.MapFS{
			// A dump cut in two: its header's settings stay set until
			// the second half restores them, a migration later.
			"001_dump_authors.sql": migration(dump[:cut]),
			"002_settings.sql": migration(`SET SESSION sql_mode = 'ANSI_QUOTES,NO_BACKSLASH_ESCAPES', max_statement_time = 30;
SET SESSION TRANSACTION ISOLATION LEVEL SERIALIZABLE;
SET @@SESSION.character_set_results = NULL, @@SESSION.sql_safe_updates = 1;
`),
			"003_probe.sql": migration(probe(d)),
			// Written for the defaults: the foreign key is checked.
			"004_defaults.sql":   migration("CREATE TABLE after_dump (id int PRIMARY KEY, author bigint, FOREIGN KEY (author) REFERENCES authors (id));\n"),
			"005_dump_books.sql": migration(dump[cut:]),
		}
	}
	return fstest.MapFS{
		"001_pragmas.sql": migration(`-- strata:no-transaction
PRAGMA foreign_keys = ON;
PRAGMA legacy_alter_table = ON;
PRAGMA busy_timeout = 1;
PRAGMA main.recursive_triggers = 1;
PRAGMA cache_size = -1234;
PRAGMA user_version = 7;
CREATE TABLE parent (id INTEGER PRIMARY KEY);
`),
		"002_probe.sql":    migration(probe(d)),
		"003_defaults.sql": migration("CREATE TABLE child (id INTEGER PRIMARY KEY, parent INTEGER REFERENCES parent (id));\n"),
	}
}

// TestSessionChangesDoNotLeak runs migrations that change the session
// (real dump files among them) and then one that records the session's
// settings: they must be those of a new connection, on every dialect,
// while each migration's own later statements saw its changes.
func TestSessionChangesDoNotLeak(t *testing.T) {
	for _, d := range testdb.Dialects {
		t.Run(d, func(t *testing.T) {
			ctx := context.Background()
			db := testdb.Open(t, d)
			fsys := sessionChanges(t, d)
			// Read before strata runs: the pool's connections are new.
			want := row(t, db.DB, probes[d])
			m, err := strata.New(db.DB, strata.Dialect(d), fsys)
			if err != nil {
				t.Fatal(err)
			}
			res, err := m.Up(ctx)
			if err != nil {
				t.Fatalf("up: %v", err)
			}
			if len(res) != len(fsys) {
				t.Fatalf("applied %d of %d", len(res), len(fsys))
			}
			got := row(t, db.DB, "SELECT * FROM probe")
			for k, v := range want {
				if got[k] != v {
					t.Errorf("%s: the next migration saw %q, a new session has %q", k, got[k], v)
				}
			}
			// And the connection went back to the pool as it came.
			if after := row(t, db.DB, probes[d]); !maps.Equal(after, want) {
				t.Errorf("the pool's connection after the run: %v, want %v", after, want)
			}
			st, err := m.Status(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if st.Pending != 0 || st.CurrentVersion == "" {
				t.Errorf("status after up: %d pending, current %v", st.Pending, st.CurrentVersion)
			}
			switch d {
			case "postgres":
				// 002's own statements saw its search_path.
				if n := count(t, db.DB, "SELECT count(*) FROM pg_tables WHERE schemaname = 'app' AND tablename = 'in_app'"); n != 1 {
					t.Error("in_app is not in schema app")
				}
				// strata's own tables stayed where the URL put them.
				if n := count(t, db.DB, "SELECT count(*) FROM public.schema_migrations WHERE success"); n != len(fsys) {
					t.Errorf("%d successful rows in public.schema_migrations, want %d", n, len(fsys))
				}
			case "sqlite":
				// A pragma stored in the file is the migration's to keep.
				if n := count(t, db.DB, "PRAGMA user_version"); n != 7 {
					t.Errorf("user_version %d, want 7", n)
				}
			}
		})
	}
}

func count(t *testing.T, db *sql.DB, query string, args ...any) int {
	t.Helper()
	var n int
	if err := db.QueryRow(query, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return n
}

// TestSessionPostgresRoleAndDrift: a migration that ends as another role,
// with another search_path, leaves strata's history row to the session's
// own user and drift without a false difference.
func TestSessionPostgresRoleAndDrift(t *testing.T) {
	ctx := context.Background()
	db := testdb.Open(t, "postgres")
	role := "strata_role_" + strings.TrimPrefix(filepath.Base(db.Name), "strata_test_")
	if _, err := db.DB.Exec("CREATE ROLE " + role); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.DB.Exec("DROP ROLE IF EXISTS " + role) })
	fsys := fstest.MapFS{
		"001_app.sql": migration(`CREATE SCHEMA app;
SET search_path TO app, public;
CREATE TABLE accounts (id int PRIMARY KEY, name text);
CREATE INDEX accounts_name ON accounts (name);
SET ROLE ` + role + `;
-- strata:down
DROP SCHEMA app CASCADE;
`),
		"002_public.sql": migration("CREATE TABLE orders (id int PRIMARY KEY, account int);\nCREATE TABLE items (id int PRIMARY KEY);\n-- strata:down\nDROP TABLE items;\nDROP TABLE orders;\n"),
		"003_probe.sql":  migration(probe("postgres")),
		// strata's own setting survives the resets (PostgreSQL 14+).
		"004_interval.sql": migration(`CREATE TABLE interval_probe AS SELECT current_setting('server_version_num')::int AS version,
	current_setting('client_connection_check_interval', true) AS check_interval;
-- strata:down
DROP TABLE interval_probe;
`),
	}
	m, err := strata.New(db.DB, strata.Postgres, fsys)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := m.Up(ctx); err != nil {
		t.Fatalf("up: %v", err)
	}
	if n := count(t, db.DB, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tablename IN ('orders', 'items')"); n != 2 {
		t.Errorf("002's tables are not in public (%d of 2)", n)
	}
	got := row(t, db.DB, "SELECT * FROM probe")
	if got["current_user_name"] != "postgres" || got["search_path"] != `"$user", public` {
		t.Errorf("the next migration ran as %q with search_path %q", got["current_user_name"], got["search_path"])
	}
	if iv := row(t, db.DB, "SELECT * FROM interval_probe"); iv["version"] >= "140000" && iv["check_interval"] != "1s" {
		t.Errorf("client_connection_check_interval in the fourth migration: %q, want 1s", iv["check_interval"])
	}
	h, err := m.History(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range h {
		if !a.Success || !strings.HasPrefix(a.AppliedBy, "postgres ") {
			t.Errorf("history row %s: success %v, applied by %q", a.Version, a.Success, a.AppliedBy)
		}
	}
	r, err := m.Drift(ctx, testdb.Open(t, "postgres").DB)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Changes) != 0 {
		t.Errorf("drift after a search_path change: %v", r.Changes)
	}
	// And down, redo and a second up in the same run all find the history.
	if _, err := m.Redo(ctx); err != nil {
		t.Fatalf("redo: %v", err)
	}
	if _, err := m.Down(ctx, strata.To("0")); err != nil {
		t.Fatalf("down: %v", err)
	}
	if n := count(t, db.DB, "SELECT count(*) FROM pg_namespace WHERE nspname = 'app'"); n != 0 {
		t.Error("down left schema app")
	}
}

// TestSessionMySQLUse: a migration that moves to another database, which
// strata manages too, keeps strata's records in its own database, whether
// it succeeds or fails; the resumed migration starts in the database its
// earlier statements moved to; and the lock is free afterwards.
func TestSessionMySQLUse(t *testing.T) {
	ctx := context.Background()
	db := testdb.Open(t, "mysql")
	other := testdb.Open(t, "mysql")
	om, err := strata.New(other.DB, strata.MySQL, fstest.MapFS{"001_own.sql": migration("CREATE TABLE own (id int);\n")})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := om.Up(ctx); err != nil {
		t.Fatal(err)
	}
	before := count(t, other.DB, "SELECT count(*) FROM schema_migrations")
	fsys := fstest.MapFS{
		"001_here.sql": migration("CREATE TABLE here (id int);\n"),
		"002_there.sql": migration(`/*!40014 SET FOREIGN_KEY_CHECKS=0 */;
USE ` + other.Name + `;
CREATE TABLE parent (id int PRIMARY KEY);
CREATE TABLE child (id int PRIMARY KEY, parent int, FOREIGN KEY (parent) REFERENCES parent (id));
INSERT INTO no_such_table VALUES (1);
CREATE TABLE last (id int);
`),
	}
	m, err := strata.New(db.DB, strata.MySQL, fsys)
	if err != nil {
		t.Fatal(err)
	}
	_, err = m.Up(ctx)
	var me *strata.MigrationError
	if !errors.As(err, &me) || me.Version != "2" || me.Statement != 5 || me.Applied != 4 {
		t.Fatalf("up: want version 2 failing at statement 5 with 4 applied, got %v", err)
	}
	if n := count(t, other.DB, "SELECT count(*) FROM schema_migrations"); n != before {
		t.Errorf("the other database's history grew from %d to %d rows", before, n)
	}
	h, err := m.History(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(h) != 2 || h[0].Version != "2" || h[0].Success || h[0].StatementsApplied != 4 {
		t.Fatalf("history %+v, want the failed attempt of version 2 with 4 statements applied", h)
	}
	st, err := m.Status(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if s := st.Migrations[1].State; s != strata.StateFailed {
		t.Errorf("version 2 is %q, want failed", s)
	}
	// A second runner on another pool takes the lock at once.
	if n := count(t, other.DB, "SELECT IS_FREE_LOCK(CONCAT('strata_', SHA1(CONCAT(?, '.migration_locks'))))", db.Name); n != 1 {
		t.Error("the migration lock is still held after the run")
	}

	// The fix: the resumed section runs SET and USE again first, so the
	// new statement runs where, and as, its author meant.
	fsys["002_there.sql"] = migration(strings.Replace(string(fsys["002_there.sql"].Data),
		"INSERT INTO no_such_table VALUES (1);", "INSERT INTO child VALUES (1, 999);", 1))
	res, err := m.Up(ctx)
	if err != nil {
		t.Fatalf("resumed up: %v", err)
	}
	if len(res) != 1 || res[0].ResumedAt != 5 {
		t.Fatalf("resumed up: %+v, want version 2 resumed at 5", res)
	}
	if n := count(t, other.DB, "SELECT count(*) FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name IN ('parent', 'child', 'last')"); n != 3 {
		t.Errorf("%d of the tables parent, child, last in the other database, want 3", n)
	}
	if n := count(t, other.DB, "SELECT count(*) FROM child WHERE parent = 999"); n != 1 {
		t.Error("the resumed INSERT did not run with the migration's FOREIGN_KEY_CHECKS=0")
	}
	if n := count(t, other.DB, "SELECT count(*) FROM schema_migrations"); n != before {
		t.Errorf("the other database's history grew from %d to %d rows", before, n)
	}
	if n := count(t, db.DB, "SELECT count(*) FROM schema_migrations WHERE version = '2' AND success"); n != 1 {
		t.Error("version 2 is not recorded applied in its own database")
	}
}

// TestSessionPostgresResume: a no-transaction section resumed after its
// SET search_path runs it again first.
func TestSessionPostgresResume(t *testing.T) {
	ctx := context.Background()
	db := testdb.Open(t, "postgres")
	fsys := fstest.MapFS{"001_app.sql": migration(`-- strata:no-transaction
CREATE SCHEMA app;
SELECT pg_catalog.set_config('search_path', 'app', false);
CREATE TABLE t1 (id int);
CREATE TABLE t2 (id int REFERENCES no_such_table (id));
`)}
	m, err := strata.New(db.DB, strata.Postgres, fsys)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := m.Up(ctx); err == nil {
		t.Fatal("up succeeded with a missing table")
	}
	fsys["001_app.sql"] = migration(strings.Replace(string(fsys["001_app.sql"].Data), " REFERENCES no_such_table (id)", "", 1))
	res, err := m.Up(ctx)
	if err != nil || len(res) != 1 || res[0].ResumedAt != 4 {
		t.Fatalf("resumed up: %+v, %v", res, err)
	}
	if n := count(t, db.DB, "SELECT count(*) FROM pg_tables WHERE schemaname = 'app' AND tablename IN ('t1', 't2')"); n != 2 {
		t.Errorf("%d of t1, t2 in schema app, want 2", n)
	}
}

// TestSessionSQLiteAttach: a database a no-transaction section attaches
// is detached before the next migration, and attached again before the
// section resumes after a failure.
func TestSessionSQLiteAttach(t *testing.T) {
	ctx := context.Background()
	db := testdb.Open(t, "sqlite")
	aux := filepath.Join(t.TempDir(), "aux.db")
	fsys := fstest.MapFS{
		"001_aux.sql": migration(`-- strata:no-transaction
ATTACH DATABASE '` + aux + `' AS aux;
CREATE TABLE aux.kept (id INTEGER PRIMARY KEY);
INSERT INTO aux.no_such_table VALUES (1);
`),
		"002_probe.sql": migration("CREATE TABLE probe AS SELECT count(*) AS attached FROM pragma_database_list WHERE name = 'aux';\n"),
	}
	m, err := strata.New(db.DB, strata.SQLite, fsys)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := m.Up(ctx); err == nil {
		t.Fatal("up succeeded with a missing table")
	}
	fsys["001_aux.sql"] = migration(strings.Replace(string(fsys["001_aux.sql"].Data), "aux.no_such_table", "aux.kept", 1))
	res, err := m.Up(ctx)
	if err != nil || len(res) != 2 || res[0].ResumedAt != 3 {
		t.Fatalf("resumed up: %+v, %v", res, err)
	}
	if n := count(t, db.DB, "SELECT attached FROM probe"); n != 0 {
		t.Error("the next migration still had aux attached")
	}
	auxDB, err := sql.Open(testdb.SQLiteDriver, testdb.SQLiteDSN(aux))
	if err != nil {
		t.Fatal(err)
	}
	defer auxDB.Close()
	if n := count(t, auxDB, "SELECT count(*) FROM kept"); n != 1 {
		t.Errorf("%d rows in aux.kept, want the resumed INSERT's 1", n)
	}
}
