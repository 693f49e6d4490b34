package strata_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/strata-db/strata"
	"github.com/strata-db/strata/internal/testdb"
)

// refuseTrigger makes strata's own write fail the way a full disk or a
// revoked privilege would: a trigger on its history table refuses the row
// of a successful attempt, or one on its lock table the progress record
// of two statements done.
func refuseTrigger(d string, progress bool) []string {
	switch d {
	case "postgres":
		trig := "CREATE TRIGGER refuse BEFORE INSERT ON schema_migrations FOR EACH ROW WHEN (NEW.success) EXECUTE FUNCTION refuse()"
		if progress {
			trig = "CREATE TRIGGER refuse BEFORE UPDATE ON migration_locks FOR EACH ROW WHEN (NEW.statements_done = 2) EXECUTE FUNCTION refuse()"
		}
		return []string{"CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN RAISE EXCEPTION 'simulated: the disk is full'; END$$", trig}
	case "mysql":
		return []string{"CREATE TRIGGER refuse BEFORE UPDATE ON migration_locks FOR EACH ROW BEGIN IF NEW.statements_done = 2 THEN " +
			"SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'simulated: the disk is full'; END IF; END"}
	}
	if progress {
		return []string{"CREATE TRIGGER refuse BEFORE UPDATE ON migration_locks WHEN NEW.statements_done = 2 BEGIN SELECT RAISE(ABORT, 'simulated: the disk is full'); END"}
	}
	return []string{"CREATE TRIGGER refuse BEFORE INSERT ON schema_migrations WHEN NEW.success BEGIN SELECT RAISE(ABORT, 'simulated: the disk is full'); END"}
}

// TestOwnWriteFailureReport: when strata's own record fails, in a
// transaction or between statements, the report names the file and the
// line of the statement that ran last, says what strata was writing, does
// not blame a statement, and says what to do.
func TestOwnWriteFailureReport(t *testing.T) {
	for _, c := range []struct {
		d        string
		progress bool // the progress between statements fails, not the history row
	}{{"postgres", false}, {"postgres", true}, {"mysql", true}, {"sqlite", false}, {"sqlite", true}} {
		name := c.d + "/history"
		if c.progress {
			name = c.d + "/progress"
		}
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			db := testdb.Open(t, c.d)
			fsys := fstest.MapFS{"001_a.sql": migration("CREATE TABLE a (id int);\n")}
			m, err := strata.New(db.DB, strata.Dialect(c.d), fsys)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := m.Up(ctx); err != nil {
				t.Fatal(err)
			}
			for _, q := range refuseTrigger(c.d, c.progress) {
				if _, err := db.DB.Exec(q); err != nil {
					t.Fatal(err)
				}
			}
			head := "-- three tables\n"
			if c.progress && c.d != "mysql" {
				head = "-- strata:no-transaction\n"
			}
			fsys["002_b.sql"] = migration(head + "CREATE TABLE b1 (id int);\nCREATE TABLE b2 (id int);\nCREATE TABLE b3 (id int);\n")
			_, err = m.Up(ctx)
			var me *strata.MigrationError
			if !errors.As(err, &me) {
				t.Fatalf("up: want a MigrationError, got %v", err)
			}
			want := "after statement 3 (line 4) ran, strata failed in recording the attempt of version 2 in schema_migrations: "
			line, resume := 4, ""
			if c.progress {
				want = "after statement 2 (line 3) ran, strata failed in writing progress to migration_locks: "
				line, resume = 3, "it resumes at statement 3"
			}
			if me.File != "002_b.sql" || me.Line != line || me.Statement != 0 || !strings.HasPrefix(me.Message, want) ||
				!strings.Contains(me.Message, "simulated: the disk is full") {
				t.Errorf("report: file %q line %d statement %d message %q; want 002_b.sql line %d, no statement, message %q…",
					me.File, me.Line, me.Statement, me.Message, line, want)
			}
			for _, s := range []string{"strata status", "strata unlock", "strata repair", resume} {
				if !strings.Contains(me.Hint, s) {
					t.Errorf("hint %q lacks %q", me.Hint, s)
				}
			}
			if strings.Contains(me.Hint, "cause above") || strings.Contains(me.Hint, "fix statement") {
				t.Errorf("hint %q blames a statement or a cause it does not give", me.Hint)
			}
			if c.progress && me.Applied != 2 {
				t.Errorf("%d statements reported committed, want 2", me.Applied)
			}
			// The failed attempt is recorded, with the line, and nothing
			// holds the lock.
			h, err := m.History(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if last := h[0]; last.Version != "2" || last.Success || last.ErrorLine != line {
				t.Errorf("the last attempt: version %s success %v line %d, want a failure of 2 at line %d", last.Version, last.Success, last.ErrorLine, line)
			}
		})
	}
}
