package strata

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/strata-db/strata/internal/dialect"
	"github.com/strata-db/strata/internal/history"
	"github.com/strata-db/strata/internal/sqlsplit"
)

// fail rolls back what can be rolled back, records the failed attempt and
// returns the error for the caller. i is the failing statement's index, -1
// when the failure is not a statement's (BEGIN, COMMIT, the history row).
func (e *execution) fail(ctx context.Context, st *state, i int, cause error, tx interface{ Rollback() error }) error {
	s, m, p := e.s, e.s.m, e.p
	bg := context.WithoutCancel(ctx)
	interrupted := ctx.Err() != nil
	if interrupted && s.id.sessionID != "" {
		// A cancel request that arrives after its statement has ended can
		// hit the next one; give it a harmless statement to hit.
		s.conn.ExecContext(bg, "SELECT 1")
	}
	if tx != nil {
		tx.Rollback()
	}
	info := m.d.Classify(cause)
	if e.shift > 0 && info.Position > e.shift {
		info.Position -= e.shift
	}
	inTx := m.inTransaction(p.sec)
	a := e.attempt(false)
	a.ErrorCode, a.ErrorMessage = info.Code, redact(info.Message, m.o.secrets)
	switch {
	case interrupted && errors.Is(cause, errRanToEnd):
		a.ErrorCode = history.CodeCancelled
		a.ErrorMessage = "cancelled (signal or cancelled context) while this statement ran; " + a.ErrorMessage
	case interrupted && i < 0:
		a.ErrorCode = history.CodeCancelled
		a.ErrorMessage = "cancelled (signal or cancelled context) between statements; " + a.ErrorMessage
	case interrupted:
		a.ErrorCode = history.CodeCancelled
		a.ErrorMessage = "cancelled (signal or cancelled context) while running this statement; " + a.ErrorMessage
	case info.Kind == dialect.ConnectionLost:
		a.ErrorMessage = fmt.Sprintf("the database session was lost (%s): %s", orUnknown(info.Code), a.ErrorMessage)
		a.ErrorCode = codeConnectionLost
	}
	me := m.failed(p, i, info, cause)
	if !interrupted && i >= 0 && errors.Is(cause, context.DeadlineExceeded) && p.sec.Timeout > 0 {
		// The section's time limit, kept by strata where the database
		// has none (SQLite): said as such, not as the context's words.
		me.Message = timeoutMessage(p.sec.Timeout)
		a.ErrorMessage = me.Message
	}
	if interrupted {
		me.Kind, me.Message = ErrInterrupted, "interrupted: "+me.Message
		me.interruption = ctx.Err()
	}
	if i >= 0 && i < len(p.stmts) {
		a.ErrorStatement, a.ErrorLine = i+1, me.Line
	}
	if !inTx {
		a.StatementsApplied = len(e.hashes)
		a.StatementChecksums = strings.Join(e.hashes, ",")
		me.Applied = len(e.hashes)
	}
	if i < 0 {
		e.describeOwn(me, cause, interrupted)
		a.ErrorLine = me.Line
	}
	left := ""
	if !inTx && !interrupted && i >= 0 && i < len(p.stmts) && info.Kind != dialect.ConnectionLost {
		left = e.leftBehind(bg, s.conn, p.stmts[i].Text)
	}
	me.Hint = failHint(p, inTx, me, interrupted, left)
	if !interrupted && e.describeEmptied(me, cause, command(p.dir)) {
		a.ErrorMessage = me.Message
	}
	if !interrupted {
		if lost, ok := e.lostTracking(bg, i, info, a, me); ok {
			s.next, s.continues = nil, false
			return lost
		}
	}
	// The lock connection may be the thing that failed; any connection of
	// the pool can write the record.
	var q dialect.Querier = s.conn
	if info.Kind == dialect.ConnectionLost {
		q = m.db
	}
	if q == s.conn {
		e.restoreSession() // its error changes nothing: the run ends here
	}
	// A failure ends the run: the lock row goes with the record.
	s.next, s.continues = nil, false
	if err := e.recordFinal(bg, q, a); err != nil {
		return errors.Join(me, fmt.Errorf("and the failed attempt could not be recorded: %w (strata records it on its next run)", m.connError(err)))
	}
	st.record(a)
	return me
}

// failed is the error of step p failing at its statement i (0-based; -1
// when the failure is no statement's) with cause, the database's error,
// which it keeps for errors.As, and info, what that error says: the file,
// the line and column of the server's position, and the message.
// The runs and Verify report a failed statement alike through it.
func (m *Migrator) failed(p *step, i int, info dialect.ErrorInfo, cause error) *MigrationError {
	me := &MigrationError{Kind: ErrMigrationFailed, Version: p.mig.Version.String(), Name: p.mig.Name, File: p.sec.File, Direction: p.dir,
		Code: info.Code, Message: redact(info.Message, m.o.secrets), cause: cause}
	if i >= 0 && i < len(p.stmts) {
		stmt := p.stmts[i]
		me.Statement, me.Line = i+1, stmt.Start.Line
		locate(me, stmt, info, p.sec.SQL, p.sec.Offset)
	}
	return me
}

// failHint says what a failed section left behind and what to do next;
// left describes what the failed statement itself left (see leftBehind).
// Where running the statement again unchanged may do, it sets me.Retry
// instead of wording that advice, which names an option of the caller's.
func failHint(p *step, inTx bool, me *MigrationError, interrupted bool, left string) string {
	var b strings.Builder
	cmd := command(p.dir)
	switch {
	case inTx && p.dir == history.Down:
		b.WriteString("Nothing of this roll back was done: its transaction was rolled back, and the migration stays applied. ")
	case inTx:
		b.WriteString("Nothing of this migration was applied: its transaction was rolled back. ")
	case me.Applied == 1:
		b.WriteString("Statement 1 of this section was committed and stays so (statements commit one by one here). ")
	case me.Applied > 1:
		fmt.Fprintf(&b, "Statements 1-%d of this section were committed and stay so (statements commit one by one here). ", me.Applied)
	default:
		b.WriteString("No statement of this section was committed. ")
	}
	unknown := p.unknown && me.Statement == p.resumeAt && !interrupted
	if unknown {
		fmt.Fprintf(&b, "Statement %d was running when the previous runner died, so it may have taken effect then; running it again failed, "+
			"and only \"already exists\" of the object it creates counts as proof that it had. ", me.Statement)
	}
	b.WriteString(left)
	section := p.sec.File
	if p.dir == history.Down {
		section = "the down section of " + p.sec.File
	}
	switch {
	case interrupted:
		fmt.Fprintf(&b, "Try: %s, to continue", cmd)
	case unknown:
		fmt.Fprintf(&b, "Try: check the database: if statement %d had taken effect, change it to fit the database as it is now (IF EXISTS, IF NOT EXISTS) or remove it; "+
			"otherwise fix it; then run %s again: it resumes at statement %d", me.Statement, cmd, me.Statement)
	case me.Statement == 0 && !inTx:
		b.WriteString(ownHint(cmd, me.Applied+1))
	case me.Statement == 0:
		b.WriteString(ownHint(cmd, 0))
	case !inTx && me.Applied > 0:
		fmt.Fprintf(&b, "Try: fix statement %d in %s and run %s again: it resumes at that statement", me.Statement, section, cmd)
		me.Retry = me.Statement
	default:
		fmt.Fprintf(&b, "Try: fix %s and run %s again", section, cmd)
	}
	return b.String()
}

func orUnknown(s string) string {
	if s == "" {
		return "no error code"
	}
	return s
}

// locate turns the server's position in a statement into a line and column
// in the file, and keeps that line's text for a caret.
func locate(me *MigrationError, stmt sqlsplit.Statement, info dialect.ErrorInfo, secSQL string, secOffset int) {
	text := stmt.Text
	off := -1
	switch {
	case info.Position > 0:
		// PostgreSQL counts characters from 1.
		n := 0
		for i := range text {
			n++
			if n == info.Position {
				off = i
				break
			}
		}
	case info.Line > 0:
		lineStart := 0
		for l := 1; l < info.Line; l++ {
			j := strings.IndexByte(text[lineStart:], '\n')
			if j < 0 {
				lineStart = -1
				break
			}
			lineStart += j + 1
		}
		if lineStart >= 0 {
			off = lineStart
			if info.Near != "" {
				if j := strings.Index(text[lineStart:], info.Near); j >= 0 {
					off = lineStart + j
				}
			}
		}
	}
	if off < 0 {
		me.StatementLine = lineAt(secSQL, stmt.Start.Offset-secOffset)
		me.Column = 0
		return
	}
	line, col := stmt.Start.Line, stmt.Start.Column
	for _, r := range text[:off] {
		if r == '\n' {
			line, col = line+1, 1
		} else {
			col++
		}
	}
	me.Line, me.Column = line, col
	me.StatementLine = lineAt(secSQL, stmt.Start.Offset-secOffset+off)
}
