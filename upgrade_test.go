package strata_test

import (
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"github.com/strata-db/strata"
	"github.com/strata-db/strata/internal/sqlsplit"
	"github.com/strata-db/strata/internal/testdb"
)

// upgradeFixture opens a fresh database holding what the previous
// release (testdata/upgrade/README) left: the SQLite file as it was, or
// the PostgreSQL or MariaDB dump loaded into a new database, on a pool of
// its own, so that the dump's session settings (an empty search_path) leave
// with it.
func upgradeFixture(t *testing.T, d string) *testdb.DB {
	t.Helper()
	db := testdb.Open(t, d)
	if d == "sqlite" {
		data, err := os.ReadFile("testdata/upgrade/prev_sqlite.db")
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(db.Name, data, 0o644); err != nil {
			t.Fatal(err)
		}
		return db
	}
	src, err := os.ReadFile("testdata/upgrade/prev_" + d + ".sql")
	if err != nil {
		t.Fatal(err)
	}
	sd := sqlsplit.Postgres
	if d == "mysql" {
		sd = sqlsplit.MySQL
	}
	stmts, err := sqlsplit.Split(sd, string(src), sqlsplit.Position{})
	if err != nil {
		t.Fatal(err)
	}
	loader, err := sql.Open(db.Driver, db.DSN)
	if err != nil {
		t.Fatal(err)
	}
	defer loader.Close()
	conn, err := loader.Conn(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	for _, st := range stmts {
		if _, err := conn.ExecContext(context.Background(), st.Text); err != nil {
			t.Fatalf("loading the fixture, line %d: %v\n%s", st.Start.Line, err, st.Text)
		}
	}
	return db
}

// upgradeFiles are the fixture's migrations and a fourth, pending one. On
// PostgreSQL it empties its session's search_path, as pg_dump's output
// does, and then calls get_current_schema_version(): with the previous
// release's unqualified body, the function finds no history table.
func upgradeFiles(t *testing.T, d string) fstest.MapFS {
	t.Helper()
	fsys := fstest.MapFS{}
	paths, err := filepath.Glob("testdata/upgrade/migrations/*.sql")
	if err != nil || len(paths) != 3 {
		t.Fatalf("fixture migrations: %v %v", paths, err)
	}
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		fsys[filepath.Base(p)] = &fstest.MapFile{Data: data}
	}
	up := "CREATE TABLE shelves (id INTEGER PRIMARY KEY);\n"
	if d == "postgres" {
		up = "SELECT set_config('search_path', '', false);\n" +
			"CREATE TABLE public.shelves AS SELECT public.get_current_schema_version() AS v;\n"
	}
	fsys["004_create_shelves.sql"] = &fstest.MapFile{Data: []byte(up + "-- strata:down\nDROP TABLE shelves;\n")}
	return fsys
}

// formatOf reads the format mark of the tracking tables as a database
// client would: 1 where there is none, as the README says.
func formatOf(t *testing.T, db *testdb.DB) int {
	t.Helper()
	var mark sql.NullString
	var err error
	switch db.Dialect {
	case "postgres":
		err = db.DB.QueryRow(`SELECT obj_description('schema_migrations'::regclass, 'pg_class')`).Scan(&mark)
	case "mysql":
		err = db.DB.QueryRow(`SELECT table_comment FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = 'schema_migrations'`).Scan(&mark)
	case "sqlite":
		var n int
		if db.DB.QueryRow(`SELECT count(*) FROM sqlite_master WHERE name = 'schema_migrations_format'`).Scan(&n); n == 0 {
			return 1
		}
		err = db.DB.QueryRow(`SELECT 'x; tracking format ' || format FROM schema_migrations_format`).Scan(&mark)
	}
	if err != nil {
		t.Fatal(err)
	}
	_, n, ok := strings.Cut(mark.String, "; tracking format ")
	if !ok {
		return 1
	}
	f, err := strconv.Atoi(n)
	if err != nil {
		t.Fatalf("format mark %q: %v", mark.String, err)
	}
	return f
}

// setFormat writes a format mark as a newer strata would, or, for 1,
// takes it away as the previous release had none.
func setFormat(t *testing.T, db *testdb.DB, n int) {
	t.Helper()
	comment := "strata: one row per migration attempt; never updated or deleted"
	if n > 1 {
		comment += "; tracking format " + strconv.Itoa(n)
	}
	var q []string
	switch db.Dialect {
	case "postgres":
		q = []string{"COMMENT ON TABLE schema_migrations IS '" + comment + "'"}
	case "mysql":
		q = []string{"ALTER TABLE schema_migrations COMMENT = '" + comment + "'"}
	case "sqlite":
		q = []string{"DROP TABLE IF EXISTS schema_migrations_format"}
		if n > 1 {
			q = append(q, "CREATE TABLE schema_migrations_format (format INTEGER NOT NULL)",
				"INSERT INTO schema_migrations_format VALUES ("+strconv.Itoa(n)+")")
		}
	}
	for _, s := range q {
		if _, err := db.DB.Exec(s); err != nil {
			t.Fatal(err)
		}
	}
}

// TestUpgradePreviousRelease: a database that the previous release
// tracked (three migrations, one failed attempt) works with this strata.
// Reading commands read it as it is and write nothing; the first runner
// that takes the lock upgrades it in place, once, while a second one
// waits; the history stays as it was; on PostgreSQL the functions get the
// schema-qualified bodies, so that a migration that empties search_path
// can call them. The upgrade's steps run again on upgraded tables without
// harm (a mark lost or an upgrade cut short).
func TestUpgradePreviousRelease(t *testing.T) {
	for _, d := range testdb.Dialects {
		t.Run(d, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			db := upgradeFixture(t, d)
			fsys := upgradeFiles(t, d)
			var mu sync.Mutex
			var upgrades []strata.TablesUpgraded
			newMigrator := func() *strata.Migrator {
				m, err := strata.New(db.DB, strata.Dialect(d), fsys, strata.WithLockTimeout(time.Minute), strata.WithEvents(func(e strata.Event) {
					if u, ok := e.(strata.TablesUpgraded); ok {
						mu.Lock()
						upgrades = append(upgrades, u)
						mu.Unlock()
					}
				}))
				if err != nil {
					t.Fatal(err)
				}
				return m
			}
			m := newMigrator()

			st, err := m.Status(ctx)
			if err != nil {
				t.Fatalf("status of the previous release's tables: %v", err)
			}
			if st.CurrentVersion != "3" || st.Pending != 1 {
				t.Fatalf("status: version %s, %d pending; want 3 and 1", st.CurrentVersion, st.Pending)
			}
			before, err := m.History(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if len(before) != 4 || before[1].Success || before[1].Version != "3" {
				t.Fatalf("history of the fixture: %+v", before)
			}
			if problems, err := m.Validate(ctx); err != nil {
				t.Fatalf("validate: %v %v", problems, err)
			}
			if _, err := m.Health(ctx); err != nil {
				t.Fatalf("health: %v", err)
			}
			if f := formatOf(t, db); f != 1 {
				t.Fatalf("reading commands wrote format %d", f)
			}

			// Two runners at once: one upgrades and applies 004, the
			// other waits for the lock and finds nothing to do.
			var wg sync.WaitGroup
			errs := make([]error, 2)
			for i := range errs {
				wg.Add(1)
				go func() {
					defer wg.Done()
					_, errs[i] = newMigrator().Up(ctx)
				}()
			}
			wg.Wait()
			if err := errors.Join(errs...); err != nil {
				t.Fatalf("up on the previous release's tables: %v", err)
			}
			if len(upgrades) != 1 || upgrades[0] != (strata.TablesUpgraded{From: 1, To: strata.TrackingFormat}) {
				t.Fatalf("upgrades: %+v; want one, from 1 to %d", upgrades, strata.TrackingFormat)
			}
			if f := formatOf(t, db); f != strata.TrackingFormat {
				t.Fatalf("format after up: %d", f)
			}
			after, err := m.History(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if len(after) != 5 || after[0].Version != "4" || !after[0].Success {
				t.Fatalf("history after up: %+v", after)
			}
			for i, a := range after[1:] {
				b := before[i]
				if a.ID != b.ID || a.Version != b.Version || a.Success != b.Success || a.Checksum != b.Checksum ||
					!a.AppliedAt.Equal(b.AppliedAt) || a.ErrorMessage != b.ErrorMessage {
					t.Fatalf("attempt %d changed:\n%+v\n%+v", b.ID, b, a)
				}
			}
			if d == "postgres" {
				checkQualifiedFunctions(t, db)
			}
			if d == "mysql" {
				if typ := lockChecksumsType(t, db); typ != "mediumtext" {
					t.Fatalf("upgraded lock table: statement_checksums is %s; want mediumtext", typ)
				}
			}

			// The steps again, on upgraded tables whose mark is gone.
			setFormat(t, db, 1)
			upgrades = nil
			if _, err := m.Down(ctx); err != nil {
				t.Fatalf("down after the mark was lost: %v", err)
			}
			if len(upgrades) != 1 || formatOf(t, db) != strata.TrackingFormat {
				t.Fatalf("upgrade run again: %+v, format %d", upgrades, formatOf(t, db))
			}
			upgrades = nil
			if _, err := m.Up(ctx); err != nil {
				t.Fatal(err)
			}
			if len(upgrades) != 0 {
				t.Fatalf("an upgraded database upgraded again: %+v", upgrades)
			}
			if d == "postgres" {
				checkQualifiedFunctions(t, db)
			}
		})
	}
}

// checkQualifiedFunctions: the functions name the history table with its
// schema, and work under an empty search_path, where 004 used one.
func checkQualifiedFunctions(t *testing.T, db *testdb.DB) {
	t.Helper()
	var v string
	if err := db.DB.QueryRow(`SELECT v FROM public.shelves`).Scan(&v); err != nil || v != "3" {
		t.Fatalf("get_current_schema_version() under an empty search_path gave %q, %v; want 3", v, err)
	}
	rows, err := db.DB.Query(`SELECT prosrc FROM pg_proc WHERE proname IN ('get_migration_history', 'get_current_schema_version')`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		var src string
		if err := rows.Scan(&src); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(src, `"public"."schema_migrations"`) {
			t.Errorf("function body not qualified: %s", src)
		}
		n++
	}
	if n != 2 {
		t.Fatalf("%d functions; want 2", n)
	}
	conn, err := db.DB.Conn(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	var count int
	if err := conn.QueryRowContext(context.Background(), `SELECT set_config('search_path', '', false), (SELECT count(*) FROM public.get_migration_history())`).Scan(new(string), &count); err != nil || count == 0 {
		t.Fatalf("get_migration_history() under an empty search_path: %d rows, %v", count, err)
	}
	conn.ExecContext(context.Background(), `RESET search_path`)
}

// TestNewerTablesRefused: tables marked with a format newer than this
// strata knows stop every command, reading ones included, with a message
// that names both formats and says to upgrade strata, and nothing is
// written: no migration, no history row, no lock row, no new mark.
func TestNewerTablesRefused(t *testing.T) {
	for _, d := range testdb.Dialects {
		t.Run(d, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			db := testdb.Open(t, d)
			fsys := upgradeFiles(t, d)
			delete(fsys, "004_create_shelves.sql")
			m, err := strata.New(db.DB, strata.Dialect(d), fsys, strata.WithLockTimeout(5*time.Second))
			if err != nil {
				t.Fatal(err)
			}
			if _, err := m.Up(ctx, strata.To("2")); err != nil {
				t.Fatal(err)
			}
			if f := formatOf(t, db); f != strata.TrackingFormat {
				t.Fatalf("new tables are format %d; want %d", f, strata.TrackingFormat)
			}
			setFormat(t, db, 99)
			count := func(table string) int {
				var n int
				if err := db.DB.QueryRow("SELECT count(*) FROM " + table).Scan(&n); err != nil {
					t.Fatal(err)
				}
				return n
			}
			rows := count("schema_migrations")
			commands := map[string]func() error{
				"status":   func() error { _, err := m.Status(ctx); return err },
				"history":  func() error { _, err := m.History(ctx); return err },
				"validate": func() error { _, err := m.Validate(ctx); return err },
				"health":   func() error { _, err := m.Health(ctx); return err },
				"up":       func() error { _, err := m.Up(ctx); return err },
				"down":     func() error { _, err := m.Down(ctx); return err },
				"redo":     func() error { _, err := m.Redo(ctx); return err },
				"baseline": func() error { _, err := m.Baseline(ctx, "3"); return err },
				"repair":   func() error { _, err := m.Repair(ctx); return err },
				"unlock":   func() error { _, err := m.Unlock(ctx, strata.Force()); return err },
			}
			for name, run := range commands {
				err := run()
				var fe *strata.TablesFormatError
				if !errors.Is(err, strata.ErrNewerTables) || !errors.As(err, &fe) || fe.Found != 99 || fe.Known != strata.TrackingFormat {
					t.Errorf("%s: %v; want the newer-format refusal", name, err)
					continue
				}
				for _, want := range []string{"format 99", "written by a newer strata", "knows up to " + strconv.Itoa(strata.TrackingFormat), "Upgrade strata", "schema_migrations"} {
					if !strings.Contains(err.Error(), want) {
						t.Errorf("%s: %q lacks %q", name, err, want)
					}
				}
			}
			if n := count("schema_migrations"); n != rows {
				t.Errorf("history rows: %d, were %d", n, rows)
			}
			if n := count("migration_locks"); n != 0 {
				t.Errorf("%d lock rows left", n)
			}
			if f := formatOf(t, db); f != 99 {
				t.Errorf("the mark changed to %d", f)
			}
			var n int
			if err := db.DB.QueryRow("SELECT count(*) FROM tags").Scan(&n); err == nil {
				t.Errorf("003 was applied")
			}
		})
	}
}

// TestGuardFormatTable: on SQLite, the table holding the tracking tables'
// format is strata's, and a migration that drops it is refused like one
// that drops the history.
func TestGuardFormatTable(t *testing.T) {
	ctx := context.Background()
	db := testdb.SQLite(t)
	fsys := fstest.MapFS{
		"001_a.sql": {Data: []byte("CREATE TABLE a (id INTEGER);\n")},
		"002_b.sql": {Data: []byte("DROP TABLE schema_migrations_format;\n")},
	}
	m, err := strata.New(db.DB, strata.SQLite, fsys)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := m.Up(ctx, strata.To("1")); err != nil {
		t.Fatal(err)
	}
	_, err = m.Up(ctx)
	if !errors.Is(err, strata.ErrTouchesTracking) || !strings.Contains(err.Error(), "schema_migrations_format") {
		t.Fatalf("up: %v; want the guard's refusal", err)
	}
	if f := formatOf(t, db); f != strata.TrackingFormat {
		t.Fatalf("format %d", f)
	}
}
