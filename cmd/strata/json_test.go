package main

import (
	"bytes"
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/strata-db/strata"
	"github.com/strata-db/strata/internal/dialect"
	mysqldialect "github.com/strata-db/strata/internal/dialect/mysql"
	"github.com/strata-db/strata/internal/dialect/postgres"
	sqlitedialect "github.com/strata-db/strata/internal/dialect/sqlite"
	"github.com/strata-db/strata/internal/history"
	"github.com/strata-db/strata/internal/testdb"
)

// TestJSONMatchesDocs runs every command with --json on a real database
// of each dialect, through success, failure, a held lock, a dead runner,
// drift and a broken rollback, and checks each document against the list
// in docs/json.md: exactly the listed keys, each of its type, null (never
// "") where there is no value. Every document and every object of the
// list must have been seen, so a command or an object the scenario misses
// fails the test too. The history's attempt must also have one key per
// column of the real table, and both tracking tables the columns that
// docs/tracking-tables.md lists.
func TestJSONMatchesDocs(t *testing.T) {
	spec := readJSONSpec(t)
	columns := docColumns(t, historySection)
	if attempt := spec["attempt"]; attempt == nil || !slices.Equal(attempt.order, columns) {
		t.Errorf("%s: the attempt object's keys are not the history table's columns of %s:\n%v\nwant:\n%v", jsonDoc, trackingDoc, attempt.order, columns)
	}
	lockColumns := docColumns(t, lockSection)
	for _, d := range testdb.Dialects {
		t.Run(d, func(t *testing.T) {
			t.Parallel()
			jsonScenario(t, d, spec, columns, lockColumns)
		})
	}
}

// tableColumns lists the columns of a table of the test database, in
// order.
func tableColumns(t *testing.T, db *testdb.DB, table string) []string {
	t.Helper()
	query := map[string]string{
		"sqlite":   "SELECT name FROM pragma_table_info('" + table + "') ORDER BY cid",
		"postgres": "SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = '" + table + "' ORDER BY ordinal_position",
		"mysql":    "SELECT column_name FROM information_schema.columns WHERE table_schema = DATABASE() AND table_name = '" + table + "' ORDER BY ordinal_position",
	}[db.Dialect]
	rows, err := db.DB.Query(query)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var cols []string
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err != nil {
			t.Fatal(err)
		}
		cols = append(cols, c)
	}
	return cols
}

func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	if err := os.MkdirAll(dir, 0o777); err != nil {
		t.Fatal(err)
	}
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o666); err != nil {
			t.Fatal(err)
		}
	}
}

func jsonScenario(t *testing.T, d string, spec jsonSpec, columns, lockColumns []string) {
	db := testdb.Open(t, d)
	other := testdb.Open(t, d) // for diff and baseline
	scratchURL := "sqlite::memory:"
	if d != "sqlite" {
		scratchURL = testdb.Open(t, d).URL
	}
	dir := t.TempDir()
	migrations := filepath.Join(dir, "migrations")
	writeFiles(t, migrations, map[string]string{
		"001_users.sql": "CREATE TABLE users (id INTEGER PRIMARY KEY, email VARCHAR(100));\n-- strata:down\nDROP TABLE users;\n",
		"002_posts.sql": "CREATE TABLE posts (id INTEGER PRIMARY KEY, user_id INTEGER);\nCREATE INDEX posts_user ON posts (user_id);\n-- strata:down\nDROP TABLE posts;\n",
	})
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	c := newJSONChecker(spec)
	ran := map[string]bool{}

	// run runs one command with --json against db (unless args name
	// another database first) and checks its document; want -1 accepts
	// 0 and 3 (a check that may or may not find something).
	run := func(want int, doc string, args ...string) map[string]any {
		t.Helper()
		full := append([]string{"--json", "-d", db.URL, "--dir", migrations}, args...)
		var stdout, stderr bytes.Buffer
		code := execute(ctx, full, &stdout, &stderr)
		if code != want && !(want == -1 && (code == 0 || code == 3)) {
			t.Fatalf("strata %s: exit %d, want %d\nstdout:\n%s\nstderr:\n%s", strings.Join(args, " "), code, want, stdout.String(), stderr.String())
		}
		if code != 0 && code != 3 && stdout.Len() == 0 {
			return nil // a failure may print no document
		}
		v, err := decodeOne(stdout.String())
		if err != nil {
			t.Fatalf("strata %s: stdout is not one JSON document: %v\n%s", strings.Join(args, " "), err, stdout.String())
		}
		ran[doc] = true
		for _, e := range c.check(doc, v) {
			t.Errorf("strata %s: %s", strings.Join(args, " "), e)
		}
		m, _ := v.(map[string]any)
		return m
	}

	run(0, "strata version", "version")
	// Nothing applied yet: null, not "", for the version; the lock free.
	for _, cmd := range []string{"status", "health"} {
		doc := run(0, "strata "+cmd, cmd)
		for _, key := range []string{"current_version", "lock"} {
			if v, ok := doc[key]; !ok || v != nil {
				t.Errorf("%s --json on an empty database: %s is %v (present: %v), want null", cmd, key, v, ok)
			}
		}
	}
	run(0, "strata history", "history")
	run(0, "strata up --dry-run", "up", "--dry-run")
	run(0, "strata validate", "validate")
	run(0, "strata up", "up")
	run(0, "strata status", "status")
	run(0, "strata history", "history")
	run(0, "strata down --dry-run", "down", "--dry-run")
	run(0, "strata down", "down")
	run(0, "strata redo", "redo")
	run(0, "strata up", "up")
	if got := tableColumns(t, db, "schema_migrations"); !slices.Equal(got, columns) {
		t.Errorf("the history table's columns:\n%v\n%s's:\n%v", got, trackingDoc, columns)
	}
	if got := tableColumns(t, db, "migration_locks"); !slices.Equal(got, lockColumns) {
		t.Errorf("the lock table's columns:\n%v\n%s's:\n%v", got, trackingDoc, lockColumns)
	}

	// A failed migration: its error everywhere, the attempt's error keys
	// filled in.
	writeFiles(t, migrations, map[string]string{
		"003_tags.sql": "CREATE TABLE tags (id INTEGER);\nINSERT INTO no_such_table VALUES (1);\n-- strata:down\nDROP TABLE tags;\n",
	})
	run(1, "strata up", "up")
	run(0, "strata status", "status")
	hist := run(0, "strata history", "history")
	if a, _ := hist["attempts"].([]any); len(a) > 0 {
		last, _ := a[0].(map[string]any)
		for _, key := range []string{"error_code", "error_message", "error_statement", "error_line"} {
			if last[key] == nil {
				t.Errorf("history --json: the failed attempt's %s is null: %v", key, last)
			}
		}
	}
	run(3, "strata validate", "validate")
	run(-1, "strata health", "health")
	// Fixed, it runs (on MySQL it resumes at the fixed statement).
	writeFiles(t, migrations, map[string]string{
		"003_tags.sql": "CREATE TABLE tags (id INTEGER);\nINSERT INTO tags VALUES (1);\n-- strata:down\nDROP TABLE tags;\n",
	})
	run(0, "strata up", "up")
	// A down section edited after it was applied: allowed, shown, repaired.
	writeFiles(t, migrations, map[string]string{
		"001_users.sql": "CREATE TABLE users (id INTEGER PRIMARY KEY, email VARCHAR(100));\n-- strata:down\nDROP TABLE IF EXISTS users;\n",
	})
	run(0, "strata status", "status")
	run(-1, "strata health", "health")
	run(0, "strata repair", "repair")

	// Drift: a table made by hand; a rollback that undoes nothing.
	if _, err := db.DB.Exec("CREATE TABLE by_hand (id INTEGER)"); err != nil {
		t.Fatal(err)
	}
	run(3, "strata drift", "drift")
	run(-1, "strata health", "health", "--dev-url", scratchURL)
	writeFiles(t, migrations, map[string]string{
		"004_keep.sql": "CREATE TABLE keep_me (id INTEGER);\n-- strata:down\n",
	})
	run(3, "strata verify", "verify")
	run(3, "strata diff", "diff", "--from", db.URL, "--to", other.URL)
	run(0, "strata baseline", "-d", other.URL, "baseline", "--version", "2")

	// Lint's findings, with the places they relate to.
	lintDir := filepath.Join(dir, "lint")
	writeFiles(t, lintDir, map[string]string{
		"001_users.sql": "CREATE TABLE users (id INTEGER PRIMARY KEY, email VARCHAR(100));\n-- strata:down\nDROP TABLE users;\n",
		"002_again.sql": "CREATE TABLE IF NOT EXISTS users (id INTEGER PRIMARY KEY, email TEXT);\n-- strata:down\n",
	})
	run(3, "strata lint", "--dir", lintDir, "lint", "--dialect", d)
	run(0, "strata new", "--dir", filepath.Join(dir, "new"), "new", "add_thing")

	// A runner holding the lock, in this process, stopped at the start of
	// its migration; then its session ends under it, and unlock clears
	// what it left.
	writeFiles(t, migrations, map[string]string{"005_locked.sql": "CREATE TABLE locked (id INTEGER);\n-- strata:down\nDROP TABLE locked;\n"})
	holderDB, err := sql.Open(db.Driver, db.DSN)
	if err != nil {
		t.Fatal(err)
	}
	defer holderDB.Close()
	started, release := make(chan struct{}), make(chan struct{})
	holder, err := strata.New(holderDB, strata.Dialect(d), os.DirFS(migrations), strata.WithEvents(func(e strata.Event) {
		if _, ok := e.(strata.MigrationStarted); ok {
			close(started)
			<-release
		}
	}))
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() {
		_, err := holder.Up(ctx, strata.To("5"))
		done <- err
	}()
	released := false
	defer func() {
		if !released {
			close(release)
			<-done
		}
	}()
	select {
	case <-started:
	case err := <-done:
		t.Fatalf("the holder stopped before its migration: %v", err)
	}
	for _, cmd := range []string{"status", "health"} {
		if doc := run(-1, "strata "+cmd, cmd); doc["lock"] == nil {
			t.Errorf("%s --json while the lock is held: lock is null", cmd)
		}
	}
	unlock := []string{"unlock"}
	switch d {
	case "sqlite":
		unlock = append(unlock, "--force") // the lease of a live process
	default:
		endLockSession(t, db)
	}
	// The holder stopped before its migration's first request; on
	// PostgreSQL that request is what names the migration (and begins
	// it), so nothing of it is unfinished there.
	if doc := run(0, "strata unlock", unlock...); doc["cleared"] == nil || (doc["recorded"] == nil) != (d == "postgres") {
		t.Errorf("unlock --json after the holder's session ended: %v", doc)
	}
	close(release)
	released = true
	<-done
	run(0, "strata unlock", "unlock")

	// A runner that died in migration 6, leaving its lock row as a runner
	// writes it: status and health show it as a dead runner's, with the
	// attempt the next run records, and unlock records it.
	writeFiles(t, migrations, map[string]string{"006_dead.sql": "CREATE TABLE dead (id INTEGER);\n-- strata:down\nDROP TABLE dead;\n"})
	leaveDeadRunner(t, db)
	for _, cmd := range []string{"status", "health"} {
		doc := run(-1, "strata "+cmd, cmd)
		if sl, _ := doc["stale_lock"].(map[string]any); sl == nil || sl["interrupted"] == nil || doc["lock"] != nil {
			t.Errorf("%s --json after a runner died in migration 6: lock %v, stale_lock %v", cmd, doc["lock"], doc["stale_lock"])
		}
	}
	if doc := run(0, "strata unlock", "unlock"); doc["recorded"] == nil {
		t.Errorf("unlock --json after a runner died in migration 6: %v", doc)
	}

	var missing []string
	for name := range spec {
		if strings.HasPrefix(name, "strata ") {
			if !ran[name] {
				missing = append(missing, name+" (never run)")
			}
		} else if c.objects[name] == 0 {
			missing = append(missing, name+" (no instance)")
		}
	}
	sort.Strings(missing)
	if len(missing) > 0 {
		t.Errorf("the scenario does not cover: %s", strings.Join(missing, ", "))
	}
	var empty []string
	for _, path := range nullablePaths(spec) {
		if !c.filled[path] {
			empty = append(empty, path)
		}
	}
	sort.Strings(empty)
	t.Logf("nullable keys never seen with a value: %s", strings.Join(empty, ", "))
}

// nullablePaths lists the keys of the documents that may be null, by the
// path the checker records (for the log only).
func nullablePaths(spec jsonSpec) []string {
	var out []string
	for name, typ := range spec {
		if typ.kind != "object" || !strings.HasPrefix(name, "strata ") {
			continue
		}
		for _, k := range typ.order {
			if typ.fields[k].kind == "union" {
				out = append(out, name+"."+k)
			}
		}
	}
	return out
}

// endLockSession ends, from the server, the session that holds strata's
// lock on db, as if its runner had died: PostgreSQL's advisory lock
// holder, or on MySQL every other session of the database (GET_LOCK does
// not say which).
func endLockSession(t *testing.T, db *testdb.DB) {
	t.Helper()
	// The server lets the lock go once the session has ended, which
	// terminating it does not wait for.
	gone := func(query string, args ...any) {
		t.Helper()
		for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(20 * time.Millisecond) {
			var n int
			if err := db.DB.QueryRow(query, args...).Scan(&n); err != nil {
				t.Fatal(err)
			}
			if n == 0 {
				return
			}
			if time.Now().After(deadline) {
				t.Fatalf("the lock holder's session is still there after 30s")
			}
		}
	}
	switch db.Dialect {
	case "postgres":
		const advisory = `FROM pg_locks WHERE locktype = 'advisory' AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`
		var n int
		if err := db.DB.QueryRow(`SELECT count(pg_terminate_backend(pid)) ` + advisory).Scan(&n); err != nil || n != 1 {
			t.Fatalf("ending the lock holder's session: %d ended, %v", n, err)
		}
		gone(`SELECT count(*) ` + advisory)
	case "mysql":
		conn, err := db.DB.Conn(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		rows, err := conn.QueryContext(context.Background(), "SELECT id FROM information_schema.processlist WHERE db = DATABASE() AND id <> CONNECTION_ID()")
		if err != nil {
			t.Fatal(err)
		}
		var ids []int64
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				t.Fatal(err)
			}
			ids = append(ids, id)
		}
		rows.Close()
		for _, id := range ids {
			conn.ExecContext(context.Background(), "KILL ?", id)
		}
		for _, id := range ids {
			gone("SELECT count(*) FROM information_schema.processlist WHERE id = ?", id)
		}
	}
}

// leaveDeadRunner leaves the lock row of a runner of another machine that
// died in migration 6, an hour ago, written through strata's store on a
// connection of its own, which then closes: a transaction's progress
// where the lock is a session's (written before it began), the last
// migration finished for a lease (SQLite), no statement done where
// statements commit one by one (MySQL).
func leaveDeadRunner(t *testing.T, db *testdb.DB) {
	t.Helper()
	ctx := context.Background()
	impl := map[string]dialect.Engine{"sqlite": sqlitedialect.Engine{}, "postgres": postgres.Engine{}, "mysql": mysqldialect.Engine{}}[db.Dialect]
	other, err := sql.Open(db.Driver, db.DSN)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	conn, err := other.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	store := history.NewStore(impl, dialect.Tables{History: "schema_migrations", Locks: "migration_locks"})
	past := time.Now().Add(-time.Hour).UTC()
	me := dialect.Holder{Owner: "dead/1", LockedAt: past, LockedBy: "ghost@elsewhere", ProcessID: 4242, Command: "up", Heartbeat: past}
	if _, err := store.Acquire(ctx, conn, me, history.LockOptions{Timeout: 10 * time.Second, Lease: 30 * time.Second, Poll: 20 * time.Millisecond}); err != nil {
		t.Fatal(err)
	}
	p := history.Progress{Version: "6", Direction: "up", File: "006_dead.sql", Started: past, Transaction: db.Dialect != "mysql"}
	if db.Dialect == "sqlite" {
		p.Version, p.File, p.Started = "5", "005_locked.sql", time.Time{}
	}
	if err := store.SetProgress(ctx, conn, me.Owner, p, past); err != nil {
		t.Fatal(err)
	}
	conn.Close()
	other.Close()
	if db.Dialect == "sqlite" {
		return
	}
	// The server lets the lock go once the session is gone, which closing
	// the connection does not wait for.
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		st, err := strata.New(db.DB, strata.Dialect(db.Dialect), os.DirFS("."))
		if err != nil {
			t.Fatal(err)
		}
		if s, err := st.Status(ctx); err == nil && s.StaleLock != nil {
			return
		}
		if time.Now().After(deadline) {
			t.Fatal("the dead runner's session never ended")
		}
	}
}
