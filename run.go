package strata

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"sync/atomic"
	"time"

	"github.com/strata-db/strata/internal/dialect"
	"github.com/strata-db/strata/internal/history"
	"github.com/strata-db/strata/internal/source"
	"github.com/strata-db/strata/internal/sqlsplit"
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
func (m *Migrator) Up(ctx context.Context, opts ...RunOption) ([]Result, error) {
	c, err := newRunConfig(opts)
	if err != nil {
		return nil, err
	}
	if c.steps > 0 || c.all {
		return nil, fmt.Errorf("%w: --steps and --all are for down", ErrUsage)
	}
	return m.planAndRun(ctx, "up", c, m.planUp)
}

// Down rolls back applied migrations with their down sections: the latest
// one by default, or as Steps, To or All say.
func (m *Migrator) Down(ctx context.Context, opts ...RunOption) ([]Result, error) {
	c, err := newRunConfig(opts)
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
	st, err := m.readStateWith(ctx, nil, stateOptions{skipSQL: true, busyWait: m.busyWait(c.dryRun), home: c.dryRun})
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
			m.finished(st)
			return []Result{}, nil
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

// runTx runs the section and its history row in one transaction: either
// both commit or neither does.
func (e *execution) runTx(ctx context.Context, st *state) error {
	s, m := e.s, e.s.m
	savepoints := m.d.NeedsSavepoint() && (e.p.sec.TolerateExisting || m.o.tolerateExisting)
	if sr, ok := m.d.(dialect.ScriptRunner); ok && m.d.SessionLock() && !savepoints {
		if err := e.runScript(ctx, st, sr); !errors.Is(err, dialect.ErrScriptUnsupported) {
			return err
		}
	}
	if m.d.SessionLock() {
		// As in runScript, though here at the cost of a round trip.
		if err := m.store.SetProgress(e.base, s.conn, s.id.owner, e.progress(0, true), time.Now().UTC()); err != nil {
			return e.fail(ctx, st, -1, err, nil)
		}
	}
	tx, err := e.begin()
	if err != nil {
		return e.fail(ctx, st, -1, err, nil)
	}
	// A lease (SQLite) must still be this runner's when the migration
	// commits, and needs its heartbeat refreshed. Both happen inside the
	// migration's transaction, which holds the write lock from its start
	// (see begin) and costs no commit of its own; but the heartbeat is a
	// page written twice (journal and file), so it is written only when a
	// sixth of the lease has passed, and otherwise the row is only read.
	// The history row committing with the migration is all the progress
	// record a transactional migration needs.
	if !m.d.SessionLock() {
		now := time.Now()
		var err error
		if now.Sub(s.beat) >= m.o.lockLease/6 {
			err = m.store.SetProgress(e.base, tx, s.id.owner, e.progress(0, true), now.UTC())
			s.beat = now
		} else {
			err = m.store.CheckOwner(e.base, tx, s.id.owner)
		}
		if err != nil {
			return e.fail(ctx, st, -1, err, tx)
		}
	}
	if e.p.sec.Timeout > 0 {
		set, _ := m.d.SetTimeout(e.p.sec.Timeout, true)
		for _, q := range set {
			if _, err := tx.ExecContext(e.base, q); err != nil {
				return e.fail(ctx, st, -1, err, tx)
			}
		}
	}
	for i, stmt := range e.p.stmts {
		if ctx.Err() != nil {
			return e.fail(ctx, st, -1, ctx.Err(), tx)
		}
		e.current.Store(int64(i))
		e.ran = i + 1
		if savepoints {
			if _, err := tx.ExecContext(e.base, "SAVEPOINT strata_statement"); err != nil {
				return e.fail(ctx, st, i, err, tx)
			}
		}
		sctx, cancel := e.stmtContext()
		_, err := tx.ExecContext(sctx, stmt.Text)
		cancel()
		if err != nil {
			if ctx.Err() == nil && e.tolerated(i, m.d.Classify(err), false) {
				if savepoints {
					if _, err := tx.ExecContext(e.base, "ROLLBACK TO SAVEPOINT strata_statement"); err != nil {
						return e.fail(ctx, st, i, err, tx)
					}
				}
				continue
			}
			return e.fail(ctx, st, i, err, tx)
		}
		if savepoints {
			if _, err := tx.ExecContext(e.base, "RELEASE SAVEPOINT strata_statement"); err != nil {
				return e.fail(ctx, st, i, err, tx)
			}
		}
	}
	if ctx.Err() != nil && len(e.p.stmts) > 0 {
		// The last statement returned, cancelled or not (MariaDB's SLEEP
		// returns 1 when stopped): a cancelled run is never recorded
		// applied.
		return e.fail(ctx, st, len(e.p.stmts)-1, ctx.Err(), tx)
	}
	if err := e.resetInTx(tx); err != nil {
		return e.fail(ctx, st, -1, err, tx)
	}
	if e.inlineReset() == nil {
		// The session is put back after the commit (SQLite); the row
		// needs strata's settings now. What leave would restore, the
		// restore after the section does.
		if _, err := e.enterOwn(tx, true); err != nil {
			return e.fail(ctx, st, -1, err, tx)
		}
	}
	a := e.attempt(true)
	a.StatementsApplied = len(e.p.stmts)
	if err := m.store.Record(e.base, tx, a); err != nil {
		return e.fail(ctx, st, -1, err, tx)
	}
	if s.last() {
		if err := m.store.DropHolder(e.base, tx, s.id.owner); err != nil {
			return e.fail(ctx, st, -1, err, tx)
		}
	}
	if err := tx.Commit(); err != nil {
		return e.fail(ctx, st, -1, err, nil)
	}
	e.resetCommitted()
	st.record(a)
	return nil
}

// migrationTx is what runTx needs of a transaction.
type migrationTx interface {
	dialect.Querier
	Commit() error
	Rollback() error
}

// begin opens the transaction of a migration. Where the lock is a lease
// in the database (SQLite), it is opened with the write lock at once: a
// transaction that reads before it writes cannot wait for a runner
// polling for the lease (SQLite refuses it at once, to avoid a deadlock),
// and this one reads the lock row first.
func (e *execution) begin() (migrationTx, error) {
	s, m := e.s, e.s.m
	if m.d.SessionLock() {
		return s.conn.BeginTx(e.base, nil)
	}
	if _, err := s.conn.ExecContext(e.base, m.d.BeginExclusive()); err != nil {
		return nil, err
	}
	return connTx{s.conn, e.base}, nil
}

// connTx is a transaction opened with a BEGIN sent as text, whose
// statements go straight to the connection.
type connTx struct {
	*sql.Conn
	ctx context.Context
}

// Commit ends the transaction, keeping its work.
func (t connTx) Commit() error {
	_, err := t.Conn.ExecContext(t.ctx, "COMMIT")
	return err
}

// Rollback ends the transaction, undoing it.
func (t connTx) Rollback() error {
	_, err := t.Conn.ExecContext(t.ctx, "ROLLBACK")
	return err
}

// isDML reports statements that change rows, which, unlike DDL, can commit
// together with their progress record even where DDL commits on its own.
func isDML(text string) bool {
	w := text
	if i := strings.IndexFunc(w, func(r rune) bool { return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') }); i >= 0 {
		w = w[:i]
	}
	switch strings.ToUpper(w) {
	case "INSERT", "UPDATE", "DELETE", "REPLACE":
		return true
	}
	return false
}

// runEach runs the section statement by statement, each committing on its
// own, and writes after each one how far it got, so that a failure or a
// crash can resume where it stopped.
func (e *execution) runEach(ctx context.Context, st *state) error {
	s, m, p := e.s, e.s.m, e.p
	if p.from != nil && p.from.StatementChecksums != "" {
		e.hashes = strings.Split(p.from.StatementChecksums, ",")[:p.resumeAt-1]
	}
	// The start of a section needs no record of its own where the lock
	// belongs to the session: a runner that dies before its first
	// progress record is found to have been on the step after the last
	// one it finished (see recordStale). A resumed section must say where
	// it resumed, and a lease needs its heartbeat; and a first statement
	// that may not run again unasked (see rerunSafe) needs its hash on
	// record, by which a resume tells whether the file still holds it.
	if p.from != nil || !m.d.SessionLock() || len(p.stmts) > 0 && !m.rerunSafe(p.stmts[0].Text) {
		if err := m.store.SetProgress(e.base, s.conn, s.id.owner, e.progress(p.resumeAt-1, false), time.Now().UTC()); err != nil {
			return e.fail(ctx, st, -1, err, nil)
		}
	}
	if p.from != nil && p.resumeAt > 1 {
		attempt := "the interrupted attempt"
		if p.from.ID != 0 {
			attempt = fmt.Sprintf("attempt #%d", p.from.ID)
		}
		e.warnings = append(e.warnings, fmt.Sprintf("resumed at statement %d after %s; %s had run before", p.resumeAt, attempt, statementRange(1, p.resumeAt-1)))
	}
	if p.retried {
		e.warnings = append(e.warnings, fmt.Sprintf("statement %d ran again unchanged (retry) after attempt #%d failed: %s",
			p.resumeAt, p.from.ID, redact(firstLine(p.from.ErrorMessage), m.o.secrets)))
	}
	if p.edited {
		e.warnings = append(e.warnings, fmt.Sprintf("statement %d was running when the previous runner died and has been changed since: it ran as written, "+
			"without taking \"already exists\" as proof that the old text had run", p.resumeAt))
	}
	if err := e.replaySession(); err != nil {
		return e.fail(ctx, st, -1, err, nil)
	}
	if p.sec.Timeout > 0 {
		set, reset := m.d.SetTimeout(p.sec.Timeout, false)
		for _, q := range set {
			if _, err := s.conn.ExecContext(e.base, q); err != nil {
				return e.fail(ctx, st, -1, err, nil)
			}
		}
		defer func() {
			for _, q := range reset {
				s.conn.ExecContext(context.WithoutCancel(ctx), q)
			}
		}()
	}
	for i := p.resumeAt - 1; i < len(p.stmts); i++ {
		stmt := p.stmts[i]
		if ctx.Err() != nil {
			// Before statement i began: see fail.
			return e.fail(ctx, st, -1, ctx.Err(), nil)
		}
		e.current.Store(int64(i))
		e.ran = i + 1
		err := e.execOne(i, stmt)
		switch {
		case err == nil && ctx.Err() != nil:
			// The cancel came while statement i ran, and it returned all
			// the same (MariaDB's SLEEP returns 1 when stopped): it is
			// done, and the run stops here, naming it, not the next one.
			return e.fail(ctx, st, i, errRanToEnd, nil)
		case isOwn(err):
			return e.fail(ctx, st, -1, err, nil)
		}
		if err != nil {
			unknown := p.unknown && i == p.resumeAt-1
			if ctx.Err() != nil || !e.tolerated(i, m.d.Classify(err), unknown) {
				return e.fail(ctx, st, i, err, nil)
			}
			e.hashes = append(e.hashes, stmtHash(stmt.Text))
			if i+1 < len(p.stmts) {
				if err := e.writeProgress(i + 1); err != nil {
					return e.fail(ctx, st, -1, err, nil)
				}
			}
		}
	}
	if ctx.Err() != nil && len(p.stmts) > 0 {
		// Cancelled during strata's last progress record: not applied.
		return e.fail(ctx, st, -1, ctx.Err(), nil)
	}
	// Before the history row, which the migration's settings must not
	// affect; a failure stops the run once the row is in.
	rerr := e.restoreSession()
	a := e.attempt(true)
	a.StatementsApplied = len(p.stmts)
	if err := e.finish(a); err != nil {
		return e.fail(ctx, st, -1, err, nil)
	}
	st.record(a)
	return e.restoreFailed(rerr)
}

// finish writes the history row of a section run statement by statement.
// The row also stands for the progress of the section's last statement,
// which is never written on its own: one commit, and with it one flush to
// disk, fewer per migration.
func (e *execution) finish(a *history.Attempt) error {
	return e.recordFinal(e.base, e.s.conn, a)
}

// recordFinal writes a history row; when it is the run's last, the lock
// row goes in the same transaction (see history.Store.DropHolder).
func (e *execution) recordFinal(ctx context.Context, q dialect.Querier, a *history.Attempt) error {
	s, m := e.s, e.s.m
	if !s.last() {
		return m.store.Record(ctx, q, a)
	}
	b, ok := q.(interface {
		BeginTx(context.Context, *sql.TxOptions) (*sql.Tx, error)
	})
	if !ok {
		return m.store.Record(ctx, q, a)
	}
	tx, err := b.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if err := m.store.Record(ctx, tx, a); err != nil {
		tx.Rollback()
		return err
	}
	if err := m.store.DropHolder(ctx, tx, s.id.owner); err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit()
}

// execOne runs one statement outside a migration transaction and records
// its completion. Row changes commit in one transaction with the record,
// so their outcome is never in doubt; DDL commits on its own, and a crash
// between it and the record leaves its outcome to be found out on resume.
func (e *execution) execOne(i int, stmt sqlsplit.Statement) error {
	s, m := e.s, e.s.m
	hashes := append(e.hashes, stmtHash(stmt.Text))
	sctx, cancel := e.stmtContext()
	defer cancel()
	if isDML(stmt.Text) {
		tx, err := s.conn.BeginTx(e.base, nil)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(sctx, stmt.Text); err != nil {
			tx.Rollback()
			return err
		}
		e.hashes = hashes
		leave, err := e.enterOwn(tx, true)
		if err == nil {
			err = m.store.SetProgress(e.base, tx, s.id.owner, e.progress(i+1, false), time.Now().UTC())
		}
		if err != nil {
			e.hashes = hashes[:len(hashes)-1]
			tx.Rollback()
			return own(e.leaveOwn(leave, err))
		}
		if err := tx.Commit(); err != nil {
			e.hashes = hashes[:len(hashes)-1]
			return own(e.leaveOwn(leave, err))
		}
		return own(e.leaveOwn(leave, nil))
	}
	if _, err := s.conn.ExecContext(sctx, stmt.Text); err != nil {
		return err
	}
	e.hashes = hashes
	if i+1 == len(e.p.stmts) {
		// The history row records the last statement (see finish).
		return nil
	}
	return own(e.writeProgress(i + 1))
}
