package dialecttest

import (
	"context"
	"errors"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/strata-db/strata"
)

// applyCases apply, roll back, fail, repair, baseline and tolerate
// existing objects.
var applyCases = []testCase{
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
}
