package strata

import (
	"context"
	"fmt"
	"strings"

	"github.com/strata-db/strata/internal/dialect"
	"github.com/strata-db/strata/internal/history"
)

// statementRange names statements from to to: "statement 3", "statements
// 1-4", "no statement".
func statementRange(from, to int) string {
	if to < from {
		return "no statement"
	}
	if from == to {
		return fmt.Sprintf("statement %d", from)
	}
	return fmt.Sprintf("statements %d-%d", from, to)
}

// committed says how many statements of a section committed: "Statement
// 1 was committed", "Statements 1-3 were committed".
func committed(n int) string {
	switch n {
	case 0:
		return "No statement was committed"
	case 1:
		return "Statement 1 was committed"
	}
	return fmt.Sprintf("Statements 1-%d were committed", n)
}

// command is the strata command that runs a section of direction dir.
func command(dir string) string {
	if dir == history.Down {
		return "strata down"
	}
	return "strata up"
}

// planResume decides where a section that stopped half way resumes, going
// up or down. The statements that ran are committed, so they must not run
// again, and must not have changed: strata could no longer say what the
// database holds. An unchanged file resumes only after an interruption, a
// failure that was not a statement's, or with retry.
func (m *Migrator) planResume(s *step, f *history.Attempt, retry bool) error {
	done := f.StatementsApplied
	var hashes []string
	if f.StatementChecksums != "" {
		hashes = strings.Split(f.StatementChecksums, ",")
	}
	what, cmd := "migration", command(s.dir)
	if s.dir == history.Down {
		what = "down section"
	}
	base := MigrationError{Kind: ErrPartiallyApplied, Version: s.mig.Version.String(), Name: s.mig.Name, File: s.sec.File,
		Direction: s.dir, Applied: done}
	if len(hashes) < done {
		e := base
		e.Message = fmt.Sprintf("attempt #%d recorded %d applied statements but only %d statement checksums", f.ID, done, len(hashes))
		e.Hint = "Try: check the database by hand, then strata repair to run the " + what + " again from its first statement"
		return &e
	}
	for i := 0; i < done; i++ {
		if i >= len(s.stmts) || stmtHash(s.stmts[i].Text) != hashes[i] {
			e := base
			e.Statement = i + 1
			if i < len(s.stmts) {
				e.Line = s.stmts[i].Start.Line
			}
			e.Message = fmt.Sprintf("%s of this %s already ran and %s committed, and statement %d has been changed (or removed) since",
				statementRange(1, done), what, map[bool]string{true: "is", false: "are"}[done == 1], i+1)
			e.Hint = "Try: restore the statements that already ran as they were, and fix only the failed one and those after it; " +
				"or, if you changed the database by hand to match the new file, record that with strata repair (the " + what + " then runs again from its first statement)"
			return &e
		}
	}
	next := done + 1
	interrupted := f.ErrorCode == history.CodeInterrupted || f.ErrorCode == history.CodeCancelled || f.ErrorCode == codeConnectionLost
	unchanged := f.Checksum == s.mig.Up.Checksum
	if s.dir == history.Down {
		unchanged = f.DownChecksum == s.mig.Down.Checksum
	}
	if !interrupted && unchanged && f.ErrorStatement > 0 && !retry {
		e := base
		e.Statement = f.ErrorStatement
		e.Line = f.ErrorLine
		e.Code = f.ErrorCode
		after := ""
		if done > 0 {
			after = fmt.Sprintf(", after %s %s committed", statementRange(1, done), map[bool]string{true: "was", false: "were"}[done == 1])
		}
		e.Message = fmt.Sprintf("this %s failed at statement %d in attempt #%d (%s)%s: %s",
			what, f.ErrorStatement, f.ID, f.AppliedAt.UTC().Format("2006-01-02 15:04:05Z"), after, firstLine(f.ErrorMessage))
		e.Hint = fmt.Sprintf("Try: fix statement %d in %s and run %s again: it resumes at statement %d", f.ErrorStatement, s.sec.File, cmd, next)
		if done > 0 {
			e.Hint += " and does not run " + statementRange(1, done) + " again"
		}
		e.Retry = next
		return &e
	}
	s.resumeAt, s.from = next, f
	s.retried = !interrupted && unchanged && f.ErrorStatement > 0
	s.unknown = f.ErrorCode == history.CodeInterrupted && f.ErrorStatement == next
	if s.unknown && len(hashes) > done && done < len(s.stmts) && hashes[done] != stmtHash(s.stmts[done].Text) {
		// The statement the dead runner was on has been changed since:
		// whether the old text took effect says nothing about the new
		// one, so the new one runs as written and any error stops it.
		s.unknown, s.edited = false, true
	}
	if s.unknown && next <= len(s.stmts) && !m.rerunSafe(s.stmts[next-1].Text) {
		if !retry {
			return m.inFlightError(s, f, base)
		}
		// Run again at the user's word, which the attempt's warnings say.
		s.retried = true
	}
	return nil
}

// leftBehind looks, after a statement failed outside a transaction, for
// what it left that blocks running it again, and says how to remove it:
// the INVALID index of a failed CREATE INDEX CONCURRENTLY (PostgreSQL).
func (e *execution) leftBehind(ctx context.Context, q dialect.Querier, text string) string {
	f, ok := e.s.m.d.(dialect.InvalidIndexFinder)
	if !ok {
		return ""
	}
	name, table, ok := concurrentIndex(text)
	if !ok {
		return ""
	}
	fold := func(id ident) string {
		if id.quoted {
			return id.text
		}
		return strings.ToLower(id.text)
	}
	names, err := f.InvalidIndexes(ctx, q, fold(name), fold(table))
	if err != nil || len(names) == 0 {
		return ""
	}
	drops := make([]string, len(names))
	for i, n := range names {
		drops[i] = "DROP INDEX CONCURRENTLY " + n + ";"
	}
	return fmt.Sprintf("The failed CREATE INDEX CONCURRENTLY left the invalid index %s behind, which the statement cannot be run again over: drop it with %s ",
		strings.Join(names, ", "), strings.Join(drops, " "))
}

// concurrentIndex reads CREATE [UNIQUE] INDEX CONCURRENTLY [IF NOT EXISTS]
// [name] ON [ONLY] table; name is empty where the server names the index.
func concurrentIndex(text string) (name, table ident, ok bool) {
	p := &tokens{toks: tokenize(text, false)}
	if !p.word("CREATE") {
		return name, table, false
	}
	p.word("UNIQUE")
	if !p.words("INDEX", "CONCURRENTLY") {
		return name, table, false
	}
	p.words("IF", "NOT", "EXISTS")
	if !p.peekWord("ON") {
		if name, ok = p.name(); !ok {
			return name, table, false
		}
	}
	if !p.word("ON") {
		return name, table, false
	}
	p.word("ONLY")
	table, ok = p.name()
	return name, table, ok
}
