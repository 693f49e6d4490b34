package strata

import (
	"fmt"
	"strings"

	"github.com/strata-db/strata/internal/history"
)

// A statement that was running when its runner died may or may not have
// taken effect. Running it again on resume is safe only where the outcome
// cannot be doubled: a row change (see isDML) commits in one transaction
// with strata's record of it, so it is known done or known undone; DDL
// either fails when it had run ("already exists" of its own object is the
// proof strata takes) or does the same thing twice; a statement that only
// sets the session commits nothing. Anything else (CALL, DO, EXECUTE, a
// SELECT of a function, WITH … INSERT, COPY, LOAD DATA) may have committed
// effects that a second run repeats without an error: the resume stops and
// asks.

// rerunFirstWords are the first keywords of statements whose re-run after
// a crash cannot apply their effect twice: DDL, and maintenance that only
// recomputes what the database already holds.
var rerunFirstWords = map[string]bool{
	"CREATE": true, "ALTER": true, "DROP": true, "TRUNCATE": true, "RENAME": true, "COMMENT": true,
	"GRANT": true, "REVOKE": true, "VACUUM": true, "ANALYZE": true, "REINDEX": true, "CLUSTER": true,
	"REFRESH": true, "OPTIMIZE": true,
}

// rerunSafe reports whether a statement that was in flight when its
// runner died may run again on resume without anyone checking first.
func (m *Migrator) rerunSafe(text string) bool {
	if isDML(text) || m.d.SetsSession(text) {
		return true
	}
	toks := tokenize(text, m.d.Name() == "mysql")
	if len(toks) == 0 || toks[0].punct || toks[0].quoted {
		return false
	}
	return rerunFirstWords[strings.ToUpper(toks[0].text)]
}

// stopNote and rowNote replace, in the attempt recorded for a dead
// runner, the note that the statement in flight runs again on resume and
// may have run, where it does not, or certainly had not.
const (
	rerunNote = "strata runs it again on resume and takes \"already exists\" of the object it creates as proof that it had"
	stopNote  = "it is neither DDL nor a row change, so its outcome cannot be proven, and strata stops before running it again"
	// A row change commits in one transaction with the progress record
	// that names the next statement: one that is still in flight in the
	// record was rolled back with the runner's transaction.
	rowNote = "it is a row change, which commits together with strata's record of it, so it did not take effect, and strata runs it on resume"
)

// inFlightError is planResume's refusal to run again, unasked, a
// statement that was in flight when the previous runner died and whose
// re-run could apply its effects twice.
func (m *Migrator) inFlightError(s *step, f *history.Attempt, base MigrationError) error {
	k := s.resumeAt
	st := s.stmts[k-1]
	e := base
	e.Statement, e.Line = k, st.Start.Line
	e.StatementLine = lineAt(s.sec.SQL, st.Start.Offset-s.sec.Offset)
	attempt := "the interrupted attempt"
	if f.ID != 0 {
		attempt = fmt.Sprintf("attempt #%d", f.ID)
	}
	e.Message = fmt.Sprintf("statement %d (%s:%d) was running when the previous runner died (%s), and strata cannot tell whether it took effect: "+
		"it is neither DDL, whose re-run fails where it had run, nor a row change, which commits together with strata's record of it, "+
		"so running it again could apply its effects twice", k, s.sec.File, st.Start.Line, attempt)
	cmd := command(s.dir)
	section := s.sec.File
	if s.dir == history.Down {
		section = "the down section of " + s.sec.File
	}
	e.Hint = fmt.Sprintf("Try: check the database for the effects of statement %d. If it did not run, %s --retry runs it again; "+
		"if it did, remove it from %s (the %s is not done, so the file may change) and run %s: it resumes at the statement after it",
		k, cmd, section, map[bool]string{true: "roll back", false: "migration"}[s.dir == history.Down], cmd)
	return &e
}
