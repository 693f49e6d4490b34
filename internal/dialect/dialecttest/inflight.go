package dialecttest

// A runner died while a statement ran that is neither DDL nor a row
// change: a CALL of a procedure whose INSERT commits on its own (MySQL,
// PostgreSQL), a WITH … INSERT, which strata does not take for a row
// change and runs on its own (SQLite). Its effect may be in the database
// already, and running it again would repeat it: the next runner records
// the attempt, stops before running anything, and names the statement;
// --retry runs it again, and a file without it resumes after it.

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"testing"

	"github.com/strata-db/strata"
)

// inFlightFiles are the migrations of the cases: 001 makes the table runs
// and what the side-effect statement needs; 002's statement 2 (line 3 in
// of up, line 8 of down) adds 100 to runs as a side effect.
func (e *env) inFlightFiles() (setup, effect string) {
	switch e.dialect {
	case strata.Postgres:
		return "CREATE TABLE runs (n INTEGER);\nCREATE PROCEDURE p() LANGUAGE sql AS $$ INSERT INTO runs VALUES (100) $$;\n", "CALL p();\n"
	case strata.MySQL:
		return "CREATE TABLE runs (n INTEGER);\nCREATE PROCEDURE p() BEGIN INSERT INTO runs VALUES (100); END;\n", "CALL p();\n"
	}
	return "CREATE TABLE runs (n INTEGER);\n", "WITH v AS (SELECT 100 AS n) INSERT INTO runs (n) SELECT n FROM v;\n"
}

// writeInFlight writes the dialect's files; up gets the side effect
// between two row changes, and so does down.
func (e *env) writeInFlight(withEffect bool) {
	setup, effect := e.inFlightFiles()
	if !withEffect {
		effect = ""
	}
	e.rewrite("001_runs.sql", setup)
	e.rewrite("002_effect.sql", "-- strata:no-transaction\nINSERT INTO runs VALUES (21);\n"+effect+"INSERT INTO runs VALUES (22);\n"+
		"-- strata:down\n-- strata:no-transaction\nDELETE FROM runs WHERE n = 22;\n"+effect+"DELETE FROM runs WHERE n = 21;\n")
}

// runsOf counts the rows of runs holding n.
func (e *env) runsOf(n int) int {
	e.t.Helper()
	var c int
	if err := e.db.DB.QueryRow("SELECT count(*) FROM runs WHERE n = " + strconv.Itoa(n)).Scan(&c); err != nil {
		e.t.Fatal(err)
	}
	return c
}

// wantInFlightStop checks the refusal of a resume at a statement whose
// outcome cannot be proven: nothing ran, and the error names the
// statement, its file and line, and both ways on.
func (e *env) wantInFlightStop(err error, dir string, line int) {
	t := e.t
	t.Helper()
	var me *strata.MigrationError
	if !errors.Is(err, strata.ErrPartiallyApplied) || !errors.As(err, &me) || me.Statement != 2 || me.Line != line || me.File != "002_effect.sql" {
		t.Fatalf("want the resume refused at statement 2 (line %d of 002_effect.sql), got %v", line, err)
	}
	for _, s := range []string{"002_effect.sql:" + strconv.Itoa(line), "was running when the previous runner died", "cannot tell whether it took effect"} {
		if !strings.Contains(me.Message, s) {
			t.Errorf("the message does not say %q: %s", s, me.Message)
		}
	}
	for _, s := range []string{"strata " + dir + " --retry runs it again", "remove it from"} {
		if !strings.Contains(me.Hint, s) {
			t.Errorf("the hint does not say %q: %s", s, me.Hint)
		}
	}
	var interrupted []strata.Attempt
	for _, a := range e.history(e.migrator(e.fsys)) {
		if a.ErrorCode == "interrupted" {
			interrupted = append(interrupted, a)
		}
	}
	if len(interrupted) != 1 || !strings.Contains(interrupted[0].ErrorMessage, "strata stops before running it again") {
		t.Errorf("the interrupted attempt does not say the resume stops: %+v", interrupted)
	}
}

func init() {
	recoveryCases = append(recoveryCases,
		recoveryCase{
			name:  "UpInFlightSideEffectStops",
			files: []string{"001_runs.sql", "", "002_effect.sql", ""},
			before: func(t *testing.T, e *env, m *strata.Migrator) {
				e.writeInFlight(true)
				e.up(m, strata.To("1"))
				// Statement 1 committed with its record; statement 2 ran
				// too, and the runner died before recording it.
				e.exec("INSERT INTO runs VALUES (21)")
				e.exec("INSERT INTO runs VALUES (100)")
			},
			dead: deadRunner{command: "up", version: "2", direction: "up", done: 1, inflight: true},
			want: wantAttempt{version: "2", direction: "up", stmt: 2, applied: 1},
			next: func(t *testing.T, e *env, m *strata.Migrator) {
				_, err := m.Up(context.Background())
				e.wantInFlightStop(err, "up", 3)
				if e.runsOf(100) != 1 || e.runsOf(22) != 0 {
					t.Fatalf("the refused resume ran something: 100 × %d, 22 × %d", e.runsOf(100), e.runsOf(22))
				}
				// It had run: the file loses it, and the resume goes on
				// after it.
				e.writeInFlight(false)
				r, err := m.Up(context.Background())
				e.wantRan(r, err, ran{"2", "up", 2, 1, []string{"resumed at statement 2", "has been changed since"}})
				if e.runsOf(21) != 1 || e.runsOf(100) != 1 || e.runsOf(22) != 1 {
					t.Errorf("runs: 21 × %d, 100 × %d, 22 × %d; want each once", e.runsOf(21), e.runsOf(100), e.runsOf(22))
				}
				// The recorded attempt is checked against the file as the
				// dead runner ran it.
				e.writeInFlight(true)
			},
		},
		recoveryCase{
			name:  "UpInFlightSideEffectRetried",
			files: []string{"001_runs.sql", "", "002_effect.sql", ""},
			before: func(t *testing.T, e *env, m *strata.Migrator) {
				e.writeInFlight(true)
				e.up(m, strata.To("1"))
				// The statement in flight had not run.
				e.exec("INSERT INTO runs VALUES (21)")
			},
			dead: deadRunner{command: "up", version: "2", direction: "up", done: 1, inflight: true},
			want: wantAttempt{version: "2", direction: "up", stmt: 2, applied: 1},
			next: func(t *testing.T, e *env, m *strata.Migrator) {
				_, err := m.Up(context.Background())
				e.wantInFlightStop(err, "up", 3)
				r, err := m.Up(context.Background(), strata.Retry())
				e.wantRan(r, err, ran{"2", "up", 2, 2, []string{"resumed at statement 2", "ran again unchanged (retry)"}})
				if e.runsOf(21) != 1 || e.runsOf(100) != 1 || e.runsOf(22) != 1 {
					t.Errorf("runs: 21 × %d, 100 × %d, 22 × %d; want each once", e.runsOf(21), e.runsOf(100), e.runsOf(22))
				}
			},
		},
		recoveryCase{
			// A row change commits with the progress record after it: in
			// flight, it was rolled back, and the resume runs it.
			name:  "UpInFlightRowChangeRuns",
			files: []string{"001_runs.sql", "", "002_effect.sql", ""},
			before: func(t *testing.T, e *env, m *strata.Migrator) {
				e.writeInFlight(false)
				e.up(m, strata.To("1"))
				e.exec("INSERT INTO runs VALUES (21)")
			},
			dead: deadRunner{command: "up", version: "2", direction: "up", done: 1, inflight: true},
			want: wantAttempt{version: "2", direction: "up", stmt: 2, applied: 1},
			next: func(t *testing.T, e *env, m *strata.Migrator) {
				r, err := m.Up(context.Background())
				e.wantRan(r, err, ran{"2", "up", 2, 1, []string{"resumed at statement 2"}})
				if e.runsOf(21) != 1 || e.runsOf(22) != 1 {
					t.Errorf("runs: 21 × %d, 22 × %d; want each once", e.runsOf(21), e.runsOf(22))
				}
				for _, a := range e.history(m) {
					if a.ErrorCode == "interrupted" && !strings.Contains(a.ErrorMessage, "row change, which commits together with strata's record of it, so it did not take effect") {
						t.Errorf("the interrupted attempt does not say the row change did not take effect: %s", a.ErrorMessage)
					}
				}
			},
		},
		recoveryCase{
			name:  "DownInFlightSideEffectStops",
			files: []string{"001_runs.sql", "", "002_effect.sql", ""},
			before: func(t *testing.T, e *env, m *strata.Migrator) {
				e.writeInFlight(true)
				e.up(m)
				e.exec("DELETE FROM runs WHERE n = 22")
			},
			dead: deadRunner{command: "down", version: "2", direction: "down", done: 1, inflight: true},
			want: wantAttempt{version: "2", direction: "down", stmt: 2, applied: 1},
			next: func(t *testing.T, e *env, m *strata.Migrator) {
				_, err := m.Down(context.Background())
				e.wantInFlightStop(err, "down", 8)
				if e.runsOf(100) != 1 || e.runsOf(21) != 1 {
					t.Fatalf("the refused resume ran something: 100 × %d, 21 × %d", e.runsOf(100), e.runsOf(21))
				}
				r, err := m.Down(context.Background(), strata.Retry())
				e.wantRan(r, err, ran{"2", "down", 2, 2, []string{"resumed at statement 2", "ran again unchanged (retry)"}})
				if e.runsOf(100) != 2 || e.runsOf(21) != 0 {
					t.Errorf("runs after the retried down: 100 × %d, 21 × %d; want 2 and 0", e.runsOf(100), e.runsOf(21))
				}
			},
		})
}
