package strata_test

import (
	"context"
	"database/sql"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/strata-db/strata"
	"github.com/strata-db/strata/internal/testdb"
)

// corpusDir locates a real-world migration set of ../shared/corpus, or
// skips the test when the corpus is not there.
func corpusDir(t testing.TB, name string) string {
	t.Helper()
	dir := filepath.Join("..", "shared", "corpus", name)
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("real-world corpus %s not found (%v)", dir, err)
	}
	return dir
}

// renamedFS shows a directory with some files under other names: the fix a
// user makes for a duplicate version, made without touching the corpus.
type renamedFS struct {
	fs.FS
	renames map[string]string // shown name -> real name
}

func (r renamedFS) Open(name string) (fs.File, error) {
	if real, ok := r.renames[name]; ok {
		return r.FS.Open(real)
	}
	for _, real := range r.renames {
		if name == real {
			return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
		}
	}
	return r.FS.Open(name)
}

func (r renamedFS) ReadDir(name string) ([]fs.DirEntry, error) {
	entries, err := fs.ReadDir(r.FS, name)
	if err != nil || name != "." {
		return entries, err
	}
	inverse := map[string]string{}
	for shown, real := range r.renames {
		inverse[real] = shown
	}
	out := entries[:0]
	for _, e := range entries {
		if shown, ok := inverse[e.Name()]; ok {
			out = append(out, renamedEntry{e, shown})
			continue
		}
		out = append(out, e)
	}
	return out, nil
}

type renamedEntry struct {
	fs.DirEntry
	name string
}

func (e renamedEntry) Name() string { return e.name }

// cratesioFS is crates.io's migrations with its one duplicate version
// (two migrations of 2026-05-27 12:00:00) renumbered, as strata asks.
func cratesioFS(t testing.TB) fs.FS {
	return renamedFS{FS: os.DirFS(corpusDir(t, "cratesio")), renames: map[string]string{
		"202605271200000001_semver_ord_v2_not_null.sql": "202605271200000000_semver_ord_v2_not_null.sql",
	}}
}

// checkHistoryMatches checks that every version the history calls applied
// is one the files hold, and that the count matches the status.
func checkHistoryMatches(t *testing.T, m *strata.Migrator, wantApplied int) {
	t.Helper()
	st, err := m.Status(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, ms := range st.Migrations {
		switch ms.State {
		case strata.StateApplied:
			n++
		case strata.StatePending:
		default:
			t.Errorf("version %s is %s", ms.Version, ms.State)
		}
	}
	if n != wantApplied {
		t.Fatalf("%d applied, want %d", n, wantApplied)
	}
	if st.Lock != nil {
		t.Fatalf("lock left behind: %+v", st.Lock)
	}
}

func runCorpus(t *testing.T, db *sql.DB, d strata.Dialect, fsys fs.FS, downToo bool, opts ...strata.Option) {
	m, err := strata.New(db, d, fsys, opts...)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	start := time.Now()
	res, err := m.Up(ctx)
	if err != nil {
		t.Fatalf("up: %v", err)
	}
	total := len(res)
	t.Logf("up: %d migrations in %s", total, time.Since(start).Round(time.Millisecond))
	checkHistoryMatches(t, m, total)
	if !downToo {
		return
	}
	start = time.Now()
	down, err := m.Down(ctx, strata.All())
	if err != nil {
		t.Fatalf("down: %v", err)
	}
	if len(down) != total {
		t.Fatalf("rolled back %d of %d", len(down), total)
	}
	t.Logf("down: %d migrations in %s", len(down), time.Since(start).Round(time.Millisecond))
	checkHistoryMatches(t, m, 0)
	// The history says nothing is applied; the database must agree.
	if left := userTables(t, db, d); len(left) != 0 {
		t.Fatalf("after rolling everything back, tables remain: %v", left)
	}
	if res, err = m.Up(ctx); err != nil || len(res) != total {
		t.Fatalf("up again: %d, %v", len(res), err)
	}
	checkHistoryMatches(t, m, total)
}

func TestCorpusKratosPostgres(t *testing.T) {
	if testing.Short() {
		t.Skip("long")
	}
	dir := corpusDir(t, "kratos-postgres")
	db := testdb.Postgres(t)
	runCorpus(t, db.DB, strata.Postgres, os.DirFS(dir), true)
}

func TestCorpusKratosSQLite(t *testing.T) {
	if testing.Short() {
		t.Skip("long")
	}
	dir := corpusDir(t, "kratos-sqlite3")
	db := testdb.SQLite(t)
	runCorpus(t, db.DB, strata.SQLite, os.DirFS(dir), true)
}

func TestCorpusCratesio(t *testing.T) {
	if testing.Short() {
		t.Skip("long")
	}
	fsys := cratesioFS(t)
	db := testdb.Postgres(t)
	// crates.io drops an old "schema_migrations" table of its own; strata
	// refuses that migration under its default table name (see
	// TestCorpusCratesioTrackingTableGuard), so it keeps its history under
	// another name here, as a crates.io user would.
	runCorpus(t, db.DB, strata.Postgres, fsys, false, strata.WithTables("strata_migrations", "strata_locks"))
}

func TestCorpusCratesioDuplicateRefused(t *testing.T) {
	dir := corpusDir(t, "cratesio")
	db := testdb.SQLite(t)
	m, err := strata.New(db.DB, strata.Postgres, os.DirFS(dir))
	if err != nil {
		t.Fatal(err)
	}
	_, err = m.Status(context.Background())
	var fe *strata.FilesError
	if !errors.As(err, &fe) || len(fe.Problems()) != 1 || !strings.Contains(err.Error(), "202605271200000000") {
		t.Fatalf("want exactly the duplicate version reported, got %v", err)
	}
}

// kratos-mysql was written for MySQL 8; MariaDB 10.11 rejects the generated
// column of migration 20260408000000000000. strata must stop there cleanly:
// the failure recorded with file, line and error number, everything before
// it applied, nothing after it.
func TestCorpusKratosMySQL(t *testing.T) {
	if testing.Short() {
		t.Skip("long")
	}
	dir := corpusDir(t, "kratos-mysql")
	base := testdb.MySQL(t)
	db, err := sql.Open("mysql", base.DSN+"&sql_mode=%27NO_ENGINE_SUBSTITUTION%27")
	if !strings.Contains(base.DSN, "?") {
		db, err = sql.Open("mysql", base.DSN+"?sql_mode=%27NO_ENGINE_SUBSTITUTION%27")
	}
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	m, err := strata.New(db, strata.MySQL, os.DirFS(dir))
	if err != nil {
		t.Fatal(err)
	}
	res, err := m.Up(context.Background())
	var me *strata.MigrationError
	if !errors.As(err, &me) {
		t.Fatalf("want a migration failure, got %v", err)
	}
	if !strings.HasPrefix(me.File, "20260408000000000000_") || me.Line == 0 || me.Code == "" || me.Statement == 0 {
		t.Fatalf("failure not located: %+v", me)
	}
	t.Logf("stopped after %d migrations: %v", len(res), err)
	h, err := m.History(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if h[0].Success || h[0].Version != me.Version || h[0].ErrorCode != me.Code || h[0].ErrorLine != me.Line {
		t.Fatalf("failed attempt not recorded as reported: %+v", h[0])
	}
	st, err := m.Status(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	applied := 0
	for _, ms := range st.Migrations {
		if ms.State == strata.StateApplied {
			applied++
			if ms.Version >= me.Version && len(ms.Version) == len(me.Version) {
				t.Fatalf("version %s applied after the failure", ms.Version)
			}
		}
	}
	if applied != len(res) {
		t.Fatalf("status says %d applied, up applied %d", applied, len(res))
	}
}

func TestCorpusCratesioTrackingTableGuard(t *testing.T) {
	fsys := cratesioFS(t)
	db := testdb.Postgres(t)
	m, err := strata.New(db.DB, strata.Postgres, fsys)
	if err != nil {
		t.Fatal(err)
	}
	_, err = m.Up(context.Background(), strata.DryRun())
	if !errors.Is(err, strata.ErrTouchesTracking) || !strings.Contains(err.Error(), "201705021813060000_drop_schema_migrations.sql:1") {
		t.Fatalf("want the migration that drops schema_migrations refused, got %v", err)
	}
}

// userTables lists the tables of the database other than strata's own.
func userTables(t *testing.T, db *sql.DB, d strata.Dialect) []string {
	t.Helper()
	q := "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
	if d == strata.Postgres {
		q = "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"
	}
	rows, err := db.Query(q)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var n string
		rows.Scan(&n)
		if n != "schema_migrations" && n != "migration_locks" {
			out = append(out, n)
		}
	}
	return out
}
