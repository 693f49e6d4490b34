package strata

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/strata-db/strata/internal/dialect"
)

// runScript is runTx for a database that runs a whole script in one
// request and still tells which statement failed (PostgreSQL, see
// dialect.ScriptRunner): the progress record, BEGIN, the statements, the
// history row and COMMIT travel together, so a migration costs one round
// trip however many statements it has, where psql running the same file
// needs one per statement. It returns dialect.ErrScriptUnsupported, having
// done nothing, when the driver cannot do it.
//
// The progress record commits on its own before BEGIN: should this runner
// die, the next one knows which migration it was on, even when the server
// goes on to commit that migration after the runner's death (see
// staleAttempt). Before each statement a mark (dialect.ScriptRunner's
// MarkSQL) shows the others which statement runs, for the slow-migration
// warning: the server reports the statements' completions only when the
// script ends.
func (e *execution) runScript(ctx context.Context, st *state, sr dialect.ScriptRunner) error {
	s, m := e.s, e.s.m
	tx := connTx{s.conn, e.base}
	n := len(e.p.stmts)
	begin := []string{m.store.SetProgressScriptSQL(s.id.owner, e.progress(0, true), time.Now().UTC(), sr), "COMMIT", "BEGIN"}
	if ctx.Err() != nil {
		return e.fail(ctx, st, 0, ctx.Err(), nil)
	}
	if e.p.sec.Timeout > 0 {
		// A time limit set in the same request as the first statement
		// might not cover it: the server arms the timer per request.
		set, _ := m.d.SetTimeout(e.p.sec.Timeout, true)
		if _, _, err := sr.ExecScript(e.base, s.conn, append(begin, set...), nil); err != nil {
			if errors.Is(err, dialect.ErrScriptUnsupported) {
				return err
			}
			return e.fail(ctx, st, -1, err, tx)
		}
		begin = nil
	}
	size := len(begin) + 2*n + 3
	parts := make([]string, 0, size)
	// stmtOf[i] is the statement that part i is, -1 for strata's own
	// parts; runs[i] the statement running once i parts are done.
	stmtOf, runs := make([]int, 0, size), make([]int, 0, size+1)
	add := func(part string, stmt, running int) {
		parts, stmtOf, runs = append(parts, part), append(stmtOf, stmt), append(runs, running)
	}
	for _, b := range begin {
		add(b, -1, 0)
	}
	version := e.p.mig.Version.String()
	for i, stmt := range e.p.stmts {
		if needsMark(i) {
			add(sr.MarkSQL(markLabel(version, i, n)), -1, i)
		}
		add(stmt.Text, i, i)
	}
	last := max(n-1, 0)
	for _, r := range e.inlineReset() {
		add(r, -1, last)
	}
	// The row is written before the statements run, so its duration is
	// the server's: the time since the transaction began.
	a := e.attempt(true)
	a.StatementsApplied = n
	check := -1
	if id := s.historyMark(st); id > 0 {
		check = len(parts)
		add(m.store.IntactScriptSQL(id), -1, last)
	}
	recordAt := len(parts)
	add(m.store.RecordScriptSQL(a, sr), -1, last)
	if s.last() {
		add(m.store.DropHolderScriptSQL(s.id.owner, sr), -1, last)
	}
	add("COMMIT", -1, last)
	runs = append(runs, last)
	e.current.Store(0)
	ask := func() (int, bool) {
		rctx, cancel := context.WithTimeout(e.base, 5*time.Second)
		defer cancel()
		label, err := sr.ReadMark(rctx, m.db, s.id.sessionID)
		if err != nil {
			return 0, false
		}
		return parseMark(label, version, n)
	}
	e.running.Store(&ask)
	failed, shift, err := sr.ExecScript(e.stmtBase, s.conn, parts, func(done int) {
		e.current.Store(int64(runs[min(done, len(runs)-1)]))
	})
	e.running.Store(nil)
	if err != nil {
		if errors.Is(err, dialect.ErrScriptUnsupported) {
			return err
		}
		i := -1
		if failed >= 0 && failed < len(stmtOf) {
			i = stmtOf[failed]
			for _, st := range stmtOf[:failed] {
				if st >= 0 {
					e.ran++
				}
			}
		}
		e.shift = shift
		switch {
		case failed == 0 && begin != nil:
			err = fmt.Errorf("writing progress to %s: %w", m.store.Tables().Locks, err)
		case failed == check:
			err = historyEmptied{table: m.store.Tables().History, err: err}
		case failed == recordAt:
			err = fmt.Errorf("recording the attempt of version %s in %s: %w", version, m.store.Tables().History, err)
		}
		return e.fail(ctx, st, i, err, tx)
	}
	a.Duration = time.Since(e.start)
	e.resetCommitted()
	st.record(a)
	return nil
}

// needsMark says whether statement i needs a mark before it. The first
// does not: until a mark shows, the one running is statement 1 (an
// earlier migration's mark was SET LOCAL and ended with its transaction),
// so a one-statement migration, the most common kind, sends none.
func needsMark(i int) bool { return i > 0 }

// markLabel is what a running script shows while its statement i (of n)
// of version runs, for whoever looks at the server's sessions too.
func markLabel(version string, i, n int) string {
	return fmt.Sprintf("strata: version %s, statement %d of %d", version, i+1, n)
}

// parseMark reads the statement index back from a markLabel of version.
func parseMark(label, version string, n int) (int, bool) {
	rest, ok := strings.CutPrefix(label, "strata: version "+version+", statement ")
	if !ok {
		return 0, false
	}
	num, _, _ := strings.Cut(rest, " ")
	i, err := strconv.Atoi(num)
	if err != nil || i < 1 || i > n {
		return 0, false
	}
	return i - 1, true
}
