package strata

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/strata-db/strata/internal/dialect"
)

// A migration may change its session: a search_path or a role, a
// FOREIGN_KEY_CHECKS=0, an sql_mode, a USE, a PRAGMA. Its own later
// statements see the change, as its author means them to; strata's own
// statements name their schema and do not depend on it (see
// dialect.Tables.Schema); and before the next migration, the session is
// put back as it was, without ending it or its lock (see
// dialect.SaveSession). A runner's execution calls these around each
// section.

// inlineReset returns the statements that put the session back from
// inside the section's own transaction, after its statements and before
// strata's history row (PostgreSQL, where they travel in the migration's
// one request), or nil where the dialect restores it after the section
// (see dialect.Session.Reset). e.restore is nil when the section cannot
// have changed the session, and e.restored set once it is put back.
func (e *execution) inlineReset() []string {
	if e.restore == nil {
		return nil
	}
	return e.s.sess.Reset
}

// replaySession runs again, before a section resumes at statement
// p.resumeAt, the earlier statements that only changed the session (a
// dump's SET NAMES and FOREIGN_KEY_CHECKS=0, a USE): the new session is
// the one the run opened, and the statements after them were written for
// the session they left.
func (e *execution) replaySession() error {
	for _, st := range e.p.stmts[:e.p.resumeAt-1] {
		if e.s.m.d.SetsSession(st.Text) {
			if _, err := e.s.conn.ExecContext(e.base, st.Text); err != nil {
				return err
			}
		}
	}
	return nil
}

// resetInTx puts the session back from inside the section's transaction
// tx, before strata's history row, so that nothing the migration set (a
// statement_timeout, a role) applies to that row.
func (e *execution) resetInTx(tx dialect.Querier) error {
	reset := e.inlineReset()
	if reset == nil {
		return nil
	}
	_, err := tx.ExecContext(e.base, strings.Join(reset, ";\n"))
	return err
}

// resetCommitted notes that the section's transaction, which held the
// reset (see inlineReset), committed.
func (e *execution) resetCommitted() {
	if e.inlineReset() != nil {
		e.restored = true
	}
}

// restoreSession puts the session back as it was before the section, once.
func (e *execution) restoreSession() error {
	if e.restore == nil || e.restored {
		return nil
	}
	e.restored = true
	return e.restore(e.base)
}

// sessionRestored restores the session after a section that went well,
// unless that is done.
func (e *execution) sessionRestored() error {
	return e.restoreFailed(e.restoreSession())
}

// restoreFailed turns a failure to restore the session after a migration
// that was applied, and recorded so, into the error that stops the run:
// the next migration must not run with what this one set.
func (e *execution) restoreFailed(err error) error {
	if err == nil {
		return nil
	}
	return e.s.m.connError(fmt.Errorf("%s was applied, but strata could not put its database session back as it was before it (%w), "+
		"so it stopped before the next migration could run with the settings this one changed. Try: strata up, to go on", e.p.sec.File, err))
}

// shareSchema gives scratch, an empty database that is to replay this
// Migrator's migrations, the schema that the tracking tables of this
// Migrator's database are in: where the live session's unqualified names
// go. A search_path in the URL names a schema that a new database lacks,
// and without it the replay would fail, or build where the comparison
// would find everything moved.
func (m *Migrator) shareSchema(ctx context.Context, scratch *sql.DB) error {
	conn, err := m.conn(ctx)
	if err != nil {
		return err
	}
	sess, err := m.d.OpenSession(ctx, conn, m.store.Tables())
	conn.Close()
	if err != nil {
		return m.connError(err)
	}
	if err := m.d.CreateSchema(ctx, scratch, sess.Tables.Schema); err != nil {
		return m.connError(fmt.Errorf("creating schema %s in the scratch database, as the database's search path has it: %w", sess.Tables.Schema, err))
	}
	return nil
}
