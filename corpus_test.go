package strata_test

import (
	"context"
	"database/sql"
	"errors"
	"io/fs"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/strata-db/strata"
	"github.com/strata-db/strata/internal/corpus"
	"github.com/strata-db/strata/internal/testdb"
)

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
	return renamedFS{FS: os.DirFS(corpus.Dir(t, "cratesio")), renames: map[string]string{
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

// fileVersions lists the version of every migration file of fsys (one
// file per migration in the corpus), read from the names alone.
func fileVersions(t *testing.T, fsys fs.FS) []string {
	t.Helper()
	entries, err := fs.ReadDir(fsys, ".")
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		name := e.Name()
		i := strings.IndexByte(name, '_')
		if e.IsDir() || !strings.HasSuffix(name, ".sql") || i <= 0 {
			continue
		}
		v := strings.TrimLeft(name[:i], "0")
		if v == "" {
			v = "0"
		}
		out = append(out, v)
	}
	if len(out) == 0 {
		t.Fatal("no migration files")
	}
	return out
}

// checkEveryFileApplied reads the history table itself and checks that it
// holds, for every migration file, exactly ups successful up rows and
// downs successful down rows, and nothing else: an up that stopped early,
// or ran something twice, does not pass.
func checkEveryFileApplied(t *testing.T, db *sql.DB, table string, versions []string, ups, downs int) {
	t.Helper()
	rows, err := db.Query("SELECT version, direction, success FROM " + table)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	type key struct{ version, direction string }
	got := map[key]int{}
	for rows.Next() {
		var v, dir string
		var ok bool
		if err := rows.Scan(&v, &dir, &ok); err != nil {
			t.Fatal(err)
		}
		if !ok {
			t.Errorf("failed attempt of version %s (%s)", v, dir)
			continue
		}
		got[key{v, dir}]++
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	want := 0
	for _, v := range versions {
		if n := got[key{v, "up"}]; n != ups {
			t.Errorf("version %s: %d successful ups in %s, want %d", v, n, table, ups)
		}
		if n := got[key{v, "down"}]; n != downs {
			t.Errorf("version %s: %d successful downs in %s, want %d", v, n, table, downs)
		}
		want += ups + downs
	}
	n := 0
	for _, c := range got {
		n += c
	}
	if n != want {
		t.Errorf("%s holds %d successful rows, want %d for %d files", table, n, want, len(versions))
	}
}

// runCorpus applies every migration of fsys, recorded in the history
// table history; with downToo, rolls them all back and applies them again.
func runCorpus(t *testing.T, db *sql.DB, d strata.Dialect, fsys fs.FS, history string, downToo bool, opts ...strata.Option) {
	m, err := strata.New(db, d, fsys, opts...)
	if err != nil {
		t.Fatal(err)
	}
	versions := fileVersions(t, fsys)
	ctx := context.Background()
	start := time.Now()
	res, err := m.Up(ctx)
	if err != nil {
		t.Fatalf("up: %v", err)
	}
	total := len(res)
	t.Logf("up: %d migrations in %s", total, time.Since(start).Round(time.Millisecond))
	if total != len(versions) {
		t.Fatalf("up applied %d migrations, the corpus has %d files", total, len(versions))
	}
	checkEveryFileApplied(t, db, history, versions, 1, 0)
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
	checkEveryFileApplied(t, db, history, versions, 1, 1)
	if res, err = m.Up(ctx); err != nil || len(res) != total {
		t.Fatalf("up again: %d, %v", len(res), err)
	}
	checkEveryFileApplied(t, db, history, versions, 2, 1)
	checkHistoryMatches(t, m, total)
}

func TestCorpusKratosPostgres(t *testing.T) {
	if testing.Short() {
		t.Skip("long")
	}
	dir := corpus.Dir(t, "kratos-postgres")
	db := testdb.Postgres(t)
	runCorpus(t, db.DB, strata.Postgres, os.DirFS(dir), "schema_migrations", true)
}

func TestCorpusKratosSQLite(t *testing.T) {
	if testing.Short() {
		t.Skip("long")
	}
	dir := corpus.Dir(t, "kratos-sqlite3")
	db := testdb.SQLite(t)
	runCorpus(t, db.DB, strata.SQLite, os.DirFS(dir), "schema_migrations", true)
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
	runCorpus(t, db.DB, strata.Postgres, fsys, "strata_migrations", false, strata.WithTables("strata_migrations", "strata_locks"))
}

func TestCorpusCratesioDuplicateRefused(t *testing.T) {
	dir := corpus.Dir(t, "cratesio")
	db := testdb.SQLite(t)
	m, err := strata.New(db.DB, strata.SQLite, os.DirFS(dir))
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
	dir := corpus.Dir(t, "kratos-mysql")
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
	// Every file before the failing one was applied: the run did not stop
	// early.
	before := 0
	for _, v := range fileVersions(t, os.DirFS(dir)) {
		if len(v) < len(me.Version) || len(v) == len(me.Version) && v < me.Version {
			before++
		}
	}
	if applied != before {
		t.Fatalf("%d migrations applied, but %d files come before the failing one", applied, before)
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
		if n != "schema_migrations" && n != "migration_locks" && n != "schema_migrations_format" {
			out = append(out, n)
		}
	}
	return out
}
