package strata

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// A failure of strata's own work during a section (its progress and
// history records, BEGIN and COMMIT, saving and restoring the session) is
// not a statement's: no statement is to be fixed, and the report says
// which statement ran last, what strata was doing and what to do.

// errRanToEnd is the cause of a run cancelled while a statement ran that
// returned without an error all the same: the statement counts as done.
var errRanToEnd = errors.New("the statement ran to its end, and counts as done; the run stopped after it")

// ownFailure marks an error of strata's own write after a statement ran
// successfully, so that the statement is not blamed for it.
type ownFailure struct{ err error }

func (o ownFailure) Error() string { return o.err.Error() }
func (o ownFailure) Unwrap() error { return o.err }

// own wraps a failure of strata's own write; nil stays nil.
func own(err error) error {
	if err == nil {
		return nil
	}
	return ownFailure{err}
}

// isOwn reports a failure that own marked.
func isOwn(err error) bool {
	var o ownFailure
	return errors.As(err, &o)
}

// describeOwn words me, the report of a failure that is no statement's,
// with the statement that ran last, whose line it takes, and with what
// strata was doing (the wrapping of cause, which the server's message
// leaves out), or that the run was interrupted between statements.
func (e *execution) describeOwn(me *MigrationError, cause error, interrupted bool) {
	where := "before the first statement of this section ran"
	if e.ran == 0 && e.p.resumeAt > 1 {
		where = fmt.Sprintf("before statement %d, where this run resumed the section, ran", e.p.resumeAt)
	}
	if n := e.ran; n > 0 && n <= len(e.p.stmts) {
		st := e.p.stmts[n-1]
		where = fmt.Sprintf("after statement %d (line %d) ran", n, st.Start.Line)
		me.Line, me.StatementLine = st.Start.Line, lineAt(e.p.sec.SQL, st.Start.Offset-e.p.sec.Offset)
	}
	if interrupted {
		me.Message = "interrupted " + where + ", before the next one began: " + strings.TrimPrefix(me.Message, "interrupted: ")
		return
	}
	doing := ownDoing(cause)
	if doing == "" {
		doing = "its own bookkeeping"
	}
	me.Message = fmt.Sprintf("%s, strata failed in %s: %s", where, doing, me.Message)
}

// ownDoing is what strata was doing when cause happened: the text that
// strata's wrappings put before the database's error ("writing progress
// to migration_locks"), or "".
func ownDoing(cause error) string {
	inner := cause
	for {
		next := errors.Unwrap(inner)
		if next == nil {
			break
		}
		inner = next
	}
	if inner == cause {
		return ""
	}
	doing, ok := strings.CutSuffix(cause.Error(), inner.Error())
	if !ok {
		return ""
	}
	return strings.TrimRight(doing, ": ")
}

// ownHint is what to do after strata's own work failed: resume is the
// statement a statement-by-statement section resumes at, 0 for one that
// runs again whole.
func ownHint(cmd string, resume int) string {
	again := cmd + " again"
	if resume > 0 {
		again += fmt.Sprintf(": it resumes at statement %d", resume)
	}
	return "Try: remove what stopped strata (the database's message above: a privilege on strata's tables, a full disk, a setting the migration made that strata could not undo) and run " +
		again + "; strata status shows what was recorded; should the next run report this run's lock still held, strata unlock frees it; " +
		"should the history and the database disagree, strata repair records the files as they are"
}

// timeoutMessage says that a statement outlived its section's
// -- strata:timeout where strata, not the server, keeps the limit
// (SQLite), and what may have held it up.
func timeoutMessage(limit time.Duration) string {
	return fmt.Sprintf("the statement ran longer than its section's -- strata:timeout %s and was stopped "+
		"(the time includes waiting for another connection's write lock on the database file, which SQLite keeps while it writes); "+
		"raise the timeout in the file, or run again once the other writer is done", limit)
}
