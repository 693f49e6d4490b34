package strata

import (
	"context"
	"fmt"
	"strings"
	"sync/atomic"
	"time"

	"github.com/strata-db/strata/internal/dialect"
	"github.com/strata-db/strata/internal/history"
	"github.com/strata-db/strata/internal/source"
)

// locked runs f holding the lock, with the state read again under it:
// another runner may have changed everything while this one waited.
func (m *Migrator) locked(ctx context.Context, command string, before *state, f func(*session, *state) ([]Result, error)) ([]Result, error) {
	s, err := m.lock(ctx, command, m.o.lockTimeout, true)
	if err != nil {
		return nil, err
	}
	defer s.release(ctx)
	st, err := s.reread(ctx, before)
	if err != nil {
		return nil, err
	}
	if err := s.recordStale(ctx, st); err != nil {
		return nil, err
	}
	return f(s, st)
}

// reread reads the history again on the lock connection; the files are
// those already read.
func (s *session) reread(ctx context.Context, before *state) (*state, error) {
	attempts, exists, err := s.m.store.ReadBrief(ctx, s.conn)
	if err != nil {
		return nil, s.m.connError(err)
	}
	st := &state{migs: before.migs, byVer: before.byVer, exists: exists}
	st.setAttempts(attempts)
	return st, nil
}

func (s *session) runAll(ctx context.Context, st *state, plan []*step) ([]Result, error) {
	results := []Result{}
	for i, p := range plan {
		s.next = nil
		if i+1 < len(plan) {
			s.next = plan[i+1]
		}
		r, err := s.run(ctx, st, p)
		if err != nil {
			return results, err
		}
		results = append(results, r)
	}
	return results, nil
}

// execution is the running state of one section, shared with the timer
// that reports slow migrations.
type execution struct {
	s       *session
	p       *step
	start   time.Time
	current atomic.Int64 // index of the running statement
	// running, while set, asks the server which statement runs, where
	// current lags behind it (see runScript).
	running  atomic.Pointer[func() (int, bool)]
	warnings []string
	// shift is the length of what was sent before the failing statement in
	// its request (BEGIN), which the server's error position counts.
	shift int
	// base is the context of everything but the statements themselves: it
	// is never cancelled, so BEGIN, the records and COMMIT or ROLLBACK
	// always complete. stmtBase is the statements' context; SQLite, which
	// has no way to stop a statement from another session, cancels it.
	base, stmtBase context.Context
	hashes         []string                    // of the statements committed so far, for non-transactional runs
	ran            int                         // the statements started so far, to say after which one strata's own work failed
	restore        func(context.Context) error // see session.go
	restored       bool
}

// run executes one section and records the attempt.
func (s *session) run(ctx context.Context, st *state, p *step) (Result, error) {
	m := s.m
	inTx := m.inTransaction(p.sec)
	e := &execution{s: s, p: p, start: time.Now()}
	started := MigrationStarted{Version: p.mig.Version.String(), Name: p.mig.Name, File: p.sec.File, Direction: p.dir}
	if p.from != nil {
		started.ResumeAt = p.resumeAt
	}
	m.emit(started)
	if m.o.warnAfter > 0 {
		var timer *time.Timer
		timer = time.AfterFunc(m.o.warnAfter, func() {
			i := int(e.current.Load())
			if ask := e.running.Load(); ask != nil {
				if j, ok := (*ask)(); ok {
					i = j
				}
			}
			line := 0
			if i < len(p.stmts) {
				line = p.stmts[i].Start.Line
			}
			m.emit(SlowMigration{Version: p.mig.Version.String(), File: p.sec.File, Statement: i + 1, Line: line, Elapsed: time.Since(e.start)})
			timer.Reset(m.o.warnAfter)
		})
		defer timer.Stop()
	}

	// Statements run on a context that the caller's cancellation does not
	// tear down: cancelling a query through its context closes the
	// connection on some drivers, and with it the lock and the chance to
	// record what happened. Instead the running statement is stopped from
	// another session, and this one rolls back, records and lets go.
	e.base = context.WithoutCancel(ctx)
	stmtBase, stopExec := context.WithCancel(e.base)
	defer stopExec()
	e.stmtBase = stmtBase
	cancelled := make(chan struct{})
	stopWatch := context.AfterFunc(ctx, func() {
		defer close(cancelled)
		if s.id.sessionID == "" {
			stopExec()
			return
		}
		cctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
		defer cancel()
		m.cancelStatement(cctx, s.id.sessionID)
	})
	defer func() {
		if !stopWatch() {
			<-cancelled
		}
	}()

	var err error
	if e.restore, err = m.d.SaveSession(e.base, s.conn, s.sess, p.stmts); err != nil {
		err = e.fail(ctx, st, -1, err, nil)
	} else if inTx {
		err = e.runTx(ctx, st)
	} else {
		err = e.runEach(ctx, st)
	}
	if err == nil {
		err = e.sessionRestored()
	}
	r := m.resultOf(p)
	r.Duration, r.Warnings = time.Since(e.start), e.warnings
	r.Statements = len(p.stmts) - (p.resumeAt - 1)
	if err != nil {
		return r, err
	}
	m.emit(MigrationFinished{Result: r})
	return r, nil
}

// inTransaction reports whether a section runs in one transaction.
func (m *Migrator) inTransaction(sec *source.Section) bool {
	return m.d.TransactionalDDL() && !sec.NoTransaction
}

// attempt fills a history row for this execution.
func (e *execution) attempt(success bool) *history.Attempt {
	p, s := e.p, e.s
	return &history.Attempt{
		Version: p.mig.Version.String(), Name: p.mig.Name, File: p.sec.File,
		Checksum: p.mig.Up.Checksum, DownChecksum: p.mig.Down.Checksum, Direction: p.dir,
		AppliedAt: e.start.UTC(), Duration: time.Since(e.start), Success: success,
		StatementsTotal: len(p.stmts), AppliedBy: s.id.appliedBy(), ProcessID: s.id.pid,
		StrataVersion: Version, Warnings: e.warnings,
	}
}

// progress is the lock row's record of how far the section got: done
// statements, their hashes and, outside a transaction, the hash of the
// statement about to run. A runner that dies leaves that one's outcome
// unknown; the next one re-runs it, and its hash tells whether the file
// still holds the text that ran (see planResume). It travels in the same
// write, so it costs nothing.
func (e *execution) progress(done int, inTx bool) history.Progress {
	hashes := strings.Join(e.hashes, ",")
	if !inTx && done < len(e.p.stmts) && done == len(e.hashes) {
		next := stmtHash(e.p.stmts[done].Text)
		if hashes == "" {
			hashes = next
		} else {
			hashes += "," + next
		}
	}
	return history.Progress{Version: e.p.mig.Version.String(), Direction: e.p.dir, File: e.p.sec.File,
		Started: e.start.UTC(), Statements: done, StmtHashes: hashes, Transaction: inTx}
}

// stmtContext gives one statement its time limit when the database has no
// server-side one.
func (e *execution) stmtContext() (context.Context, context.CancelFunc) {
	if e.p.sec.Timeout > 0 {
		if set, _ := e.s.m.d.SetTimeout(e.p.sec.Timeout, false); set == nil {
			return context.WithTimeout(e.stmtBase, e.p.sec.Timeout)
		}
	}
	return e.stmtBase, func() {}
}

// tolerated reports whether a failed statement's error becomes a warning,
// and records the warning. Only an error about the very object the
// statement creates or drops qualifies (see errorOnOwnObject): with
// -- strata:tolerate-existing, "already exists" and "does not exist";
// for a statement re-run after a crash (force), "already exists" alone,
// as proof that the dead runner's run of it had committed.
func (e *execution) tolerated(i int, info dialect.ErrorInfo, force bool) bool {
	tolerate := e.p.sec.TolerateExisting || e.s.m.o.tolerateExisting
	if !tolerate && !force {
		return false
	}
	st := e.p.stmts[i]
	if !errorOnOwnObject(e.s.m.d.Name(), st.Text, info) {
		return false
	}
	proof := force && info.Kind == dialect.AlreadyExists
	if !proof && !tolerate {
		return false
	}
	code := ""
	if info.Code != "" {
		code = " (" + info.Code + ")"
	}
	w := fmt.Sprintf("statement %d (line %d): tolerated: %s%s", i+1, st.Start.Line, firstLine(info.Message), code)
	if proof {
		w = fmt.Sprintf("statement %d (line %d) may have run before the previous runner died; running it again gave %q%s, so it had: taken as done",
			i+1, st.Start.Line, firstLine(info.Message), code)
	}
	w = redact(w, e.s.m.o.secrets)
	e.warnings = append(e.warnings, w)
	e.s.m.emit(Warning{Version: e.p.mig.Version.String(), File: e.p.sec.File, Line: st.Start.Line, Message: w})
	return true
}
