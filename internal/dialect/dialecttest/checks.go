package dialecttest

// Checks the recovery cases share.

import (
	"context"
	"errors"
	"strings"

	"github.com/strata-db/strata"
)

// ifByStatement is byStatement where the section's statements commit one
// by one (a no-transaction section, or MySQL), inTx otherwise.
func (e *env) ifByStatement(noTransaction bool, byStatement, inTx int) int {
	if noTransaction || e.dialect == strata.MySQL {
		return byStatement
	}
	return inTx
}

func (e *env) exec(q string) {
	e.t.Helper()
	if _, err := e.db.DB.Exec(q); err != nil {
		e.t.Fatal(err)
	}
}

func (e *env) wantTables(names ...string) {
	e.t.Helper()
	for _, n := range names {
		if !e.tableExists(n) {
			e.t.Errorf("table %s missing", n)
		}
	}
}

func (e *env) wantNoTables(names ...string) {
	e.t.Helper()
	for _, n := range names {
		if e.tableExists(n) {
			e.t.Errorf("table %s still there", n)
		}
	}
}

// wantRan checks a run's results against want, in order.
func (e *env) wantRan(got []strata.Result, err error, want ...ran) {
	t := e.t
	t.Helper()
	if err != nil {
		t.Fatalf("run failed: %v", err)
	}
	if len(got) != len(want) {
		t.Fatalf("ran %+v, want %+v", got, want)
	}
	for i, w := range want {
		g := got[i]
		if g.Version != w.version || g.Direction != w.direction || g.ResumedAt != w.resumedAt || g.Statements != w.statements || len(g.Warnings) != len(w.warnings) {
			t.Errorf("run %d: %s %s resumed at %d, %d statements, warnings %q; want %s %s resumed at %d, %d statements, %d warnings %q",
				i, g.Version, g.Direction, g.ResumedAt, g.Statements, g.Warnings, w.version, w.direction, w.resumedAt, w.statements, len(w.warnings), w.warnings)
			continue
		}
		for j, s := range w.warnings {
			if !strings.Contains(g.Warnings[j], s) {
				t.Errorf("run %d: warning %d is %q, want it to say %q", i, j+1, g.Warnings[j], s)
			}
		}
	}
}

// rewrite changes a migration file.
func (e *env) rewrite(name, content string) {
	e.t.Helper()
	// The Migrator reads its fstest.MapFS on every command.
	e.fsys[name].Data = []byte(content)
}

// wantRerunFails checks that an up whose re-run statement fails stops
// there: the migration is not recorded applied and nothing after the
// statement ran.
func (e *env) wantRerunFails(m *strata.Migrator) {
	t := e.t
	t.Helper()
	r, err := m.Up(context.Background())
	var me *strata.MigrationError
	if !errors.As(err, &me) || !errors.Is(err, strata.ErrMigrationFailed) || me.Version != "2" || me.Statement != 2 {
		t.Fatalf("want migration 2 to fail at statement 2, got %+v, %v", r, err)
	}
	h := e.history(m)
	if h[0].Version != "2" || h[0].Success || h[0].ErrorStatement != 2 || h[0].StatementsApplied != 1 {
		t.Errorf("the failure is not recorded as such: %+v", h[0])
	}
	if got := successes(h, "up"); got["2"] != 0 {
		t.Errorf("migration 2 recorded applied %d times", got["2"])
	}
	if e.tableExists("c") {
		t.Error("the run went past the failed statement")
	}
	e.wantStates(m, map[string]string{"1": "applied", "2": "failed"})
}

// wantUnlockRecords records the dead runner's attempt with Unlock, the
// command for it when no run is to follow.
func (e *env) wantUnlockRecords(m *strata.Migrator) {
	t := e.t
	t.Helper()
	res, err := m.Unlock(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if res.Cleared == nil || res.Cleared.LockedBy != deadBy || res.Recorded == nil || res.Recorded.ErrorCode != "interrupted" {
		t.Fatalf("unlock: %+v", res)
	}
}
