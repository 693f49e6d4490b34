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

// longStatementMigrations: 001 makes a table that counts statement runs;
// 002 records its statement 1, sleeps (a server-side statement of
// PostgreSQL and MariaDB, a long count in SQLite) and records its
// statements 3 and 4; 003 records itself.
func longStatementMigrations(t *testing.T, d string, sleep time.Duration) string {
	return writeMigrations(t, 3, func(i int) string {
		switch i {
		case 1:
			return "CREATE TABLE runs (v INTEGER NOT NULL, stmt INTEGER NOT NULL);\n"
		case 2:
			return longStep(d, sleep)
		}
		return "INSERT INTO runs (v, stmt) VALUES (3, 1);\n"
	})
}

func longStep(d string, sleep time.Duration) string {
	return fmt.Sprintf("INSERT INTO runs (v, stmt) VALUES (2, 1);\n%s;\nCREATE TABLE b2 (id INTEGER);\nINSERT INTO runs (v, stmt) VALUES (2, 4);\n",
		testdb.Sleep(d, sleep))
}

// inLongStatement reports whether the runner's long statement runs right
// now: on PostgreSQL a session waits in pg_sleep (the session's query is
// the whole migration, which strata sends in one request), on MariaDB
// see sleeper, on SQLite a runner has version 1 recorded and a
// transaction open (its journal exists), which the long count is all of
// but a few milliseconds.
func inLongStatement(t *testing.T, db *testdb.DB) bool {
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
	rows := attemptRows(t, db.DB)
	if len(rows) == 0 || !rows[0].success {
		return false
	}
	_, err := os.Stat(db.Name + "-journal")
	return err == nil
}

// TestKillDuringLongStatement kills `strata up` with SIGKILL at a random
// moment of a long statement (10 s of pg_sleep, MariaDB SLEEP, or an
// SQLite count): PostgreSQL and MariaDB go on running it for the dead
// runner. Each trial asserts that the kill landed while the statement
// ran. Then the next runner, on the same machine, gets the lock within
// 5 s (it ends the dead runner's session where the server has not yet),
// records the interruption on version 2 with the dead runner's pid, and
// completes the run; nothing runs twice. Every other trial the next step
// is `strata unlock`, which must do the same and say so.
func TestKillDuringLongStatement(t *testing.T) {
	const sleep = 10 * time.Second
	for _, d := range testdb.Dialects {
		t.Run(d, func(t *testing.T) {
			count := trialCount()
			var ended int
			for trial := 0; trial < count; trial++ {
				db := testdb.Open(t, d)
				dir := longStatementMigrations(t, d, sleep)
				cmd := command(waitTimeout(5*time.Minute), db.URL, dir, "up")
				if err := cmd.Start(); err != nil {
					t.Fatal(err)
				}
				deadline := time.Now().Add(time.Minute)
				for !inLongStatement(t, db) {
					if time.Now().After(deadline) {
						cmd.Process.Kill()
						cmd.Wait()
						t.Fatalf("trial %d: the long statement never started", trial)
					}
					time.Sleep(10 * time.Millisecond)
				}
				delay := 200*time.Millisecond + time.Duration(rand.Int64N(int64(sleep*3/4)))
				time.Sleep(delay)
				if !inLongStatement(t, db) {
					cmd.Process.Kill()
					cmd.Wait()
					t.Fatalf("trial %d: the long statement ended before the kill, %s into it", trial, delay)
				}
				cmd.Process.Signal(syscall.SIGKILL)
				cmd.Wait()
				pid := cmd.Process.Pid

				// The file may change: nothing of 002 was recorded as
				// done past statement 1, which stays as it is.
				if err := os.WriteFile(filepath.Join(dir, "002_step_2.sql"), []byte(longStep(d, 50*time.Millisecond)), 0o644); err != nil {
					t.Fatal(err)
				}
				start := time.Now()
				var next run
				if trial%2 == 1 {
					next = strata(waitTimeout(time.Minute), db.URL, dir, "unlock")
					if next.code != 0 || !contains(next.stdout, fmt.Sprintf("(pid %d, strata up)", pid), "Recorded its unfinished attempt on version 2 ") {
						t.Fatalf("trial %d (killed %s into the statement): unlock: %s", trial, delay, next)
					}
					if took := time.Since(start); took > 5*time.Second {
						t.Errorf("trial %d: unlock took %s", trial, took)
					}
				}
				r := strata(waitTimeout(time.Minute), db.URL, dir, "up", "--lock-timeout", "5s")
				if r.code != 0 {
					t.Fatalf("trial %d (killed %s into the statement): the next up: %s\n%s", trial, delay, r, next)
				}
				if strings.Contains(r.stderr+next.stdout, "database session") {
					ended++
				}

				var interrupted []row
				rows := attemptRows(t, db.DB)
				for _, a := range rows {
					if a.code == "interrupted" {
						interrupted = append(interrupted, a)
					}
				}
				if len(interrupted) != 1 || interrupted[0].version != "2" || interrupted[0].pid != pid {
					t.Errorf("trial %d (killed %s into the statement): interruptions recorded %+v, want one on version 2 by pid %d", trial, delay, interrupted, pid)
				}
				applied := checkAlternation(t, rows)
				for _, v := range []string{"1", "2", "3"} {
					if !applied[v] {
						t.Errorf("trial %d: version %s not applied after recovery", trial, v)
					}
				}
				runs := map[string]int{}
				rs, err := db.DB.Query("SELECT v, stmt FROM runs")
				if err != nil {
					t.Fatal(err)
				}
				for rs.Next() {
					var v, s int
					if err := rs.Scan(&v, &s); err != nil {
						t.Fatal(err)
					}
					runs[fmt.Sprintf("%d.%d", v, s)]++
				}
				rs.Close()
				for _, k := range []string{"2.1", "2.4", "3.1"} {
					if runs[k] != 1 {
						t.Errorf("trial %d (killed %s into the statement): %s ran %d times (all: %v)", trial, delay, k, runs[k], runs)
					}
				}
			}
			t.Logf("%s: %d trials, each killed while the statement ran; %d times the next runner ended the dead runner's session itself; every interruption recorded on version 2, nothing ran twice", d, count, ended)
		})
	}
}
