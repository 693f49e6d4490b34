package strata

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/strata-db/strata/internal/dialect"
	"github.com/strata-db/strata/internal/history"
	"github.com/strata-db/strata/internal/sqlsplit"
)

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
		if err == nil {
			if serr := m.stillInScratch(e.base, s.conn, p, i); serr != nil {
				return serr
			}
		}
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
