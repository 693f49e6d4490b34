package dialecttest

import (
	"context"
	"strings"
	"testing"

	"github.com/strata-db/strata"
)

// runRecovery runs one recovery case.
func runRecovery(t *testing.T, e *env, c recoveryCase) {
	fsys := files(c.files...)
	e.fsys = fsys
	m := e.migrator(fsys)
	c.before(t, e, m)
	dead := c.dead
	if e.dialect == strata.Postgres && c.want.rolledBack {
		// PostgreSQL writes a transaction's progress, committed on its
		// own, in the request that begins the transaction: a runner that
		// died in it left a row that names it. A row naming no
		// unfinished transaction means that none had begun, and nothing
		// is recorded (TestDeadRunnerLeftovers in the root package).
		dead = deadRunner{command: c.dead.command, version: c.want.version, direction: c.want.direction, inTx: true}
	}
	e.kill(fsys, dead)
	e.mu.Lock()
	e.events = nil
	e.mu.Unlock()
	c.next(t, e, m)
	if s, err := m.Status(context.Background()); err != nil || s.Lock != nil {
		t.Fatalf("the lock is not free after the takeover: %+v, %v", s, err)
	}

	var rec []strata.RecoveredInterrupted
	e.mu.Lock()
	for _, ev := range e.events {
		if x, ok := ev.(strata.RecoveredInterrupted); ok {
			rec = append(rec, x)
		}
	}
	e.mu.Unlock()
	if len(rec) != 1 || rec[0].Holder == nil || rec[0].Holder.LockedBy != deadBy || rec[0].Holder.ProcessID != deadPID || rec[0].Holder.Command != c.dead.command {
		t.Fatalf("want one RecoveredInterrupted event naming the dead runner, got %+v", rec)
	}
	var got []strata.Attempt
	for _, a := range e.history(m) {
		if a.ErrorCode == "interrupted" {
			got = append(got, a)
		}
	}
	if c.want.version == "" {
		if len(got) != 0 || rec[0].Attempt != nil {
			t.Fatalf("a runner between migrations left no attempt, yet recorded %+v (event %+v)", got, rec[0].Attempt)
		}
		return
	}
	if len(got) != 1 {
		t.Fatalf("want one interrupted attempt, got %+v", got)
	}
	a, w := got[0], c.want
	stmt, applied := w.stmt, w.applied
	if w.rolledBack && e.dialect != strata.MySQL {
		stmt, applied = 0, 0
	}
	sec := e.section(fsys, w.version, w.direction)
	wantHashes := strings.Join(hashes(sec.stmts[:applied]), ",")
	gotHashes := a.StatementChecksums
	if c.dead.inflight {
		// The hash of the statement in flight follows those applied (of
		// the file as it was then: the case may have edited it since).
		if recorded := strings.Split(gotHashes, ","); len(recorded) == applied+1 {
			gotHashes = strings.Join(recorded[:applied], ",")
		} else {
			t.Errorf("recorded checksums %q: want %d, the last for the statement in flight", gotHashes, applied+1)
		}
	}
	if a.Version != w.version || a.Direction != w.direction || a.ErrorStatement != stmt || a.StatementsApplied != applied ||
		gotHashes != wantHashes || a.StatementsTotal != len(sec.stmts) || a.File != sec.file || a.Success {
		t.Errorf("recorded attempt: version %s %s, error_statement %d, statements_applied %d of %d, checksums %q, file %s, success %v;\n"+
			"want version %s %s, error_statement %d, statements_applied %d of %d, checksums %q, file %s",
			a.Version, a.Direction, a.ErrorStatement, a.StatementsApplied, a.StatementsTotal, a.StatementChecksums, a.File, a.Success,
			w.version, w.direction, stmt, applied, len(sec.stmts), wantHashes, sec.file)
	}
	if w.direction == "down" && (strings.Contains(a.ErrorMessage, "applying this migration") || strings.Contains(a.ErrorMessage, "nothing of this migration was applied")) {
		t.Errorf("the interrupted roll back is described as an apply: %s", a.ErrorMessage)
	}
	if a.AppliedBy != deadBy || a.ProcessID != deadPID || !strings.Contains(a.ErrorMessage, deadBy+" (pid 4242, strata "+c.dead.command) {
		t.Errorf("the attempt does not name the dead runner: %+v", a)
	}
	if rec[0].Attempt == nil || rec[0].Attempt.Version != a.Version || rec[0].Attempt.Direction != a.Direction {
		t.Errorf("the event's attempt %+v is not the recorded one", rec[0].Attempt)
	}
}
