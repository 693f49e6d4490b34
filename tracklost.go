package strata

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/strata-db/strata/internal/dialect"
	"github.com/strata-db/strata/internal/history"
)

// The guard on strata's own tables reads a migration's literal text: a
// table dropped through dynamic SQL (EXECUTE of a built string, PREPARE,
// MariaDB's EXECUTE IMMEDIATE) passes it. Where a section runs in a
// transaction, the history row strata writes in the same transaction
// fails and the rollback brings the table back. Where statements commit
// one by one, the drop stays: the run must say so, and say it loudly,
// instead of reporting an ordinary failure whose record is then lost too.

// lostTracking reports, when a failure with a "does not exist" error comes
// from one of strata's tables having disappeared, which statements of the
// section ran meanwhile, and records what can still be recorded. ok is
// false for any other failure, which fail handles as usual.
func (e *execution) lostTracking(ctx context.Context, i int, info dialect.ErrorInfo, a *history.Attempt, me *MigrationError) (err error, ok bool) {
	s, m, p := e.s, e.s.m, e.p
	if info.Kind != dialect.DoesNotExist {
		return nil, false
	}
	missing, qerr := m.store.Missing(ctx, s.conn)
	if qerr != nil || len(missing) == 0 {
		return nil, false
	}
	first, last := p.resumeAt, len(e.hashes)
	if m.inTransaction(p.sec) {
		first, last = 1, len(p.stmts)
		if i >= 0 {
			last = i
		}
	}
	tables := strings.Join(missing, " and ")
	what := "strata's table " + tables
	if len(missing) > 1 {
		what = "strata's tables " + tables
	}
	me.Kind, me.Code, me.Applied, me.Retry = ErrTrackingLost, "", len(e.hashes), 0
	me.Statement, me.Line, me.Column, me.StatementLine = 0, 0, 0, ""
	switch {
	case last < first:
		me.Message = fmt.Sprintf("%s was gone before statement %d ran", what, first)
	case last == first:
		st := p.stmts[last-1]
		me.Statement, me.Line, me.StatementLine = last, st.Start.Line, lineAt(p.sec.SQL, st.Start.Offset-p.sec.Offset)
		me.Message = fmt.Sprintf("statement %d dropped %s: it was the only statement that ran before strata's next write to it failed", last, what)
	default:
		st := p.stmts[last-1]
		me.Statement, me.Line, me.StatementLine = last, st.Start.Line, lineAt(p.sec.SQL, st.Start.Offset-p.sec.Offset)
		me.Message = fmt.Sprintf("%s was dropped by one of statements %d-%d (lines %d-%d), which ran before strata's next write to it failed",
			what, first, last, p.stmts[first-1].Start.Line, st.Start.Line)
	}
	me.Message += "; strata's guard reads the literal text, so the drop came through dynamic SQL (EXECUTE, PREPARE, EXECUTE IMMEDIATE) or a name it could not read"
	ran := "no statement of it ran"
	if last >= first {
		ran = statementRange(first, last) + " of it ran and stay committed"
	}
	if missing[0] != m.store.Tables().History {
		// Only the lock table is gone: the history stands, and the
		// attempt goes into it so that the next run resumes after the
		// statements that ran; the next run recreates the lock table.
		// The statements ran; strata's write after them failed.
		a.StatementsApplied, a.StatementChecksums = len(e.hashes), strings.Join(e.hashes, ",")
		a.ErrorStatement, a.ErrorLine, a.ErrorCode, a.ErrorMessage = 0, 0, "", me.Message
		if rerr := m.store.Record(ctx, s.conn, a); rerr != nil {
			return errors.Join(me, fmt.Errorf("and the attempt could not be recorded: %w", m.connError(rerr))), true
		}
		me.Message += "; the history is intact"
		me.Hint = fmt.Sprintf("Try: remove the statement that drops %s from %s; %s, the attempt is recorded, and the next strata up recreates the lock table and resumes after them",
			tables, p.sec.File, ran)
		return me, true
	}
	me.Message += "; the history of this database is lost"
	hint := fmt.Sprintf("Try: restore %s from a backup before running strata again, then remove the statement that drops it from %s (%s, unrecorded: once the history is back, finish the migration by hand and record it with strata baseline %s)",
		missing[0], p.sec.File, ran, p.mig.Version.String())
	if len(missing) == 1 {
		m.store.DropHolder(ctx, s.conn, s.id.owner) // the run ends here; its lock row would only mislead
		hint += fmt.Sprintf("; until then strata up refuses to run, since %s exists without it", m.store.Tables().Locks)
	} else {
		hint += "; with both tables gone strata cannot tell this database from a new one: do not run strata up on it until the history is back"
	}
	me.Hint = hint
	return me, true
}
