package strata

import (
	"testing"

	"github.com/strata-db/strata/internal/source"
)

// The database's code follows the first line of its message, not the
// DETAIL or HINT lines after it; the text starts with the file when there
// is one, and leaves the hint (what to do next) to the caller.
func TestMigrationErrorText(t *testing.T) {
	for _, c := range []struct {
		name string
		me   *MigrationError
		want string
	}{
		{"statement", &MigrationError{Kind: ErrMigrationFailed, File: "002_a.sql", Line: 3, Statement: 2, Code: "23505",
			Message: "could not create unique index \"t_v\"\nDETAIL: Key (v)=(7) is duplicated.", Hint: "Try: fix 002_a.sql and run strata up again"},
			"002_a.sql:3: statement 2: could not create unique index \"t_v\" (23505)\nDETAIL: Key (v)=(7) is duplicated."},
		{"file", &MigrationError{Kind: ErrNoDownSection, File: "002_a.sql", Message: "no down section", Hint: "Try: add one"},
			"002_a.sql: no down section"},
		{"no file", &MigrationError{Kind: ErrUnknownVersion, Message: "no migration is applied, so there is nothing to redo", Hint: "Try: strata up"},
			"no migration is applied, so there is nothing to redo"},
	} {
		if got := c.me.Error(); got != c.want {
			t.Errorf("%s: got:\n%s\nwant:\n%s", c.name, got, c.want)
		}
	}
}

func TestStatementRange(t *testing.T) {
	for _, c := range []struct {
		from, to int
		want     string
	}{{1, 0, "no statement"}, {1, 1, "statement 1"}, {1, 3, "statements 1-3"}, {4, 4, "statement 4"}} {
		if got := statementRange(c.from, c.to); got != c.want {
			t.Errorf("%d-%d: %q, want %q", c.from, c.to, got, c.want)
		}
	}
	for n, want := range map[int]string{0: "No statement was committed", 1: "Statement 1 was committed", 2: "Statements 1-2 were committed"} {
		if got := committed(n); got != want {
			t.Errorf("committed(%d) = %q, want %q", n, got, want)
		}
	}
}

// TestFailHint pins what a failure report says was left and what to do,
// per direction, transaction and how far the section got, and which
// statement the advice to retry (MigrationError.Retry, worded by the
// caller) would run again.
func TestFailHint(t *testing.T) {
	up := &step{dir: "up", sec: &source.Section{File: "002_a.sql"}, resumeAt: 1}
	down := &step{dir: "down", sec: &source.Section{File: "002_a.sql"}, resumeAt: 1}
	crashed := &step{dir: "up", sec: &source.Section{File: "002_a.sql"}, resumeAt: 2, unknown: true}
	for _, c := range []struct {
		name        string
		p           *step
		inTx        bool
		stmt, done  int
		interrupted bool
		want        string
		retry       int
	}{
		{"up in a transaction", up, true, 2, 0, false,
			"Nothing of this migration was applied: its transaction was rolled back. Try: fix 002_a.sql and run strata up again", 0},
		{"down in a transaction", down, true, 1, 0, false,
			"Nothing of this roll back was done: its transaction was rolled back, and the migration stays applied. Try: fix the down section of 002_a.sql and run strata down again", 0},
		{"one committed", up, false, 2, 1, false,
			"Statement 1 of this section was committed and stays so (statements commit one by one here). Try: fix statement 2 in 002_a.sql and run strata up again: it resumes at that statement", 2},
		{"down, three committed", down, false, 4, 3, false,
			"Statements 1-3 of this section were committed and stay so (statements commit one by one here). Try: fix statement 4 in the down section of 002_a.sql and run strata down again: it resumes at that statement", 4},
		{"not a statement's failure", up, false, 0, 2, false,
			"Statements 1-2 of this section were committed and stay so (statements commit one by one here). " + ownHint("strata up", 3), 0},
		{"interrupted down", down, false, 2, 1, true,
			"Statement 1 of this section was committed and stays so (statements commit one by one here). Try: strata down, to continue", 0},
		{"re-run after a crash", crashed, false, 2, 1, false,
			"Statement 1 of this section was committed and stays so (statements commit one by one here). Statement 2 was running when the previous runner died, so it may have taken effect then; " +
				"running it again failed, and only \"already exists\" of the object it creates counts as proof that it had. Try: check the database: if statement 2 had taken effect, " +
				"change it to fit the database as it is now (IF EXISTS, IF NOT EXISTS) or remove it; otherwise fix it; then run strata up again: it resumes at statement 2", 0},
	} {
		me := &MigrationError{Statement: c.stmt, Applied: c.done}
		got := failHint(c.p, c.inTx, me, c.interrupted, "")
		if got != c.want {
			t.Errorf("%s:\ngot  %s\nwant %s", c.name, got, c.want)
		}
		if me.Retry != c.retry {
			t.Errorf("%s: Retry = %d, want %d", c.name, me.Retry, c.retry)
		}
	}
}
