package dialecttest

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/strata-db/strata"
)

// resumeCases resume and retry after a failure part way through a migration.
var resumeCases = []testCase{
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
		if me.Retry != 2 || !strings.Contains(me.Hint, "statement 2 in the down section of 001_ab.sql") {
			t.Errorf("hint: %s; retry: %d, want 2", me.Hint, me.Retry)
		}
		_, err = m.Down(context.Background())
		if !errors.As(err, &me) || !errors.Is(err, strata.ErrPartiallyApplied) || !strings.Contains(err.Error(), "statement 2") || me.Retry != 2 {
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
		if !errors.As(err, &me) || me.Statement != 2 || me.Applied != 1 || me.Retry != 2 || !strings.Contains(me.Hint, "Statement 1 of this section was committed and stays so") {
			t.Fatalf("first failure: %v", err)
		}
		if _, err := m.Up(context.Background()); !errors.As(err, &me) || !errors.Is(err, strata.ErrPartiallyApplied) || me.Retry != 2 {
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
		var me *strata.MigrationError
		if _, err := m.Up(context.Background()); !errors.Is(err, strata.ErrNeedsNoTransaction) || !errors.As(err, &me) || !strings.Contains(me.Hint, "-- strata:no-transaction") {
			t.Fatalf("want refusal naming the directive in its hint, got %v", err)
		}
		if e.tableExists("users") {
			t.Fatal("refused plan still ran migration 1")
		}
		m = e.migrator(files("001_users.sql", users, "002_idx.sql", "-- strata:no-transaction\n"+stmt))
		if r := e.up(m); len(r) != 2 {
			t.Fatalf("with the directive: %+v", r)
		}
	}},
}
