package strata_test

import (
	"context"
	"database/sql"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/strata-db/strata"
	"github.com/strata-db/strata/internal/testdb"
)

// tempScratch makes a temporary scratch database beside live, as strata
// drift and verify do without --dev-url.
func tempScratch(t *testing.T, live *testdb.DB) *strata.Scratch {
	t.Helper()
	ctx := context.Background()
	s, err := strata.TempDatabase(ctx, live.DB, func(name string) (*sql.DB, error) {
		return sql.Open(live.Driver, strings.Replace(live.DSN, live.Name, name, 1))
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close(ctx) })
	return s
}

// wantOutside checks that err is the refusal of the statement at
// file:line, naming it.
func wantOutside(t *testing.T, what string, err error, file string, line int, stmt string) {
	t.Helper()
	var me *strata.MigrationError
	if !errors.Is(err, strata.ErrOutsideScratch) || !errors.As(err, &me) {
		t.Fatalf("%s: want ErrOutsideScratch, got %v", what, err)
	}
	if me.File != file || me.Line != line || !strings.Contains(err.Error(), stmt) || !strings.HasPrefix(me.Hint, "Try:") {
		t.Fatalf("%s: want %s:%d and %q named, got %s:%d: %v", what, file, line, stmt, me.File, me.Line, err)
	}
}

// F14: a migration's USE otherdb took verify and drift out of the scratch
// database, into another real database and the live one. They now stop
// before replaying anything, and both databases keep what they hold.
func TestScratchReplayRefusesUseOnMySQL(t *testing.T) {
	ctx := context.Background()
	live, other := testdb.MySQL(t), testdb.MySQL(t)
	fsys := fstest.MapFS{"001_a.sql": {Data: []byte("CREATE TABLE a(id int);\nUSE " + other.Name + ";\n" +
		"CREATE TABLE IF NOT EXISTS o(id int);\nINSERT INTO o VALUES (1);\n-- strata:down\nUSE " + other.Name +
		";\nDROP TABLE o;\nUSE " + live.Name + ";\nDROP TABLE a;\n")},
		"002_b.sql": {Data: []byte("CREATE TABLE b(id int);\n-- strata:down\nDROP TABLE " + other.Name + ".o;\nDROP TABLE b;\n")}}
	m, err := strata.New(live.DB, strata.MySQL, fsys)
	if err != nil {
		t.Fatal(err)
	}
	mustUp(t, m)
	exec(t, other.DB, "INSERT INTO o VALUES (42)")
	_, err = m.Verify(ctx, tempScratch(t, live).DB)
	wantOutside(t, "verify", err, "001_a.sql", 2, "USE "+other.Name)
	_, err = m.Drift(ctx, tempScratch(t, live).DB)
	wantOutside(t, "drift", err, "001_a.sql", 2, "USE "+other.Name)
	// A qualified name is refused as well, in a down section too.
	fsys["001_a.sql"] = &fstest.MapFile{Data: []byte("CREATE TABLE a(id int);\n-- strata:down\nDROP TABLE a;\n")}
	_, err = m.Verify(ctx, tempScratch(t, live).DB)
	wantOutside(t, "verify of a qualified name", err, "002_b.sql", 3, "DROP TABLE "+other.Name+".o")

	var rows int
	if err := other.DB.QueryRow("SELECT COUNT(*) FROM o WHERE id IN (1, 42)").Scan(&rows); err != nil || rows != 2 {
		t.Fatalf("the other database's table o: %d rows of 2, %v", rows, err)
	}
	if err := live.DB.QueryRow("SELECT COUNT(*) FROM a").Scan(&rows); err != nil {
		t.Fatalf("the live table a: %v", err)
	}
}

// F15: drift replayed ALTER DATABASE <live> SET work_mem into the live
// database's settings. It now stops before replaying anything, and the
// live setting stays what the DBA set.
func TestScratchReplayRefusesAlterDatabaseOnPostgres(t *testing.T) {
	ctx := context.Background()
	live := testdb.Postgres(t)
	fsys := fstest.MapFS{"001_a.sql": {Data: []byte("CREATE TABLE a(id int);\nALTER DATABASE " + live.Name + " SET work_mem = '5MB';\n" +
		"-- strata:down\nALTER DATABASE " + live.Name + " RESET work_mem;\nDROP TABLE a;\n")},
		"002_role.sql": {Data: []byte("CREATE TABLE b(id int);\n-- strata:down\nDROP ROLE IF EXISTS strata_test_guard_role;\nDROP TABLE b;\n")}}
	m, err := strata.New(live.DB, strata.Postgres, fsys)
	if err != nil {
		t.Fatal(err)
	}
	mustUp(t, m)
	exec(t, live.DB, "ALTER DATABASE "+live.Name+" SET work_mem = '7MB'")
	_, err = m.Drift(ctx, tempScratch(t, live).DB)
	wantOutside(t, "drift", err, "001_a.sql", 2, "ALTER DATABASE "+live.Name)
	_, err = m.Verify(ctx, tempScratch(t, live).DB)
	wantOutside(t, "verify", err, "001_a.sql", 2, "ALTER DATABASE "+live.Name)
	var setting string
	if err := live.DB.QueryRow(`SELECT array_to_string(s.setconfig, ',') FROM pg_db_role_setting s JOIN pg_database d ON d.oid = s.setdatabase
		WHERE d.datname = $1 AND s.setrole = 0`, live.Name).Scan(&setting); err != nil || setting != "work_mem=7MB" {
		t.Fatalf("the live database's settings: %q, %v", setting, err)
	}
	// A role, an object of the whole server, in a down section.
	fsys["001_a.sql"] = &fstest.MapFile{Data: []byte("CREATE TABLE a(id int);\n-- strata:down\nDROP TABLE a;\n")}
	_, err = m.Verify(ctx, tempScratch(t, live).DB)
	wantOutside(t, "verify of DROP ROLE", err, "002_role.sql", 3, "DROP ROLE IF EXISTS strata_test_guard_role")
}

// SQLite: the in-memory scratch database opens what a replayed migration
// ATTACHes in memory as well, so a real file is never written.
func TestScratchReplayLeavesAttachedSQLiteFileAlone(t *testing.T) {
	ctx := context.Background()
	live := testdb.SQLite(t)
	real := testdb.SQLite(t)
	exec(t, real.DB, "CREATE TABLE keep(x int)", "INSERT INTO keep VALUES (42)")
	path, err := filepath.Abs(real.Name)
	if err != nil {
		t.Fatal(err)
	}
	fsys := fstest.MapFS{"001_a.sql": {Data: []byte("-- strata:no-transaction\nCREATE TABLE a(id int);\nATTACH DATABASE '" + path +
		"' AS r;\nCREATE TABLE IF NOT EXISTS r.keep(x int);\nINSERT INTO r.keep VALUES (1);\nDETACH DATABASE r;\n-- strata:down\n-- strata:no-transaction\nATTACH DATABASE '" + path +
		"' AS r;\nDROP TABLE r.keep;\nDETACH DATABASE r;\nDROP TABLE a;\n")}}
	m, err := strata.New(live.DB, strata.SQLite, fsys)
	if err != nil {
		t.Fatal(err)
	}
	mustUp(t, m)
	exec(t, real.DB, "DELETE FROM keep WHERE x = 1")
	for _, run := range []func(*sql.DB) error{
		func(db *sql.DB) error { _, err := m.Verify(ctx, db); return err },
		func(db *sql.DB) error { _, err := m.Drift(ctx, db); return err },
	} {
		s, err := strata.MemoryDatabase(ctx, live.DB.Driver())
		if err != nil {
			t.Fatal(err)
		}
		err = run(s.DB)
		s.Close(ctx)
		if err != nil {
			t.Fatal(err)
		}
	}
	var got []int
	rows, err := real.DB.Query("SELECT x FROM keep ORDER BY x")
	if err != nil {
		t.Fatalf("the attached file's table: %v", err)
	}
	defer rows.Close()
	for rows.Next() {
		var x int
		rows.Scan(&x)
		got = append(got, x)
	}
	if len(got) != 1 || got[0] != 42 {
		t.Fatalf("the attached file's table holds %v, want [42]", got)
	}
}
