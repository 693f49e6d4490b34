package strata

import (
	"errors"
	"fmt"
)

// A statement the guard cannot read (dynamic SQL: EXECUTE of a built
// string, PREPARE) may empty strata's history table inside a migration's
// transaction, where the history row strata then writes succeeds. Where
// a whole migration travels in one request (PostgreSQL), the request
// checks, just before that row, that the newest history row the run read
// is still there; if not, the migration fails and its transaction,
// the emptying with it, is rolled back.

// historyEmptied is the failure of that check.
type historyEmptied struct {
	table string
	err   error
}

func (h historyEmptied) Error() string {
	return fmt.Sprintf("checking that %s kept its rows: %v", h.table, h.err)
}

func (h historyEmptied) Unwrap() error { return h.err }

// historyMark is the id of the newest history row this run read, 0 when
// it read none: the row the check looks for. It is read off st once per
// run: the rows the run adds have no id in st.
func (s *session) historyMark(st *state) int64 {
	if s.mark == nil {
		var id int64
		for _, a := range st.attempts {
			id = max(id, a.ID)
		}
		s.mark = &id
	}
	return *s.mark
}

// describeEmptied words me, the report of a failed check, and reports
// whether cause was one.
func (e *execution) describeEmptied(me *MigrationError, cause error, cmd string) bool {
	var h historyEmptied
	if !errors.As(cause, &h) {
		return false
	}
	me.Message = fmt.Sprintf("a statement of this section deleted rows of strata's history table %s: the newest row strata had read was gone "+
		"before it wrote this migration's row. strata's guard reads the literal text, so the statement built its text at run time "+
		"(EXECUTE, PREPARE); the transaction was rolled back, the history with it", h.table)
	me.Hint = fmt.Sprintf("Nothing of this migration was applied. Try: remove the statement that deletes from or truncates %s from %s and run %s again",
		h.table, e.p.sec.File, cmd)
	return true
}
