package strata

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/strata-db/strata/internal/dialect"
)

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
