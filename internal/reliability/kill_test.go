package reliability

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/strata-db/strata/internal/testdb"
)

// longSpot says where a trial's long statement is: statement stmt of the
// up section of migration version, a section of total statements.
// Migration 001 makes the table runs; every other statement of 002-004
// records itself there as (version, statement), so a statement that runs
// twice shows as a second row.
type longSpot struct {
	name           string
	version, stmt  int
	total          int
	noTransaction  bool // the section runs statement by statement (PostgreSQL)
	ddlBefore      bool // statement stmt-1 is a CREATE TABLE, which commits on MySQL
	dialects       string
	committedFirst bool // statements before the long one have committed when it runs
}

// longSpots vary which migration and which statement is long, so that
// "the interruption is recorded on the right version" is tested on more
// than one version, and include the sections whose earlier statements
// have committed when the runner dies: a PostgreSQL no-transaction section
// and a MySQL section (every MySQL section runs statement by statement).
// SQLite spots have a write before the long statement: it is how the test
// sees the migration's transaction (its journal) from outside.
var longSpots = []longSpot{
	{name: "v2s2", version: 2, stmt: 2, total: 4, dialects: "sqlite postgres mysql"},
	{name: "v3s3", version: 3, stmt: 3, total: 4, dialects: "sqlite postgres mysql"},
	{name: "v4s1", version: 4, stmt: 1, total: 3, dialects: "postgres mysql"},
	{name: "v4s4", version: 4, stmt: 4, total: 5, dialects: "sqlite"},
	{name: "v2s3_no_transaction", version: 2, stmt: 3, total: 4, noTransaction: true, dialects: "postgres"},
	{name: "v3s2_no_transaction", version: 3, stmt: 2, total: 3, noTransaction: true, dialects: "postgres"},
	{name: "v3s4_multi_statement", version: 3, stmt: 4, total: 5, ddlBefore: true, dialects: "mysql"},
}

func spotsFor(d string) []longSpot {
	var out []longSpot
	for _, s := range longSpots {
		if strings.Contains(s.dialects, d) {
			s.committedFirst = s.noTransaction || d == "mysql"
			out = append(out, s)
		}
	}
	return out
}

// ddlTable is the table the statement before the long one creates.
func (s longSpot) ddlTable() string { return fmt.Sprintf("ddl%d", s.version) }

// section is the up section of migration v (2-4) with the long statement
// lasting sleep.
func (s longSpot) section(d string, v int, sleep time.Duration) string {
	var b strings.Builder
	if v != s.version {
		fmt.Fprintf(&b, "INSERT INTO runs (v, stmt) VALUES (%d, 1);\nINSERT INTO runs (v, stmt) VALUES (%d, 2);\n", v, v)
		return b.String()
	}
	if s.noTransaction {
		b.WriteString("-- strata:no-transaction\n")
	}
	for j := 1; j <= s.total; j++ {
		switch {
		case j == s.stmt:
			b.WriteString(testdb.Sleep(d, sleep) + ";\n")
		case s.ddlBefore && j == s.stmt-1:
			fmt.Fprintf(&b, "CREATE TABLE %s (id INTEGER);\n", s.ddlTable())
		default:
			fmt.Fprintf(&b, "INSERT INTO runs (v, stmt) VALUES (%d, %d);\n", v, j)
		}
	}
	return b.String()
}

// expected lists the rows runs must hold once: every statement of 002-004
// but the long one and the CREATE TABLE.
func (s longSpot) expected() []string {
	var out []string
	for v := 2; v <= 4; v++ {
		n := 2
		if v == s.version {
			n = s.total
		}
		for j := 1; j <= n; j++ {
			if v == s.version && (j == s.stmt || s.ddlBefore && j == s.stmt-1) {
				continue
			}
			out = append(out, fmt.Sprintf("%d.%d", v, j))
		}
	}
	return out
}

func (s longSpot) file(v int) string { return fmt.Sprintf("%03d_step_%d.sql", v, v) }

func (s longSpot) write(t *testing.T, d string, sleep time.Duration) string {
	return writeMigrations(t, 4, func(i int) string {
		if i == 1 {
			return "CREATE TABLE runs (v INTEGER NOT NULL, stmt INTEGER NOT NULL);\n"
		}
		return s.section(d, i, sleep)
	})
}

// inLongStatement reports whether the runner's long statement runs right
// now: on PostgreSQL a session waits in pg_sleep, on MariaDB see sleeper,
// on SQLite the migrations before the long one are recorded and the long
// one's transaction is open (its journal exists, made by the write before
// the long count, which is all of the migration but a few milliseconds).
func inLongStatement(t *testing.T, db *testdb.DB, s longSpot) bool {
	t.Helper()
	switch db.Dialect {
	case "postgres":
		var n int
		if err := db.DB.QueryRow("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event = 'PgSleep' AND pid <> pg_backend_pid()").Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n > 0
	case "mysql":
		return sleeper(t, db) != ""
	}
	applied := 0
	for _, r := range attemptRows(t, db.DB) {
		if r.success && r.direction == "up" {
			applied++
		}
	}
	if applied != s.version-1 {
		return false
	}
	_, err := os.Stat(db.Name + "-journal")
	return err == nil
}

// killTrials is the number of trials per database: 20 unless -trials
// says otherwise (40 with STRATA_RELIABILITY_LONG=1).
func killTrials() int {
	if *trials > 0 {
		return *trials
	}
	if os.Getenv("STRATA_RELIABILITY_LONG") != "" {
		return 40
	}
	return 20
}

// TestKillDuringLongStatement kills `strata up` with SIGKILL at a random
// moment of a long server-side statement (pg_sleep, MariaDB SLEEP, an
// SQLite count) of a random length between 2 and 10 s, in a migration and
// at a statement that change from trial to trial (longSpots). PostgreSQL
// and MariaDB go on running the statement for the dead runner. Each trial
// asserts that the kill landed while the statement ran. Then the next
// runner, on the same machine, gets the lock within 5 s (it ends the dead
// runner's session where the server has not yet), records the
// interruption on the version that was running with the dead runner's
// pid (and, where statements commit one by one, on the statement that
// was running), and completes the run; nothing runs twice. Every other
// trial the next step is `strata unlock`, which must do the same and say
// so. The three databases run in parallel.
func TestKillDuringLongStatement(t *testing.T) {
	for _, d := range testdb.Dialects {
		t.Run(d, func(t *testing.T) {
			t.Parallel()
			start := time.Now()
			spots := spotsFor(d)
			count := killTrials()
			var ended int
			var slowest time.Duration
			perSpot := map[string]int{}
			for trial := 0; trial < count; trial++ {
				s := spots[trial%len(spots)]
				perSpot[s.name]++
				took, endedSession := killTrial(t, d, trial, s)
				slowest = max(slowest, took)
				if endedSession {
					ended++
				}
			}
			t.Logf("%s: %d trials in %s (%v), each killed while its 2-10 s statement ran; the slowest next runner took %s; "+
				"%d times the next runner ended the dead runner's session itself; every interruption recorded on the version that ran, nothing ran twice",
				d, count, time.Since(start).Round(time.Second), perSpot, slowest.Round(time.Millisecond), ended)
		})
	}
}

// killTrial is one trial: it returns how long the next runner (unlock and
// up) took, and whether a runner said it ended the dead one's session.
func killTrial(t *testing.T, d string, trial int, s longSpot) (time.Duration, bool) {
	t.Helper()
	length := 2*time.Second + rand.N(8*time.Second)
	db := testdb.Open(t, d)
	dir := s.write(t, d, length)
	cmd := command(waitTimeout(5*time.Minute), db.URL, dir, "up")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	fail := func(format string, args ...any) {
		t.Helper()
		cmd.Process.Kill()
		cmd.Wait()
		t.Fatalf("trial %d (%s, %s statement): "+format, append([]any{trial, s.name, length.Round(time.Millisecond)}, args...)...)
	}
	deadline := time.Now().Add(time.Minute)
	for !inLongStatement(t, db, s) {
		if time.Now().After(deadline) {
			fail("the long statement never started")
		}
		time.Sleep(10 * time.Millisecond)
	}
	// Kill at a random point of the statement's first three quarters;
	// SQLite's count takes its nominal length only as fast as the
	// machine counted when it was measured, and a machine shared with
	// the other databases' trials may count twice as fast later: there,
	// within its first three eighths.
	window := length * 3 / 4
	if d == "sqlite" {
		window = length * 3 / 8
	}
	delay := 50*time.Millisecond + rand.N(window)
	time.Sleep(delay)
	if !inLongStatement(t, db, s) {
		fail("the long statement ended before the kill, %s into it", delay)
	}
	cmd.Process.Signal(syscall.SIGKILL)
	cmd.Wait()
	if !killedBySignal(cmd) {
		fail("the runner was not killed (%v)", cmd.ProcessState)
	}
	pid := cmd.Process.Pid
	what := fmt.Sprintf("trial %d (%s, killed %s into a %s statement)", trial, s.name, delay.Round(time.Millisecond), length.Round(time.Millisecond))

	// The file may change: the long statement never completed, and the
	// next runner need not sleep again.
	if err := os.WriteFile(filepath.Join(dir, s.file(s.version)), []byte(s.section(d, s.version, 50*time.Millisecond)), 0o644); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	var next run
	if trial%2 == 1 {
		next = strata(waitTimeout(time.Minute), db.URL, dir, "unlock")
		if next.code != 0 || !contains(next.stdout, fmt.Sprintf("(pid %d, strata up)", pid), fmt.Sprintf("Recorded its unfinished attempt on version %d ", s.version)) {
			t.Fatalf("%s: unlock: %s", what, next)
		}
		if took := time.Since(start); took > 5*time.Second {
			t.Errorf("%s: unlock took %s", what, took)
		}
	}
	upStart := time.Now()
	r := strata(waitTimeout(time.Minute), db.URL, dir, "up", "--lock-timeout", "5s")
	if r.code != 0 {
		t.Fatalf("%s: the next up (within its 5 s lock timeout): %s\n%s", what, r, next)
	}
	if took := time.Since(upStart); took > 10*time.Second {
		t.Errorf("%s: the next up took %s", what, took)
	}
	took := time.Since(start)

	var interrupted []row
	rows := attemptRows(t, db.DB)
	for _, a := range rows {
		if a.code == "interrupted" {
			interrupted = append(interrupted, a)
		}
	}
	want := fmt.Sprint(s.version)
	if len(interrupted) != 1 || interrupted[0].version != want || interrupted[0].pid != pid || interrupted[0].direction != "up" {
		t.Errorf("%s: interruptions recorded %+v, want one of up on version %s by pid %d", what, interrupted, want, pid)
	} else if s.committedFirst && interrupted[0].stmt != s.stmt {
		t.Errorf("%s: the interruption names statement %d, want %d, the one running", what, interrupted[0].stmt, s.stmt)
	}
	for _, a := range rows {
		if !a.success && a.code != "interrupted" {
			t.Errorf("%s: a failed attempt besides the interruption: %+v", what, a)
		}
	}
	applied := checkAlternation(t, rows)
	for v := 1; v <= 4; v++ {
		if !applied[fmt.Sprint(v)] {
			t.Errorf("%s: version %d not applied after recovery", what, v)
		}
	}
	runs := map[string]int{}
	for _, l := range biRows(t, db.DB, "SELECT v, stmt FROM runs") {
		v, st, _ := strings.Cut(l, " | ")
		runs[v+"."+st]++
	}
	wantRuns := s.expected()
	for _, k := range wantRuns {
		if runs[k] != 1 {
			t.Errorf("%s: statement %s ran %d times (all: %v)", what, k, runs[k], runs)
		}
	}
	if n := len(biRows(t, db.DB, "SELECT v FROM runs")); n != len(wantRuns) {
		t.Errorf("%s: %d rows in runs, want %d (%v)", what, n, len(wantRuns), runs)
	}
	if s.ddlBefore && !tableExists(t, db, s.ddlTable()) {
		t.Errorf("%s: %s was not created", what, s.ddlTable())
	}
	var locks int
	db.DB.QueryRow("SELECT count(*) FROM migration_locks").Scan(&locks)
	if locks != 0 {
		t.Errorf("%s: a lock row is left after the recovery", what)
	}
	return took, strings.Contains(r.stderr+next.stdout, "database session")
}
