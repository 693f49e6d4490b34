// Package dialecttest is the contract every dialect must pass: the same
// scenarios (apply, roll back, redo, failures, checksums, ordering,
// baseline, repair, tolerated errors, resuming, locking, recovering from a
// dead runner) run against a real database of each dialect through
// strata's public API; only a dead runner's lock row is written through
// strata's store (see recovery.go).
package dialecttest

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"github.com/strata-db/strata"
	"github.com/strata-db/strata/internal/testdb"
)

// Run runs the whole contract against fresh databases of dialect.
func Run(t *testing.T, dialect string) {
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			db := testdb.Open(t, dialect)
			c.run(t, &env{t: t, db: db, dialect: strata.Dialect(dialect)})
		})
	}
	for _, c := range recoveryCases {
		t.Run("Recovery/"+c.name, func(t *testing.T) {
			if c.skip != "" {
				t.Skip(c.skip)
			}
			t.Parallel()
			db := testdb.Open(t, dialect)
			runRecovery(t, &env{t: t, db: db, dialect: strata.Dialect(dialect)}, c)
		})
	}
}

type env struct {
	t       *testing.T
	db      *testdb.DB
	dialect strata.Dialect
	events  []strata.Event
	mu      sync.Mutex
	// fsys is the migration files of a recovery case, which its next
	// command may edit.
	fsys fstest.MapFS
}

// migrator returns a Migrator over files, recording its events.
func (e *env) migrator(files fstest.MapFS, opts ...strata.Option) *strata.Migrator {
	e.t.Helper()
	opts = append([]strata.Option{strata.WithEvents(func(ev strata.Event) {
		e.mu.Lock()
		e.events = append(e.events, ev)
		e.mu.Unlock()
	}), strata.WithLockTimeout(10 * time.Second)}, opts...)
	m, err := strata.New(e.db.DB, e.dialect, files, opts...)
	if err != nil {
		e.t.Fatal(err)
	}
	return m
}

func files(kv ...string) fstest.MapFS {
	fsys := fstest.MapFS{}
	for i := 0; i+1 < len(kv); i += 2 {
		fsys[kv[i]] = &fstest.MapFile{Data: []byte(kv[i+1]), Mode: fs.ModePerm}
	}
	return fsys
}

func (e *env) up(m *strata.Migrator, opts ...strata.RunOption) []strata.Result {
	e.t.Helper()
	r, err := m.Up(context.Background(), opts...)
	if err != nil {
		e.t.Fatalf("Up: %v", err)
	}
	return r
}

func (e *env) status(m *strata.Migrator) map[string]string {
	e.t.Helper()
	s, err := m.Status(context.Background())
	if err != nil {
		e.t.Fatalf("Status: %v", err)
	}
	out := map[string]string{}
	for _, ms := range s.Migrations {
		out[ms.Version] = ms.State
	}
	return out
}

func (e *env) wantStates(m *strata.Migrator, want map[string]string) {
	e.t.Helper()
	got := e.status(m)
	for v, s := range want {
		if got[v] != s {
			e.t.Errorf("version %s: state %q, want %q (all: %v)", v, got[v], s, got)
		}
	}
	if len(got) != len(want) {
		e.t.Errorf("states %v, want %v", got, want)
	}
}

// tableExists asks the database itself, never strata.
func (e *env) tableExists(name string) bool {
	e.t.Helper()
	var q string
	switch e.dialect {
	case strata.Postgres:
		q = "SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = $1"
	case strata.MySQL:
		q = "SELECT count(*) FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = ?"
	default:
		q = "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?"
	}
	var n int
	if err := e.db.DB.QueryRow(q, name).Scan(&n); err != nil {
		e.t.Fatal(err)
	}
	return n > 0
}

func (e *env) history(m *strata.Migrator) []strata.Attempt {
	e.t.Helper()
	h, err := m.History(context.Background())
	if err != nil {
		e.t.Fatalf("History: %v", err)
	}
	return h
}

// successes counts successful rows per version and direction.
func successes(h []strata.Attempt, direction string) map[string]int {
	out := map[string]int{}
	for _, a := range h {
		if a.Success && a.Direction == direction {
			out[a.Version]++
		}
	}
	return out
}

const (
	users = `CREATE TABLE users (id INTEGER PRIMARY KEY, email VARCHAR(200) NOT NULL);
-- strata:down
DROP TABLE users;
`
	posts = `CREATE TABLE posts (id INTEGER PRIMARY KEY, user_id INTEGER NOT NULL);
CREATE INDEX posts_user_idx ON posts (user_id);
-- strata:down
DROP TABLE posts;
`
	tags = `CREATE TABLE tags (id INTEGER PRIMARY KEY, label VARCHAR(50));
-- strata:down
DROP TABLE tags;
`
)

type testCase struct {
	name string
	run  func(t *testing.T, e *env)
}

var cases = []testCase{
	{"ApplyRollBackRedo", func(t *testing.T, e *env) {
		fsys := files("001_users.sql", users, "002_posts.sql", posts, "003_tags.sql", tags)
		m := e.migrator(fsys)
		e.wantStates(m, map[string]string{"1": "pending", "2": "pending", "3": "pending"})
		if r := e.up(m); len(r) != 3 {
			t.Fatalf("applied %d, want 3", len(r))
		}
		if !e.tableExists("posts") || !e.tableExists("tags") {
			t.Fatal("tables missing after up")
		}
		if r := e.up(m); len(r) != 0 {
			t.Fatalf("second up applied %d", len(r))
		}
		e.wantStates(m, map[string]string{"1": "applied", "2": "applied", "3": "applied"})
		if _, err := m.Down(context.Background()); err != nil {
			t.Fatal(err)
		}
		if e.tableExists("tags") {
			t.Fatal("down left tags")
		}
		e.wantStates(m, map[string]string{"1": "applied", "2": "applied", "3": "pending"})
		if r, err := m.Redo(context.Background()); err != nil || len(r) != 2 || r[0].Direction != "down" || r[1].Direction != "up" || r[1].Version != "2" {
			t.Fatalf("redo: %+v, %v", r, err)
		}
		if !e.tableExists("posts") {
			t.Fatal("redo lost posts")
		}
		if _, err := m.Down(context.Background(), strata.To("0")); err != nil {
			t.Fatal(err)
		}
		if e.tableExists("users") {
			t.Fatal("down --to 0 left users")
		}
		e.wantStates(m, map[string]string{"1": "pending", "2": "pending", "3": "pending"})
		e.up(m, strata.To("2"))
		e.wantStates(m, map[string]string{"1": "applied", "2": "applied", "3": "pending"})
		h := e.history(m)
		if len(h) == 0 || h[0].ID < h[len(h)-1].ID {
			t.Fatal("history is not newest first")
		}
		for _, a := range h {
			if !a.Success || a.AppliedBy == "" || a.ProcessID == 0 || a.StrataVersion == "" || !strings.HasPrefix(a.Checksum, "sha256:") {
				t.Fatalf("incomplete row %+v", a)
			}
		}
		if got := successes(h, "up"); got["1"] != 2 || got["2"] != 3 || got["3"] != 1 {
			t.Fatalf("up rows per version %v", got)
		}
	}},
	{"FailureIsRecorded", func(t *testing.T, e *env) {
		bad := `CREATE TABLE orders (id INTEGER PRIMARY KEY);
ALTER TABLE orders ADD COLUMN total INTEGER DEFALT 0;
-- strata:down
DROP TABLE orders;
`
		m := e.migrator(files("001_users.sql", users, "002_orders.sql", bad))
		_, err := m.Up(context.Background())
		var me *strata.MigrationError
		if !errors.As(err, &me) || !errors.Is(err, strata.ErrMigrationFailed) {
			t.Fatalf("want MigrationError, got %v", err)
		}
		if me.File != "002_orders.sql" || me.Statement != 2 || me.Line != 2 || me.Code == "" || me.Hint == "" {
			t.Fatalf("error lacks detail: %+v", me)
		}
		if e.dialect != strata.SQLite && me.Column == 0 {
			t.Errorf("no column for the server's position: %+v", me)
		}
		h := e.history(m)
		if len(h) != 2 || h[0].Success || h[0].Version != "2" || h[0].ErrorStatement != 2 || h[0].ErrorLine != 2 || h[0].ErrorCode == "" || h[0].ErrorMessage == "" {
			t.Fatalf("failed attempt not recorded right: %+v", h)
		}
		if e.dialect == strata.MySQL {
			// DDL commits on its own: statement 1 stays.
			if !e.tableExists("orders") || h[0].StatementsApplied != 1 {
				t.Fatalf("MySQL: want orders kept and 1 statement applied, got %v %+v", e.tableExists("orders"), h[0])
			}
		} else if e.tableExists("orders") || h[0].StatementsApplied != 0 {
			t.Fatal("the failed migration's transaction was not rolled back")
		}
		e.wantStates(m, map[string]string{"1": "applied", "2": "failed"})
	}},
	{"ChecksumMismatchAndRepair", func(t *testing.T, e *env) {
		fsys := files("001_users.sql", users)
		m := e.migrator(fsys)
		e.up(m)
		fsys["001_users.sql"].Data = []byte(strings.Replace(users, "200", "300", 1))
		fsys["002_tags.sql"] = &fstest.MapFile{Data: []byte(tags)}
		if _, err := m.Up(context.Background()); !errors.Is(err, strata.ErrChecksumMismatch) {
			t.Fatalf("want ErrChecksumMismatch, got %v", err)
		}
		if e.tableExists("tags") {
			t.Fatal("up ran despite the mismatch")
		}
		e.wantStates(m, map[string]string{"1": "modified", "2": "pending"})
		if p, _ := m.Validate(context.Background()); len(p) == 0 || p[0].Kind != "modified" {
			t.Fatalf("validate: %+v", p)
		}
		acts, err := m.Repair(context.Background())
		if err != nil || len(acts) != 1 || acts[0].What != "checksum" {
			t.Fatalf("repair: %+v %v", acts, err)
		}
		e.up(m)
		e.wantStates(m, map[string]string{"1": "applied", "2": "applied"})
		// Fixing a down section is allowed and reported.
		fsys["002_tags.sql"].Data = []byte(strings.Replace(tags, "DROP TABLE tags;", "DROP TABLE IF EXISTS tags;", 1))
		s, _ := m.Status(context.Background())
		if s.Migrations[1].State != "applied" || !s.Migrations[1].DownChanged {
			t.Fatalf("down edit: %+v", s.Migrations[1])
		}
	}},
	{"OutOfOrder", func(t *testing.T, e *env) {
		fsys := files("001_users.sql", users, "003_tags.sql", tags)
		m := e.migrator(fsys)
		e.up(m)
		fsys["002_posts.sql"] = &fstest.MapFile{Data: []byte(posts)}
		e.wantStates(m, map[string]string{"1": "applied", "2": "out-of-order", "3": "applied"})
		if _, err := m.Up(context.Background()); !errors.Is(err, strata.ErrOutOfOrder) {
			t.Fatalf("want ErrOutOfOrder, got %v", err)
		}
		m2 := e.migrator(fsys, strata.WithAllowOutOfOrder(true))
		if r := e.up(m2); len(r) != 1 || r[0].Version != "2" {
			t.Fatalf("out-of-order apply: %+v", r)
		}
	}},
	{"Baseline", func(t *testing.T, e *env) {
		// A legacy database: users exists, built by hand.
		if _, err := e.db.DB.Exec("CREATE TABLE users (id INTEGER PRIMARY KEY, email VARCHAR(200) NOT NULL)"); err != nil {
			t.Fatal(err)
		}
		m := e.migrator(files("001_users.sql", users, "002_tags.sql", tags))
		rows, err := m.Baseline(context.Background(), "1")
		if err != nil || len(rows) != 1 || rows[0].Direction != "baseline" {
			t.Fatalf("baseline: %+v %v", rows, err)
		}
		if r := e.up(m); len(r) != 1 || r[0].Version != "2" {
			t.Fatalf("after baseline: %+v", r)
		}
		if _, err := m.Baseline(context.Background(), "99x"); !errors.Is(err, strata.ErrUsage) {
			t.Fatalf("bad version: %v", err)
		}
	}},
	{"TolerateExisting", func(t *testing.T, e *env) {
		if _, err := e.db.DB.Exec("CREATE TABLE users (id INTEGER PRIMARY KEY, email VARCHAR(200) NOT NULL)"); err != nil {
			t.Fatal(err)
		}
		m := e.migrator(files("001_users.sql", users))
		if _, err := m.Up(context.Background()); !errors.Is(err, strata.ErrMigrationFailed) {
			t.Fatalf("without the directive: %v", err)
		}
		tolerant := "-- strata:tolerate-existing\n" + strings.Replace(users, "-- strata:down", "CREATE TABLE tags (id INTEGER PRIMARY KEY);\n-- strata:down", 1)
		m = e.migrator(files("001_users.sql", tolerant))
		r := e.up(m)
		if len(r) != 1 || len(r[0].Warnings) != 1 || !e.tableExists("tags") {
			t.Fatalf("tolerated run: %+v", r)
		}
		h := e.history(m)
		if !h[0].Success || len(h[0].Warnings) != 1 {
			t.Fatalf("warning not recorded: %+v", h[0])
		}
		// Other errors stay fatal.
		bad := "-- strata:tolerate-existing\nCREATE TABLE t2 (id INTEGER PRIMARY KEY);\nSELEC 1;\n"
		m = e.migrator(files("001_users.sql", tolerant, "002_bad.sql", bad))
		if _, err := m.Up(context.Background()); !errors.Is(err, strata.ErrMigrationFailed) {
			t.Fatalf("syntax error tolerated: %v", err)
		}
		// And a whole run can tolerate.
		if _, err := e.db.DB.Exec("CREATE TABLE t3 (id INTEGER PRIMARY KEY)"); err != nil {
			t.Fatal(err)
		}
		m = e.migrator(files("001_users.sql", tolerant, "003_t3.sql", "CREATE TABLE t3 (id INTEGER PRIMARY KEY);\n"), strata.WithTolerateExisting(true))
		if r := e.up(m); len(r[0].Warnings) != 1 {
			t.Fatalf("run-wide tolerate: %+v", r)
		}
	}},
	{"TolerateExistingOnlyOwnObject", func(t *testing.T, e *env) {
		// tolerate-existing covers "already exists" of what a statement
		// creates and "does not exist" of what it drops, nothing else: a
		// mistake in a data statement must stop the migration.
		m := e.migrator(files("001_users.sql", users))
		e.up(m)
		for _, bad := range []string{
			"INSERT INTO users (id, nocol) VALUES (1, 'a')",
			"UPDATE nope SET a = 1",
			"DELETE FROM nope",
			"ALTER TABLE nope ADD COLUMN x INTEGER",
			"CREATE INDEX t_idx ON users (nocol)",
			"CREATE TABLE t2 (id INTEGER, id INTEGER)",
		} {
			body := "-- strata:tolerate-existing\nCREATE TABLE t1 (id INTEGER PRIMARY KEY);\n" + bad + ";\n-- strata:down\nDROP TABLE t1;\n"
			m := e.migrator(files("001_users.sql", users, "002_bad.sql", body))
			_, err := m.Up(context.Background())
			var me *strata.MigrationError
			if !errors.As(err, &me) || !errors.Is(err, strata.ErrMigrationFailed) || me.Statement != 2 {
				t.Fatalf("%s: want a failure at statement 2, got %v", bad, err)
			}
			if st := e.status(m)["2"]; st != "failed" {
				t.Fatalf("%s: version 2 is %s", bad, st)
			}
			// Start the next case afresh where statement 1 committed.
			if _, err := e.db.DB.Exec("DROP TABLE t1"); err != nil && e.dialect == strata.MySQL {
				t.Fatal(err)
			}
			if _, err := m.Repair(context.Background(), strata.RepairUndone()); err != nil {
				t.Fatal(err)
			}
		}
		// What the statements create exists, what they drop is gone:
		// tolerated, with a warning each.
		if _, err := e.db.DB.Exec("CREATE TABLE t3 (id INTEGER PRIMARY KEY, c INTEGER)"); err != nil {
			t.Fatal(err)
		}
		good := "-- strata:tolerate-existing\nCREATE TABLE t3 (id INTEGER PRIMARY KEY);\nALTER TABLE t3 ADD COLUMN c INTEGER;\nDROP TABLE nope;\nCREATE INDEX t3_c ON t3 (c);\nCREATE INDEX t3_c ON t3 (c);\n"
		m = e.migrator(files("001_users.sql", users, "002_bad.sql", good))
		r := e.up(m)
		if len(r) != 1 || len(r[0].Warnings) != 4 {
			t.Fatalf("tolerated run: %+v", r)
		}
	}},
	{"ResumeAfterPartialFailure", func(t *testing.T, e *env) {
		// Statement by statement: MySQL always, elsewhere with the
		// directive.
		head := "-- strata:no-transaction\n"
		if e.dialect == strata.MySQL {
			head = ""
		}
		v1 := head + "CREATE TABLE a (id INTEGER PRIMARY KEY);\nCREATE TABLE b (id INTEGER PRIMARY KEY, x INTEGR NOT NUL);\nCREATE TABLE c (id INTEGER PRIMARY KEY);\n"
		if e.dialect == strata.SQLite {
			// SQLite accepts almost any type name; break it another way.
			v1 = strings.Replace(v1, "x INTEGR NOT NUL", "x INTEGER NOT NULL DEFAULT", 1)
		}
		fsys := files("001_abc.sql", v1)
		m := e.migrator(fsys)
		_, err := m.Up(context.Background())
		var me *strata.MigrationError
		if !errors.As(err, &me) || me.Statement != 2 || me.Applied != 1 {
			t.Fatalf("want failure at statement 2 with 1 applied, got %v", err)
		}
		if !e.tableExists("a") {
			t.Fatal("statement 1 should be committed")
		}
		// Unchanged file: refused, naming the failed statement.
		_, err = m.Up(context.Background())
		if !errors.Is(err, strata.ErrPartiallyApplied) || !strings.Contains(err.Error(), "statement 2") {
			t.Fatalf("unchanged file: %v", err)
		}
		// Statement 1 changed: refused.
		fsys["001_abc.sql"].Data = []byte(head + "CREATE TABLE a (id INTEGER PRIMARY KEY, y INTEGER);\nCREATE TABLE b (id INTEGER PRIMARY KEY);\nCREATE TABLE c (id INTEGER PRIMARY KEY);\n")
		if _, err := m.Up(context.Background()); !errors.Is(err, strata.ErrPartiallyApplied) || !strings.Contains(err.Error(), "changed") {
			t.Fatalf("changed statement 1: %v", err)
		}
		// Fixed: resumes at statement 2.
		fsys["001_abc.sql"].Data = []byte(head + "CREATE TABLE a (id INTEGER PRIMARY KEY);\nCREATE TABLE b (id INTEGER PRIMARY KEY);\nCREATE TABLE c (id INTEGER PRIMARY KEY);\n")
		r := e.up(m)
		if len(r) != 1 || r[0].ResumedAt != 2 || r[0].Statements != 2 {
			t.Fatalf("resume: %+v", r)
		}
		if !e.tableExists("b") || !e.tableExists("c") {
			t.Fatal("resume did not finish")
		}
		e.wantStates(m, map[string]string{"1": "applied"})
	}},
	{"ResumeDownAfterPartialFailure", func(t *testing.T, e *env) {
		// A down section whose statements commit one by one resumes at the
		// failed statement, as an up does: fixed, or retried unchanged.
		head := "-- strata:no-transaction\n"
		if e.dialect == strata.MySQL {
			head = ""
		}
		mig := func(n string) string {
			return "CREATE TABLE a" + n + " (id INTEGER PRIMARY KEY);\nCREATE TABLE b" + n + " (id INTEGER PRIMARY KEY);\n-- strata:down\n" + head +
				"DROP TABLE a" + n + ";\nINSERT INTO down_log VALUES (" + n + ");\nDROP TABLE b" + n + ";\n"
		}
		fsys := files("001_ab.sql", mig("1"), "002_ab.sql", mig("2"))
		m := e.migrator(fsys)
		e.up(m)
		downFails := func(version string) *strata.MigrationError {
			t.Helper()
			_, err := m.Down(context.Background())
			var me *strata.MigrationError
			if !errors.As(err, &me) || me.Version != version || me.Direction != "down" || me.Statement != 2 || me.Applied != 1 {
				t.Fatalf("want the down of %s to fail at statement 2 with 1 applied, got %v", version, err)
			}
			if e.tableExists("a"+version) || !e.tableExists("b"+version) {
				t.Fatal("statement 1 of the down section should be committed, statement 3 not run")
			}
			return me
		}
		// Fixed: resumes at statement 2, without running statement 1 again.
		downFails("2")
		fsys["002_ab.sql"].Data = []byte(strings.Replace(mig("2"), "INSERT INTO down_log VALUES (2)", "SELECT 1", 1))
		r, err := m.Down(context.Background())
		if err != nil || len(r) != 1 || r[0].ResumedAt != 2 || r[0].Statements != 2 || e.tableExists("b2") {
			t.Fatalf("resumed down: %+v %v", r, err)
		}
		e.wantStates(m, map[string]string{"1": "applied", "2": "pending"})
		// Unchanged: refused, naming the statement and the way to retry.
		me := downFails("1")
		if !strings.Contains(me.Hint, "strata down --retry") || !strings.Contains(me.Hint, "statement 2 in the down section of 001_ab.sql") {
			t.Errorf("hint: %s", me.Hint)
		}
		_, err = m.Down(context.Background())
		if !errors.Is(err, strata.ErrPartiallyApplied) || !strings.Contains(err.Error(), "statement 2") || !strings.Contains(err.Error(), "--retry") {
			t.Fatalf("unchanged file: %v", err)
		}
		// Statement 1 changed: refused.
		fsys["001_ab.sql"].Data = []byte(strings.Replace(mig("1"), "DROP TABLE a1;", "DROP TABLE IF EXISTS a1;", 1))
		if _, err := m.Down(context.Background()); !errors.Is(err, strata.ErrPartiallyApplied) || !strings.Contains(err.Error(), "changed") {
			t.Fatalf("changed statement 1: %v", err)
		}
		// The cause removed by hand, the unchanged file retried.
		fsys["001_ab.sql"].Data = []byte(mig("1"))
		if _, err := e.db.DB.Exec("CREATE TABLE down_log (id INTEGER)"); err != nil {
			t.Fatal(err)
		}
		r, err = m.Down(context.Background(), strata.Retry())
		if err != nil || len(r) != 1 || r[0].ResumedAt != 2 || e.tableExists("b1") || !strings.Contains(strings.Join(r[0].Warnings, "\n"), "ran again unchanged (retry)") {
			t.Fatalf("retried down: %+v %v", r, err)
		}
		e.wantStates(m, map[string]string{"1": "pending", "2": "pending"})
	}},
	{"RetryTransientFailure", func(t *testing.T, e *env) {
		// A failure that passes (here a row in the way, removed by hand)
		// is retried with the file unchanged: never from statement 1.
		head := "-- strata:no-transaction\n"
		if e.dialect == strata.MySQL {
			head = ""
		}
		if _, err := e.db.DB.Exec("CREATE TABLE seed (id INTEGER PRIMARY KEY)"); err != nil {
			t.Fatal(err)
		}
		if _, err := e.db.DB.Exec("INSERT INTO seed VALUES (1)"); err != nil {
			t.Fatal(err)
		}
		m := e.migrator(files("001_abc.sql", head+"CREATE TABLE a (id INTEGER PRIMARY KEY);\nINSERT INTO seed VALUES (1);\nCREATE TABLE c (id INTEGER PRIMARY KEY);\n"))
		_, err := m.Up(context.Background())
		var me *strata.MigrationError
		if !errors.As(err, &me) || me.Statement != 2 || me.Applied != 1 || !strings.Contains(me.Hint, "strata up --retry") || !strings.Contains(me.Hint, "Statement 1 of this section was committed and stays so") {
			t.Fatalf("first failure: %v", err)
		}
		if _, err := m.Up(context.Background()); !errors.Is(err, strata.ErrPartiallyApplied) || !strings.Contains(err.Error(), "--retry") {
			t.Fatalf("unchanged without retry: %v", err)
		}
		dry, err := m.Up(context.Background(), strata.Retry(), strata.DryRun())
		if err != nil || len(dry) != 1 || dry[0].ResumedAt != 2 || len(dry[0].SQL) != 2 {
			t.Fatalf("dry run of the retry: %+v %v", dry, err)
		}
		// Still in the way: fails again at statement 2, not at 1.
		if _, err := m.Up(context.Background(), strata.Retry()); !errors.As(err, &me) || me.Statement != 2 || me.Applied != 1 {
			t.Fatalf("retry too early: %v", err)
		}
		if _, err := e.db.DB.Exec("DELETE FROM seed"); err != nil {
			t.Fatal(err)
		}
		r, err := m.Up(context.Background(), strata.Retry())
		if err != nil || len(r) != 1 || r[0].ResumedAt != 2 || !e.tableExists("c") {
			t.Fatalf("retry: %+v %v", r, err)
		}
		if w := strings.Join(r[0].Warnings, "\n"); !strings.Contains(w, "statement 2 ran again unchanged (retry) after attempt #") {
			t.Errorf("the retry is not recorded: %q", w)
		}
		if h := e.history(m); !h[0].Success || len(h[0].Warnings) == 0 {
			t.Errorf("history: %+v", h[0])
		}
		e.wantStates(m, map[string]string{"1": "applied"})
	}},
	{"RetryAfterInvalidIndex", func(t *testing.T, e *env) {
		if e.dialect != strata.Postgres {
			t.Skip("only PostgreSQL's CREATE INDEX CONCURRENTLY leaves an invalid index behind")
		}
		for _, q := range []string{"CREATE TABLE t (id INTEGER PRIMARY KEY, v INTEGER)", "INSERT INTO t VALUES (1, 7), (2, 7)"} {
			if _, err := e.db.DB.Exec(q); err != nil {
				t.Fatal(err)
			}
		}
		m := e.migrator(files("001_idx.sql", "-- strata:no-transaction\nCREATE TABLE x (id INTEGER);\nCREATE UNIQUE INDEX CONCURRENTLY t_v ON t (v);\n"))
		_, err := m.Up(context.Background())
		var me *strata.MigrationError
		if !errors.As(err, &me) || me.Statement != 2 || me.Code != "23505" {
			t.Fatalf("want a unique violation at statement 2, got %v", err)
		}
		if !strings.Contains(me.Hint, "left the invalid index public.t_v behind") || !strings.Contains(me.Hint, "DROP INDEX CONCURRENTLY public.t_v;") {
			t.Fatalf("hint does not name the invalid index: %s", me.Hint)
		}
		for _, q := range []string{"DELETE FROM t WHERE id = 2", "DROP INDEX CONCURRENTLY public.t_v"} {
			if _, err := e.db.DB.Exec(q); err != nil {
				t.Fatal(err)
			}
		}
		if r, err := m.Up(context.Background(), strata.Retry()); err != nil || len(r) != 1 || r[0].ResumedAt != 2 {
			t.Fatalf("retry: %+v %v", r, err)
		}
		var valid bool
		if err := e.db.DB.QueryRow("SELECT indisvalid FROM pg_index WHERE indexrelid = 't_v'::regclass").Scan(&valid); err != nil || !valid {
			t.Fatalf("index not valid: %v %v", valid, err)
		}
	}},
	{"NeedsNoTransaction", func(t *testing.T, e *env) {
		// A statement that cannot run in a transaction: PostgreSQL's
		// concurrent index build, SQLite's VACUUM.
		stmt := map[strata.Dialect]string{strata.Postgres: "CREATE INDEX CONCURRENTLY users_email_idx ON users (email);\n", strata.SQLite: "VACUUM;\n"}[e.dialect]
		if stmt == "" {
			t.Skip("MySQL has no transactional DDL: every section already runs statement by statement")
		}
		m := e.migrator(files("001_users.sql", users, "002_idx.sql", stmt))
		if _, err := m.Up(context.Background()); !errors.Is(err, strata.ErrNeedsNoTransaction) || !strings.Contains(err.Error(), "-- strata:no-transaction") {
			t.Fatalf("want refusal naming the directive, got %v", err)
		}
		if e.tableExists("users") {
			t.Fatal("refused plan still ran migration 1")
		}
		m = e.migrator(files("001_users.sql", users, "002_idx.sql", "-- strata:no-transaction\n"+stmt))
		if r := e.up(m); len(r) != 2 {
			t.Fatalf("with the directive: %+v", r)
		}
	}},
	{"LockHolderVisible", func(t *testing.T, e *env) {
		// The first runner holds the lock for as long as the test needs:
		// its events callback, which runs on the runner's own goroutine,
		// waits when migration 2 starts.
		ctx := context.Background()
		fsys := files("001_users.sql", users, "002_tags.sql", tags)
		e.up(e.migrator(fsys), strata.To("1"))
		started, release := make(chan struct{}), make(chan struct{})
		first, err := strata.New(e.db.DB, e.dialect, fsys, strata.WithEvents(func(ev strata.Event) {
			if s, ok := ev.(strata.MigrationStarted); ok && s.Version == "2" {
				close(started)
				<-release
			}
		}))
		if err != nil {
			t.Fatal(err)
		}
		done := make(chan error, 1)
		go func() { _, err := first.Up(ctx); done <- err }()
		var once sync.Once
		let := func() { once.Do(func() { close(release) }) }
		t.Cleanup(func() { let(); <-done })
		select {
		case <-started:
		case err := <-done:
			t.Fatalf("the first runner ended before migration 2: %v", err)
		}
		wantHolder := func(what string, h *strata.LockHolder) {
			t.Helper()
			if h == nil || h.ProcessID != os.Getpid() || h.Command != "up" || !strings.Contains(h.LockedBy, "@") || h.LockedAt.IsZero() {
				t.Errorf("%s: holder %+v, want this process's strata up", what, h)
			}
		}
		s, err := e.migrator(fsys).Status(ctx)
		if err != nil {
			t.Fatal(err)
		}
		wantHolder("status", s.Lock)
		// Both an up (2 is pending) and a down (1 is applied) have work to
		// do, so both wait for the lock, and give up naming the holder.
		for _, c := range []struct {
			name string
			run  func(*strata.Migrator) error
		}{
			{"up", func(m *strata.Migrator) error { _, err := m.Up(ctx); return err }},
			{"down", func(m *strata.Migrator) error { _, err := m.Down(ctx); return err }},
		} {
			var waits []strata.LockWaiting
			second, err := strata.New(e.db.DB, e.dialect, fsys, strata.WithLockTimeout(300*time.Millisecond),
				strata.WithEvents(func(ev strata.Event) {
					if w, ok := ev.(strata.LockWaiting); ok {
						waits = append(waits, w)
					}
				}))
			if err != nil {
				t.Fatal(err)
			}
			err = c.run(second)
			var le *strata.LockError
			if !errors.As(err, &le) {
				t.Fatalf("%s: want a LockError, got %v", c.name, err)
			}
			wantHolder(c.name+": LockError", le.Holder)
			if len(waits) == 0 {
				t.Fatalf("%s: no LockWaiting event", c.name)
			}
			wantHolder(c.name+": LockWaiting", waits[0].Holder)
		}
		let()
		if err := <-done; err != nil {
			t.Fatal(err)
		}
		done <- nil // for the cleanup
		e.wantStates(e.migrator(fsys), map[string]string{"1": "applied", "2": "applied"})
	}},
	{"ForeignTable", func(t *testing.T, e *env) {
		if _, err := e.db.DB.Exec("CREATE TABLE schema_migrations (version BIGINT NOT NULL PRIMARY KEY, dirty BOOLEAN NOT NULL)"); err != nil {
			t.Fatal(err)
		}
		m := e.migrator(files("001_users.sql", users))
		_, err := m.Up(context.Background())
		if !errors.Is(err, strata.ErrForeignTable) || !strings.Contains(err.Error(), "golang-migrate") || !strings.Contains(err.Error(), "history-table") {
			t.Fatalf("want ForeignTableError naming golang-migrate and the setting, got %v", err)
		}
		m = e.migrator(files("001_users.sql", users), strata.WithTables("strata_history", "strata_locks"))
		e.up(m)
		var n int
		if err := e.db.DB.QueryRow("SELECT count(*) FROM schema_migrations").Scan(&n); err != nil || n != 0 {
			t.Fatalf("the foreign table was touched: %d %v", n, err)
		}
	}},
	{"ReadingWritesNothing", func(t *testing.T, e *env) {
		m := e.migrator(files("001_users.sql", users))
		e.wantStates(m, map[string]string{"1": "pending"})
		if h := e.history(m); len(h) != 0 {
			t.Fatal("history on an untouched database")
		}
		if p, err := m.Validate(context.Background()); err != nil || len(p) != 0 {
			t.Fatalf("validate: %+v %v", p, err)
		}
		r, err := m.Up(context.Background(), strata.DryRun())
		if err != nil || len(r) != 1 || len(r[0].SQL) != 1 {
			t.Fatalf("dry run: %+v %v", r, err)
		}
		if e.tableExists("schema_migrations") || e.tableExists("migration_locks") || e.tableExists("users") {
			t.Fatal("a reading command or dry run wrote to the database")
		}
	}},
	{"LastRecordTakesTheLockRow", func(t *testing.T, e *env) {
		// The run's last history row commits together with the removal of
		// the lock row, so a lock row left behind always means a runner
		// that died mid-plan; before the last, the row is there.
		nonTx := "-- strata:no-transaction\n" + tags
		for _, tc := range []struct {
			name  string
			files fstest.MapFS
		}{
			{"transaction", files("001_users.sql", users, "002_posts.sql", posts)},
			{"statement by statement", files("001_users.sql", users, "002_tags.sql", nonTx)},
		} {
			rows := map[string]int{}
			var m *strata.Migrator
			m = e.migrator(tc.files, strata.WithEvents(func(ev strata.Event) {
				if f, ok := ev.(strata.MigrationFinished); ok {
					var n int
					if err := e.db.DB.QueryRow("SELECT count(*) FROM migration_locks").Scan(&n); err != nil {
						t.Error(err)
					}
					rows[f.Result.Direction+f.Result.Version] = n
				}
			}))
			e.up(m)
			if _, err := m.Down(context.Background(), strata.All()); err != nil {
				t.Fatal(err)
			}
			if _, err := m.Redo(context.Background()); err == nil {
				t.Fatal("redo with nothing applied succeeded")
			}
			e.up(m, strata.To("1"))
			if _, err := m.Redo(context.Background()); err != nil {
				t.Fatal(err)
			}
			// The last time each ran: up (001 then 002), down --all (002
			// then 001), up --to 1, and redo of 001, whose roll back is not
			// its last step.
			want := map[string]int{"up1": 0, "up2": 0, "down2": 1, "down1": 1}
			if fmt.Sprint(rows) != fmt.Sprint(want) {
				t.Errorf("%s: lock rows seen after each migration %v, want %v", tc.name, rows, want)
			}
		}
	}},
	{"CancelRollsBackAndReleases", func(t *testing.T, e *env) {
		sleepy := func(d time.Duration) string {
			return "CREATE TABLE before_sleep (id INTEGER PRIMARY KEY);\n" + testdb.Sleep(string(e.dialect), d) + ";\nCREATE TABLE after_sleep (id INTEGER PRIMARY KEY);\n"
		}
		slow := sleepy(20 * time.Second)
		m := e.migrator(files("001_users.sql", users, "002_slow.sql", slow))
		ctx, cancel := context.WithCancel(context.Background())
		go func() {
			waitSleeping(t, e)
			cancel()
		}()
		start := time.Now()
		_, err := m.Up(ctx)
		if !errors.Is(err, strata.ErrInterrupted) {
			t.Fatalf("want ErrInterrupted, got %v", err)
		}
		if time.Since(start) > 10*time.Second {
			t.Fatalf("the running statement was not stopped (%s)", time.Since(start))
		}
		h := e.history(m)
		if h[0].Success || h[0].Version != "2" || h[0].ErrorCode != "cancelled" || h[0].ErrorStatement != 2 {
			t.Fatalf("cancelled attempt not recorded as the sleep (statement 2) stopped: %+v", h[0])
		}
		if e.tableExists("after_sleep") {
			t.Fatal("ran past the cancellation")
		}
		if e.dialect != strata.MySQL && e.tableExists("before_sleep") {
			t.Fatal("the cancelled migration was not rolled back")
		}
		if s, _ := m.Status(context.Background()); s.Lock != nil {
			t.Fatalf("lock left behind: %+v", s.Lock)
		}
		// The next run resumes (MySQL) or re-runs (others) without help.
		// Where statements committed one by one, those before the stopped
		// one must stay as they were; the sleep may be shortened only when
		// it is the statement that was stopped.
		next := sleepy(0)
		m = e.migrator(files("001_users.sql", users, "002_slow.sql", next))
		if r := e.up(m); len(r) != 1 || !e.tableExists("after_sleep") {
			t.Fatalf("after the cancel: %+v", r)
		}
	}},
	{"StatementTimeout", func(t *testing.T, e *env) {
		// The sleep as the first statement, and as a later one.
		first := "-- strata:timeout 500ms\n" + testdb.Sleep(string(e.dialect), 20*time.Second) + ";\n"
		start := time.Now()
		// Its own tracking tables keep this check apart from the next.
		firstRun := e.migrator(files("001_first.sql", first), strata.WithTables("first_history", "first_locks"))
		_, err := firstRun.Up(context.Background())
		if time.Since(start) > 10*time.Second {
			t.Fatalf("the timeout did not stop the first statement (%s, %v)", time.Since(start), err)
		}
		var me *strata.MigrationError
		if !errors.As(err, &me) || me.Statement != 1 {
			t.Fatalf("want the first statement to fail on its timeout, got %v", err)
		}
		slow := "-- strata:timeout 500ms\nCREATE TABLE before_sleep (id INTEGER PRIMARY KEY);\n" + testdb.Sleep(string(e.dialect), 20*time.Second) + ";\nCREATE TABLE after_sleep (id INTEGER PRIMARY KEY);\n"
		m := e.migrator(files("001_slow.sql", slow))
		start = time.Now()
		_, err = m.Up(context.Background())
		took := time.Since(start)
		if took > 10*time.Second {
			t.Fatalf("the timeout did not stop the statement (%s)", took)
		}
		if !errors.As(err, &me) || me.Statement != 2 {
			t.Fatalf("want the sleeping statement to fail, got %v", err)
		}
		// The server's own timeout error, not a statement that merely
		// ended early (MariaDB's DO SLEEP does, without an error).
		if want := map[strata.Dialect]string{strata.Postgres: "57014", strata.MySQL: "1969"}[e.dialect]; me.Code != want {
			t.Fatalf("want the timeout's error code %q, got %q: %v", want, me.Code, err)
		}
		if e.tableExists("after_sleep") {
			t.Fatal("ran past the timed-out statement")
		}
	}},
	{"LostConnection", func(t *testing.T, e *env) {
		if e.dialect == strata.SQLite {
			t.Skip("SQLite has no server session to terminate")
		}
		slow := "CREATE TABLE before_sleep (id INTEGER PRIMARY KEY);\n" + testdb.Sleep(string(e.dialect), 20*time.Second) + ";\n"
		m := e.migrator(files("001_users.sql", users, "002_slow.sql", slow))
		go func() {
			killSleeper(t, e, waitSleeping(t, e))
		}()
		_, err := m.Up(context.Background())
		var me *strata.MigrationError
		if !errors.As(err, &me) || me.Statement != 2 {
			t.Fatalf("want a MigrationError at statement 2, got %v", err)
		}
		h := e.history(m)
		if h[0].Success || h[0].Version != "2" || h[0].ErrorCode != "connection-lost" || h[0].ErrorStatement != 2 {
			t.Fatalf("lost connection not recorded: %+v", h[0])
		}
		if e.dialect == strata.Postgres && e.tableExists("before_sleep") {
			t.Fatal("half a migration committed on PostgreSQL")
		}
		s, err := m.Status(context.Background())
		if err != nil || s.Lock != nil {
			t.Fatalf("lock left behind: %+v %v", s, err)
		}
		m = e.migrator(files("001_users.sql", users, "002_slow.sql", strings.Replace(slow, "20", "0", 1)))
		if r := e.up(m); len(r) != 1 {
			t.Fatalf("after the lost connection: %+v", r)
		}
	}},
}

// waitForLockOn waits until the runner works on the migration version: it
// holds the lock and the previous versions are recorded.
func waitForLockOn(t *testing.T, e *env, version string) {
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		var n int
		err := e.db.DB.QueryRow("SELECT count(*) FROM schema_migrations WHERE success = " + map[bool]string{true: "1", false: "true"}[e.dialect != strata.Postgres] + " AND version = '" + strconv.Itoa(mustAtoi(version)-1) + "'").Scan(&n)
		if err == nil && n > 0 {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Error("the runner never reached version " + version)
}

func mustAtoi(s string) int {
	n, err := strconv.Atoi(s)
	if err != nil {
		panic(err)
	}
	return n
}

// waitSleeping waits until the runner runs the sleep of migration 2 and
// returns the id of the server session running it. SQLite has no server
// to ask: there it waits until migration 1 is recorded, and a moment for
// migration 2's instant first statement.
func waitSleeping(t *testing.T, e *env) string {
	var q string
	switch e.dialect {
	case strata.Postgres:
		// The query text is the whole migration (one request); the wait
		// event says the sleep is the statement running.
		q = "SELECT pid::text FROM pg_stat_activity WHERE datname = current_database() AND wait_event = 'PgSleep' AND pid <> pg_backend_pid()"
	case strata.MySQL:
		q = "SELECT CAST(id AS CHAR) FROM information_schema.processlist WHERE db = DATABASE() AND info LIKE 'SELECT SLEEP(%' AND id <> CONNECTION_ID()"
	default:
		waitForLockOn(t, e, "2")
		time.Sleep(200 * time.Millisecond)
		return ""
	}
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		var id string
		if err := e.db.DB.QueryRow(q).Scan(&id); err == nil {
			return id
		}
	}
	t.Error("the runner never ran the sleep")
	return ""
}

// killSleeper ends, from the server, the session id.
func killSleeper(t *testing.T, e *env, id string) {
	q := "SELECT pg_terminate_backend($1::int)"
	if e.dialect == strata.MySQL {
		n, err := strconv.ParseInt(id, 10, 64)
		if err != nil {
			t.Errorf("session id %q: %v", id, err)
			return
		}
		q = "KILL " + strconv.FormatInt(n, 10)
		if _, err := e.db.DB.Exec(q); err != nil {
			t.Errorf("terminating the runner's session: %v", err)
		}
		return
	}
	if _, err := e.db.DB.Exec(q, id); err != nil {
		t.Errorf("terminating the runner's session: %v", err)
	}
}
