package strata

import (
	"context"
	"fmt"
	"time"

	"github.com/strata-db/strata/internal/dialect"
)

// strata's own writes between a section's statements (its progress, and
// in a transaction the history row) run on the session the statements
// changed. A statement that sets a role without rights on strata's
// tables, a read-only default, a statement timeout of a millisecond, an
// sql_mode or PRAGMA query_only would make them fail, and the migration
// could then never be recorded: stuck. So each such write is wrapped (see
// dialect.Engine.OwnWrite): it runs with the settings strata's session
// opened with, and the section's come back after it, for its later
// statements. A separate connection would avoid the wrapping, but not for
// the progress that commits in one transaction with a row change (see
// execOne), and would double the connections a run holds.

// enterOwn prepares the session, q, for one of strata's own writes; the
// returned function, if not nil, gives the section its settings back. A
// section that cannot have changed the session (e.restore is nil), or
// whose session is put back already, needs nothing.
func (e *execution) enterOwn(q dialect.Querier, inTx bool) (func(context.Context, dialect.Querier) error, error) {
	if e.restore == nil || e.restored {
		return nil, nil
	}
	leave, err := e.s.m.d.OwnWrite(e.base, q, e.s.sess, inTx)
	if err != nil {
		return nil, fmt.Errorf("giving strata's session its own settings back for its record, which the migration's settings would break: %w", err)
	}
	return leave, nil
}

// leaveOwn gives the section its settings back after strata's write; err
// is the write's, which comes first.
func (e *execution) leaveOwn(leave func(context.Context, dialect.Querier) error, err error) error {
	if leave == nil {
		return err
	}
	if lerr := leave(e.base, e.s.conn); lerr != nil && err == nil {
		return fmt.Errorf("giving the migration's session settings back after strata's record: %w", lerr)
	}
	return err
}

// writeProgress records, between two statements of a section run
// statement by statement, that done statements are done.
func (e *execution) writeProgress(done int) error {
	leave, err := e.enterOwn(e.s.conn, false)
	if err != nil {
		return err
	}
	err = e.s.m.store.SetProgress(e.base, e.s.conn, e.s.id.owner, e.progress(done, false), time.Now().UTC())
	return e.leaveOwn(leave, err)
}
