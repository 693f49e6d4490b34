package dialecttest

// The recovery contract: a runner died holding the lock, and the next one
// must record the attempt it left unfinished (which migration, which
// direction, how far it got) and carry on without running anything twice.
// Each case below is one branch of that reasoning, with the lock row the
// dead runner left written exactly as a runner writes it.

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/strata-db/strata"
)

// Three tables, created and dropped statement by statement (abcOneByOne)
// or in one transaction where the database has transactional DDL (abcTx;
// on MySQL both commit statement by statement). Line 2 of the file is
// statement 1 of the up section, line 7 statement 1 of the down section.
const (
	abcOneByOne = "-- strata:no-transaction\nCREATE TABLE a (id INTEGER PRIMARY KEY);\nCREATE TABLE b (id INTEGER PRIMARY KEY);\nCREATE TABLE c (id INTEGER PRIMARY KEY);\n" +
		"-- strata:down\n-- strata:no-transaction\nDROP TABLE c;\nDROP TABLE b;\nDROP TABLE a;\n"
	deOneByOne = "-- strata:no-transaction\nCREATE TABLE d (id INTEGER PRIMARY KEY);\nCREATE TABLE e (id INTEGER PRIMARY KEY);\n" +
		"-- strata:down\n-- strata:no-transaction\nDROP TABLE e;\nDROP TABLE d;\n"
	abcTx = "-- a transaction where the database allows it\nCREATE TABLE a (id INTEGER PRIMARY KEY);\nCREATE TABLE b (id INTEGER PRIMARY KEY);\nCREATE TABLE c (id INTEGER PRIMARY KEY);\n" +
		"-- strata:down\n-- a transaction where the database allows it\nDROP TABLE c;\nDROP TABLE b;\nDROP TABLE a;\n"
)

// deadRunner is what a runner killed while it held the lock leaves behind:
// its lock row, with the progress it last wrote.
type deadRunner struct {
	command string
	// The progress it wrote last; none when version is "".
	version, direction string
	done               int // statements it knew committed; their hashes come from the file
	inTx               bool
	// inflight: the progress also holds the hash of the statement after
	// those done, the one running, as strata writes it since issue 13 B5.
	inflight bool
}

// The dead runner's identity, as the next runner must record it.
const (
	deadBy  = "ghost@elsewhere"
	deadPID = 4242
)

// wantAttempt is the attempt the next runner must record for the dead one.
type wantAttempt struct {
	version, direction string // "" when nothing is to be recorded
	// stmt is the error_statement where the section's statements commit
	// one by one, and applied the statements known committed.
	stmt, applied int
	// rolledBack: the section ran in a transaction, which the database
	// rolled back when the runner died (except on MySQL, whose DDL commits
	// statement by statement): no statement is named, none applied.
	rolledBack bool
}

// ran is one migration a run must report.
type ran struct {
	version, direction string
	resumedAt          int
	statements         int
	// warnings, in order, each a substring of the warning at its place.
	warnings []string
}

type recoveryCase struct {
	name  string
	files []string // name, content, ...
	// before brings the database to where the runner died: what earlier
	// runs applied and what the dead runner's own statements committed.
	before func(t *testing.T, e *env, m *strata.Migrator)
	dead   deadRunner
	want   wantAttempt
	// next runs the command that finds the dead runner, and checks what it
	// did after recording the attempt.
	next func(t *testing.T, e *env, m *strata.Migrator)
	// skip names the issue that keeps the case from passing yet.
	skip string
}

var recoveryCases = []recoveryCase{
	{
		name:  "UpNoProgressTransaction",
		files: []string{"001_users.sql", users, "002_abc.sql", abcTx},
		before: func(t *testing.T, e *env, m *strata.Migrator) {
			e.up(m, strata.To("1"))
		},
		dead: deadRunner{command: "up"},
		want: wantAttempt{version: "2", direction: "up", stmt: 1, rolledBack: true},
		next: func(t *testing.T, e *env, m *strata.Migrator) {
			r, err := m.Up(context.Background())
			e.wantRan(r, err, ran{"2", "up", e.ifByStatement(false, 1, 0), 3, nil})
			e.wantTables("a", "b", "c")
		},
	},
	{
		name:  "UpNoProgressFirstStatementRan",
		files: []string{"001_users.sql", users, "002_abc.sql", abcOneByOne},
		before: func(t *testing.T, e *env, m *strata.Migrator) {
			e.up(m, strata.To("1"))
			e.exec("CREATE TABLE a (id INTEGER PRIMARY KEY)")
		},
		dead: deadRunner{command: "up"},
		want: wantAttempt{version: "2", direction: "up", stmt: 1},
		next: func(t *testing.T, e *env, m *strata.Migrator) {
			r, err := m.Up(context.Background())
			e.wantRan(r, err, ran{"2", "up", 1, 3, []string{"statement 1 (line 2) may have run before the previous runner died"}})
			e.wantTables("a", "b", "c")
		},
	},
	{
		// A resumed section, and every section on SQLite (its lease needs
		// the heartbeat), records its start before its first statement.
		name:  "UpProgressNoStatementDone",
		files: []string{"001_users.sql", users, "002_abc.sql", abcOneByOne},
		before: func(t *testing.T, e *env, m *strata.Migrator) {
			e.up(m, strata.To("1"))
		},
		dead: deadRunner{command: "up", version: "2", direction: "up", done: 0},
		want: wantAttempt{version: "2", direction: "up", stmt: 1},
		next: func(t *testing.T, e *env, m *strata.Migrator) {
			r, err := m.Up(context.Background())
			e.wantRan(r, err, ran{"2", "up", 1, 3, nil})
			e.wantTables("a", "b", "c")
		},
	},
	{
		name:  "UpProgressNextStatementNotRun",
		files: []string{"001_users.sql", users, "002_abc.sql", abcOneByOne},
		before: func(t *testing.T, e *env, m *strata.Migrator) {
			e.up(m, strata.To("1"))
			e.exec("CREATE TABLE a (id INTEGER PRIMARY KEY)")
		},
		dead: deadRunner{command: "up", version: "2", direction: "up", done: 1},
		want: wantAttempt{version: "2", direction: "up", stmt: 2, applied: 1},
		next: func(t *testing.T, e *env, m *strata.Migrator) {
			r, err := m.Up(context.Background())
			e.wantRan(r, err, ran{"2", "up", 2, 2, []string{"resumed at statement 2 after"}})
			e.wantTables("a", "b", "c")
		},
	},
	{
		name:  "UpProgressNextStatementRan",
		files: []string{"001_users.sql", users, "002_abc.sql", abcOneByOne},
		before: func(t *testing.T, e *env, m *strata.Migrator) {
			e.up(m, strata.To("1"))
			e.exec("CREATE TABLE a (id INTEGER PRIMARY KEY)")
			e.exec("CREATE TABLE b (id INTEGER PRIMARY KEY)")
		},
		dead: deadRunner{command: "up", version: "2", direction: "up", done: 1},
		want: wantAttempt{version: "2", direction: "up", stmt: 2, applied: 1},
		next: func(t *testing.T, e *env, m *strata.Migrator) {
			r, err := m.Up(context.Background())
			e.wantRan(r, err, ran{"2", "up", 2, 2, []string{"resumed at statement 2", "statement 2 (line 3) may have run before the previous runner died"}})
			e.wantTables("a", "b", "c")
		},
	},
	{
		// The runner finished 002 (its record is in the history, younger
		// than its progress) and died before 003 wrote any progress: the
		// last statement of a section never has a progress record of its
		// own, so the row still says "002, statements 1-2".
		name:  "UpProgressOfAFinishedVersion",
		files: []string{"001_users.sql", users, "002_abc.sql", abcOneByOne, "003_tags.sql", tags},
		before: func(t *testing.T, e *env, m *strata.Migrator) {
			e.up(m, strata.To("2"))
		},
		dead: deadRunner{command: "up", version: "2", direction: "up", done: 2},
		want: wantAttempt{version: "3", direction: "up", stmt: 1, rolledBack: true},
		next: func(t *testing.T, e *env, m *strata.Migrator) {
			r, err := m.Up(context.Background())
			e.wantRan(r, err, ran{"3", "up", e.ifByStatement(false, 1, 0), 1, nil})
			e.wantTables("a", "b", "c", "tags")
		},
	},
	{
		// SQLite's heartbeat travels in a migration's transaction: it
		// commits with 001, and 002's rolled back with 002.
		name:  "UpProgressOfACommittedTransaction",
		files: []string{"001_users.sql", users, "002_abc.sql", abcTx},
		before: func(t *testing.T, e *env, m *strata.Migrator) {
			e.up(m, strata.To("1"))
		},
		dead: deadRunner{command: "up", version: "1", direction: "up", done: 0, inTx: true},
		want: wantAttempt{version: "2", direction: "up", stmt: 1, rolledBack: true},
		next: func(t *testing.T, e *env, m *strata.Migrator) {
			r, err := m.Up(context.Background())
			e.wantRan(r, err, ran{"2", "up", e.ifByStatement(false, 1, 0), 3, nil})
			e.wantTables("a", "b", "c")
		},
	},
	{
		// The re-run statement fails, and not because it had run: that is
		// no proof of anything, so the run fails and records it.
		name:  "UpRerunFailsWithSyntaxError",
		files: []string{"001_users.sql", users, "002_abc.sql", abcOneByOne},
		before: func(t *testing.T, e *env, m *strata.Migrator) {
			e.up(m, strata.To("1"))
			e.exec("CREATE TABLE a (id INTEGER PRIMARY KEY)")
		},
		dead: deadRunner{command: "up", version: "2", direction: "up", done: 1},
		want: wantAttempt{version: "2", direction: "up", stmt: 2, applied: 1},
		next: func(t *testing.T, e *env, m *strata.Migrator) {
			// Statement 2, whose outcome is unknown, was edited since; it
			// is still DDL, which a resume runs again (a statement of no
			// known kind stops it: UpInFlightSideEffectStops).
			e.rewrite("002_abc.sql", strings.Replace(abcOneByOne, "CREATE TABLE b (id INTEGER PRIMARY KEY)", "CREATE TABL b (id INTEGER PRIMARY KEY)", 1))
			e.wantRerunFails(m)
		},
	},
	{
		name:  "UpRerunFailsOnAMissingTable",
		files: []string{"001_users.sql", users, "002_abc.sql", abcOneByOne},
		before: func(t *testing.T, e *env, m *strata.Migrator) {
			e.up(m, strata.To("1"))
			e.exec("CREATE TABLE a (id INTEGER PRIMARY KEY)")
		},
		dead: deadRunner{command: "up", version: "2", direction: "up", done: 1},
		want: wantAttempt{version: "2", direction: "up", stmt: 2, applied: 1},
		next: func(t *testing.T, e *env, m *strata.Migrator) {
			// "Does not exist" from a statement that reads a table is no
			// proof that the statement ran.
			e.rewrite("002_abc.sql", strings.Replace(abcOneByOne, "CREATE TABLE b (id INTEGER PRIMARY KEY)", "INSERT INTO missing_table (id) VALUES (1)", 1))
			e.wantRerunFails(m)
		},
	},
	{
		// An unknown column in the statement's own CREATE: not "already
		// exists" of the table it creates.
		name:  "UpRerunFailsOnAnUnknownColumn",
		files: []string{"001_users.sql", users, "002_abc.sql", abcOneByOne},
		before: func(t *testing.T, e *env, m *strata.Migrator) {
			e.up(m, strata.To("1"))
			e.exec("CREATE TABLE a (id INTEGER PRIMARY KEY)")
		},
		dead: deadRunner{command: "up", version: "2", direction: "up", done: 1},
		want: wantAttempt{version: "2", direction: "up", stmt: 2, applied: 1},
		next: func(t *testing.T, e *env, m *strata.Migrator) {
			e.rewrite("002_abc.sql", strings.Replace(abcOneByOne, "CREATE TABLE b (id INTEGER PRIMARY KEY)", "CREATE TABLE b AS SELECT nocol FROM a", 1))
			e.wantRerunFails(m)
		},
	},
	{
		// "Does not exist" from the DROP of the very table is no proof
		// either: only "already exists" is.
		name:  "UpRerunFailsOnADropOfAMissingTable",
		files: []string{"001_users.sql", users, "002_abc.sql", abcOneByOne},
		before: func(t *testing.T, e *env, m *strata.Migrator) {
			e.up(m, strata.To("1"))
			e.exec("CREATE TABLE a (id INTEGER PRIMARY KEY)")
		},
		dead: deadRunner{command: "up", version: "2", direction: "up", done: 1},
		want: wantAttempt{version: "2", direction: "up", stmt: 2, applied: 1},
		next: func(t *testing.T, e *env, m *strata.Migrator) {
			e.rewrite("002_abc.sql", strings.Replace(abcOneByOne, "CREATE TABLE b (id INTEGER PRIMARY KEY)", "DROP TABLE no_such_table", 1))
			_, err := m.Up(context.Background())
			var me *strata.MigrationError
			if !errors.As(err, &me) || !strings.Contains(me.Hint, "only \"already exists\" of the object it creates counts as proof") {
				t.Fatalf("the failure does not say why the error is no proof: %v", err)
			}
			e.wantStates(m, map[string]string{"1": "applied", "2": "failed"})
		},
	},
	{
		// The runner recorded the hash of the statement it was on; the
		// file still holds that text, so "already exists" is proof.
		name:  "UpRerunOfTheSameTextTakesAlreadyExists",
		files: []string{"001_users.sql", users, "002_abc.sql", abcOneByOne},
		before: func(t *testing.T, e *env, m *strata.Migrator) {
			e.up(m, strata.To("1"))
			e.exec("CREATE TABLE a (id INTEGER PRIMARY KEY)")
			e.exec("CREATE TABLE b (id INTEGER PRIMARY KEY)")
		},
		dead: deadRunner{command: "up", version: "2", direction: "up", done: 1, inflight: true},
		want: wantAttempt{version: "2", direction: "up", stmt: 2, applied: 1},
		next: func(t *testing.T, e *env, m *strata.Migrator) {
			r, err := m.Up(context.Background())
			e.wantRan(r, err, ran{"2", "up", 2, 2, []string{"resumed at statement 2", "may have run before the previous runner died"}})
		},
	},
	{
		// The same, but statement 2 was edited after the crash: whether
		// the old text ran says nothing of the new one, which runs as
		// written, so "already exists" stops it.
		name:  "UpRerunOfAnEditedStatementNeedsNoDoubt",
		files: []string{"001_users.sql", users, "002_abc.sql", abcOneByOne},
		before: func(t *testing.T, e *env, m *strata.Migrator) {
			e.up(m, strata.To("1"))
			e.exec("CREATE TABLE a (id INTEGER PRIMARY KEY)")
			e.exec("CREATE TABLE b (id INTEGER PRIMARY KEY)")
		},
		dead: deadRunner{command: "up", version: "2", direction: "up", done: 1, inflight: true},
		want: wantAttempt{version: "2", direction: "up", stmt: 2, applied: 1},
		next: func(t *testing.T, e *env, m *strata.Migrator) {
			e.rewrite("002_abc.sql", strings.Replace(abcOneByOne, "CREATE TABLE b (id INTEGER PRIMARY KEY)", "CREATE TABLE b (id INTEGER PRIMARY KEY, x INTEGER)", 1))
			e.wantRerunFails(m)
		},
	},
	{
		name:  "DownNoProgress",
		files: []string{"001_users.sql", users, "002_abc.sql", abcTx},
		before: func(t *testing.T, e *env, m *strata.Migrator) {
			e.up(m)
		},
		dead: deadRunner{command: "down"},
		want: wantAttempt{version: "2", direction: "down", stmt: 1, rolledBack: true},
		next: func(t *testing.T, e *env, m *strata.Migrator) {
			// Where statements commit one by one, the down resumes at the
			// statement whose outcome is unknown, as an up does (C7).
			r, err := m.Down(context.Background())
			e.wantRan(r, err, ran{"2", "down", e.ifByStatement(false, 1, 0), 3, nil})
			e.wantNoTables("a", "b", "c")
			e.wantStates(m, map[string]string{"1": "applied", "2": "pending"})
		},
	},
	{
		// The version stays applied, so up has nothing to do; down
		// resumes at statement 2 (issue 13 C7).
		name:  "DownProgressOneStatementDone",
		files: []string{"001_users.sql", users, "002_abc.sql", abcOneByOne},
		before: func(t *testing.T, e *env, m *strata.Migrator) {
			e.up(m)
			e.exec("DROP TABLE c")
		},
		dead: deadRunner{command: "down", version: "2", direction: "down", done: 1},
		want: wantAttempt{version: "2", direction: "down", stmt: 2, applied: 1},
		next: func(t *testing.T, e *env, m *strata.Migrator) {
			e.wantUnlockRecords(m)
			if r := e.up(m); len(r) != 0 {
				t.Fatalf("up after an interrupted down ran %+v", r)
			}
			r, err := m.Down(context.Background())
			e.wantRan(r, err, ran{"2", "down", 2, 2, []string{"resumed at statement 2"}})
			e.wantNoTables("a", "b", "c")
		},
	},
	{
		// down --steps 2 finished 003 (its last statement has no progress
		// record of its own) and died before 002 wrote progress.
		name:  "DownProgressOfAFinishedVersion",
		files: []string{"001_users.sql", users, "002_abc.sql", abcTx, "003_de.sql", deOneByOne},
		before: func(t *testing.T, e *env, m *strata.Migrator) {
			e.up(m)
			if _, err := m.Down(context.Background()); err != nil {
				t.Fatal(err)
			}
		},
		dead: deadRunner{command: "down", version: "3", direction: "down", done: 1},
		want: wantAttempt{version: "2", direction: "down", stmt: 1, rolledBack: true},
		next: func(t *testing.T, e *env, m *strata.Migrator) {
			r, err := m.Down(context.Background())
			e.wantRan(r, err, ran{"2", "down", e.ifByStatement(false, 1, 0), 3, nil})
			e.wantStates(m, map[string]string{"1": "applied", "2": "pending", "3": "pending"})
		},
	},
	{
		name:  "RedoNoProgressBeforeTheRollBack",
		files: []string{"001_users.sql", users, "002_abc.sql", abcTx},
		before: func(t *testing.T, e *env, m *strata.Migrator) {
			e.up(m)
		},
		dead: deadRunner{command: "redo"},
		want: wantAttempt{version: "2", direction: "down", stmt: 1, rolledBack: true},
		next: func(t *testing.T, e *env, m *strata.Migrator) {
			r, err := m.Redo(context.Background())
			e.wantRan(r, err, ran{"2", "down", e.ifByStatement(false, 1, 0), 3, nil}, ran{"2", "up", 0, 3, nil})
			e.wantTables("a", "b", "c")
		},
	},
	{
		name:  "RedoNoProgressAfterTheRollBack",
		files: []string{"001_users.sql", users, "002_abc.sql", abcTx},
		before: func(t *testing.T, e *env, m *strata.Migrator) {
			e.up(m)
			if _, err := m.Down(context.Background()); err != nil {
				t.Fatal(err)
			}
		},
		dead: deadRunner{command: "redo"},
		want: wantAttempt{version: "2", direction: "up", stmt: 1, rolledBack: true},
		next: func(t *testing.T, e *env, m *strata.Migrator) {
			r, err := m.Up(context.Background())
			e.wantRan(r, err, ran{"2", "up", e.ifByStatement(false, 1, 0), 3, nil})
			e.wantTables("a", "b", "c")
		},
	},
	{
		// The roll back finished (its record is younger than the progress
		// naming it); the runner died before applying 002 again wrote any
		// progress.
		name:  "RedoProgressOfAFinishedRollBack",
		files: []string{"001_users.sql", users, "002_abc.sql", abcOneByOne},
		before: func(t *testing.T, e *env, m *strata.Migrator) {
			e.up(m)
			if _, err := m.Down(context.Background()); err != nil {
				t.Fatal(err)
			}
			e.exec("CREATE TABLE a (id INTEGER PRIMARY KEY)")
		},
		dead: deadRunner{command: "redo", version: "2", direction: "down", done: 2},
		want: wantAttempt{version: "2", direction: "up", stmt: 1},
		next: func(t *testing.T, e *env, m *strata.Migrator) {
			r, err := m.Up(context.Background())
			e.wantRan(r, err, ran{"2", "up", 1, 3, []string{"statement 1 (line 2) may have run before the previous runner died"}})
			e.wantTables("a", "b", "c")
		},
	},
	{
		name:  "RedoProgressOfTheApply",
		files: []string{"001_users.sql", users, "002_abc.sql", abcOneByOne},
		before: func(t *testing.T, e *env, m *strata.Migrator) {
			e.up(m)
			if _, err := m.Down(context.Background()); err != nil {
				t.Fatal(err)
			}
			e.exec("CREATE TABLE a (id INTEGER PRIMARY KEY)")
		},
		dead: deadRunner{command: "redo", version: "2", direction: "up", done: 1},
		want: wantAttempt{version: "2", direction: "up", stmt: 2, applied: 1},
		next: func(t *testing.T, e *env, m *strata.Migrator) {
			r, err := m.Up(context.Background())
			e.wantRan(r, err, ran{"2", "up", 2, 2, []string{"resumed at statement 2"}})
			e.wantTables("a", "b", "c")
		},
	},
	{
		name:  "RedoProgressOfTheRollBack",
		files: []string{"001_users.sql", users, "002_abc.sql", abcOneByOne},
		before: func(t *testing.T, e *env, m *strata.Migrator) {
			e.up(m)
			e.exec("DROP TABLE c")
		},
		dead: deadRunner{command: "redo", version: "2", direction: "down", done: 1},
		want: wantAttempt{version: "2", direction: "down", stmt: 2, applied: 1},
		next: func(t *testing.T, e *env, m *strata.Migrator) {
			e.wantUnlockRecords(m)
		},
	},
	{
		// A runner that runs no migration (repair, baseline) leaves no
		// attempt to record.
		name:  "RepairNothingToRecord",
		files: []string{"001_users.sql", users, "002_abc.sql", abcTx},
		before: func(t *testing.T, e *env, m *strata.Migrator) {
			e.up(m, strata.To("1"))
		},
		dead: deadRunner{command: "repair"},
		next: func(t *testing.T, e *env, m *strata.Migrator) {
			r, err := m.Up(context.Background())
			e.wantRan(r, err, ran{"2", "up", 0, 3, nil})
		},
	},
	{
		// An up runner that found nothing left to do under the lock (another
		// runner applied it meanwhile) died before letting go.
		name:  "UpNothingWasPending",
		files: []string{"001_users.sql", users, "002_abc.sql", abcTx},
		before: func(t *testing.T, e *env, m *strata.Migrator) {
			e.up(m)
		},
		dead: deadRunner{command: "up"},
		next: func(t *testing.T, e *env, m *strata.Migrator) {
			r, err := m.Down(context.Background())
			e.wantRan(r, err, ran{"2", "down", 0, 3, nil})
		},
	},
}
