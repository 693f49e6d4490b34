package strata

import (
	"context"
	"errors"
	"time"
)

// Result is what happened to one migration in a run.
type Result struct {
	Version   string        `json:"version"`
	Name      string        `json:"name"`
	File      string        `json:"file"`
	Direction string        `json:"direction"`
	Duration  time.Duration `json:"-"`
	// Statements counts the statements this run executed; Total is the
	// section's.
	Statements int `json:"statements"`
	Total      int `json:"statements_total"`
	// ResumedAt is the statement a resumed migration started at; 0 for a
	// normal run.
	ResumedAt int      `json:"resumed_at,omitempty"`
	Warnings  []string `json:"warnings,omitempty"`
	// SQL holds the statements a dry run would execute.
	SQL []string `json:"sql,omitempty"`
	// InTransaction reports whether the section ran in one transaction.
	InTransaction bool `json:"in_transaction"`
}

// Up applies the pending migrations in version order, each in its own
// transaction where the database and the section allow it. It returns the
// migrations it applied; on failure, the error is a *MigrationError (or
// several, joined, when it refused to start).
func (m *Migrator) Up(ctx context.Context, opts ...UpOption) ([]Result, error) {
	c, err := upConfig(opts)
	if err != nil {
		return nil, err
	}
	return m.planAndRun(ctx, "up", c, m.planUp)
}

// Down rolls back applied migrations with their down sections: the latest
// one by default, or as Steps, To or All say.
func (m *Migrator) Down(ctx context.Context, opts ...DownOption) ([]Result, error) {
	c, err := downConfig(opts)
	if err != nil {
		return nil, err
	}
	return m.planAndRun(ctx, "down", c, m.planDown)
}

// planAndRun plans, first without the lock: when nothing is to be done
// (the common case of an up on every deploy) it returns without taking the
// lock or writing anything. Otherwise it plans again under the lock, since
// another runner may have changed everything meanwhile, and runs the plan.
func (m *Migrator) planAndRun(ctx context.Context, command string, c runConfig, plan func(*state, runConfig) ([]*step, error)) ([]Result, error) {
	// The lock row is read too, on the same connection: a dead runner's
	// is recorded even when nothing is to be done (see below).
	st, err := m.readStateWith(ctx, nil, stateOptions{skipSQL: true, busyWait: m.busyWait(c.dryRun), holder: !c.dryRun, home: c.dryRun})
	var busy *errBusy
	switch {
	case errors.As(err, &busy):
		// A writer holds the database (SQLite): most likely a runner in
		// a migration, whose lock this one waits for anyway.
		st = busy.st
	case err != nil:
		return nil, err
	default:
		// The warnings of this plan are given only if it is the last one.
		var notes []Warning
		first := c
		first.notes = &notes
		steps, err := plan(st, first)
		if err != nil || c.dryRun || len(steps) == 0 {
			for _, w := range notes {
				m.emit(w)
			}
		}
		if err != nil {
			return nil, err
		}
		if c.dryRun {
			return m.dryResults(steps), nil
		}
		if len(steps) == 0 {
			// A runner that died holding the lock (a killed down, say)
			// left an attempt that status and validate tell the user to
			// run this command to record: take the lock
			// and record it, though nothing runs.
			stale, err := m.staleLock(ctx, m.db, st, st.holder)
			if err != nil {
				return nil, err
			}
			if stale == nil {
				m.finished(st)
				return []Result{}, nil
			}
		}
	}
	return m.locked(ctx, command, st, func(s *session, st *state) ([]Result, error) {
		steps, err := plan(st, c)
		if err != nil {
			return nil, err
		}
		res, err := s.runAll(ctx, st, steps)
		if err == nil {
			m.finished(st)
		}
		return res, err
	})
}

// busyWait is how long the read before the lock may wait for another
// connection's write (SQLite): a poll of the lock at most, after which
// the runner waits for the lock itself, within its timeout and naming
// the holder. A dry run takes no lock and waits as the connection would.
func (m *Migrator) busyWait(dryRun bool) time.Duration {
	if dryRun {
		return 0
	}
	return max(min(m.o.lockTimeout, m.o.lockPoll), time.Millisecond)
}

// finished reports where a successful run left the database, from the
// state it already holds, so that nobody needs to read it all again.
func (m *Migrator) finished(st *state) {
	ev := RunFinished{CurrentVersion: st.highest(), Files: len(st.migs)}
	for _, vs := range st.versionsOfFiles() {
		if vs == nil || !vs.Applied {
			ev.Pending++
		}
	}
	m.emit(ev)
}

// Redo rolls back the latest applied migration and applies it again, under
// one lock.
func (m *Migrator) Redo(ctx context.Context) ([]Result, error) {
	// As up and down, the read before the lock waits for another
	// connection's write (SQLite) no longer than a poll of the lock: the
	// wait is the lock's, within its timeout and naming the holder.
	st, err := m.readStateWith(ctx, nil, stateOptions{skipSQL: true, busyWait: m.busyWait(false)})
	var busy *errBusy
	switch {
	case errors.As(err, &busy):
		st = busy.st // checked under the lock
	case err != nil:
		return nil, err
	default:
		if err := m.redoable(st); err != nil {
			return nil, err
		}
	}
	return m.locked(ctx, "redo", st, func(s *session, st *state) ([]Result, error) {
		if err := m.redoable(st); err != nil {
			return nil, err
		}
		down, err := m.planDown(st, runConfig{steps: 1})
		if err != nil || len(down) == 0 {
			return nil, err
		}
		s.continues = true
		results, err := s.runAll(ctx, st, down)
		s.continues = false
		if err != nil {
			return results, err
		}
		v := down[0].mig.Version.String()
		up, err := m.planUp(st, runConfig{to: v, toSet: true})
		if err != nil {
			return results, err
		}
		// Only the rolled-back migration runs again, even if newer ones are
		// pending.
		for _, s := range up {
			if s.mig.Version.String() == v {
				up = []*step{s}
				break
			}
		}
		more, err := s.runAll(ctx, st, up)
		if err == nil {
			m.finished(st)
		}
		return append(results, more...), err
	})
}

// redoable refuses a redo that st leaves nothing to do for.
func (m *Migrator) redoable(st *state) error {
	if _, err := m.planDown(st, runConfig{steps: 1}); err != nil {
		return err
	}
	if len(st.applied()) == 0 {
		return &MigrationError{Kind: ErrUnknownVersion, Message: "no migration is applied, so there is nothing to redo", Hint: "Try: strata up"}
	}
	return nil
}

func (m *Migrator) dryResults(plan []*step) []Result {
	out := make([]Result, 0, len(plan))
	for _, s := range plan {
		r := m.resultOf(s)
		for _, st := range s.stmts[s.resumeAt-1:] {
			r.SQL = append(r.SQL, st.Text)
		}
		out = append(out, r)
	}
	return out
}

func (m *Migrator) resultOf(s *step) Result {
	r := Result{Version: s.mig.Version.String(), Name: s.mig.Name, File: s.sec.File, Direction: s.dir, Total: len(s.stmts),
		InTransaction: m.inTransaction(s.sec)}
	if s.resumeAt > 1 || s.from != nil {
		r.ResumedAt = s.resumeAt
	}
	return r
}
