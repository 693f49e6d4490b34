package dialecttest

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/strata-db/strata"
)

// Repair of a migration that failed part way would make it run again from
// its first statement, repeating what committed (trial 2, F11): refused,
// with nothing recorded, until --undone says that was undone by hand.

func init() {
	cases = append(cases, testCase{"RepairOfAPartialFailure", runRepairPartial})
}

func runRepairPartial(t *testing.T, e *env) {
	ctx := context.Background()
	head := "-- strata:no-transaction\n"
	if e.dialect == strata.MySQL {
		head = ""
	}
	e.exec("CREATE TABLE runs (n INTEGER)")
	body := head + "INSERT INTO runs VALUES (21);\nCREATE TABLE b (id INTEGER);\nINSERT INTO nosuch VALUES (1);\nINSERT INTO runs VALUES (24);\n"
	fsys := files("001_users.sql", users, "002_part.sql", body)
	m := e.migrator(fsys)
	if _, err := m.Up(ctx); !errors.Is(err, strata.ErrMigrationFailed) {
		t.Fatalf("up: want statement 3 to fail, got %v", err)
	}
	before := len(e.history(m))
	_, err := m.Repair(ctx)
	var me *strata.MigrationError
	if !errors.Is(err, strata.ErrPartiallyApplied) || !errors.As(err, &me) || me.Version != "2" || me.Statement != 3 ||
		!strings.Contains(me.Message, "statements 1-2 of it committed") || !strings.Contains(me.Hint, "fix statement 3 in 002_part.sql") ||
		!strings.Contains(me.Hint, "strata repair --undone") {
		t.Fatalf("repair: want the partial failure refused, got %v", err)
	}
	if after := len(e.history(m)); after != before {
		t.Fatalf("the refused repair recorded %d rows", after-before)
	}
	e.wantStates(m, map[string]string{"1": "applied", "2": "failed"})
	// Undone by hand, and said so: the migration runs from statement 1.
	e.exec("DELETE FROM runs")
	e.exec("DROP TABLE b")
	acts, err := m.Repair(ctx, strata.RepairUndone())
	if err != nil || len(acts) != 1 || acts[0].What != "failure" || !strings.Contains(acts[0].Message, "undone by hand") {
		t.Fatalf("repair --undone: %+v, %v", acts, err)
	}
	fsys["002_part.sql"].Data = []byte(strings.Replace(body, "INSERT INTO nosuch VALUES (1);\n", "", 1))
	r := e.up(m)
	if len(r) != 1 || r[0].ResumedAt != 0 {
		t.Fatalf("up after the repair: %+v, want 002 from its first statement", r)
	}
	var n21, n24 int
	e.db.DB.QueryRow("SELECT count(*) FROM runs WHERE n = 21").Scan(&n21)
	e.db.DB.QueryRow("SELECT count(*) FROM runs WHERE n = 24").Scan(&n24)
	if n21 != 1 || n24 != 1 {
		t.Fatalf("runs: 21 × %d, 24 × %d; want each once", n21, n24)
	}
}
