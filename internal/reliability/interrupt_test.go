package reliability

import (
	"bytes"
	"database/sql"
	"fmt"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/strata-db/strata/internal/testdb"
)

// sleepyMigrations: a quick first migration, then one whose second
// statement sleeps long enough to be interrupted.
func sleepyMigrations(t *testing.T, d string) string {
	return writeMigrations(t, 2, func(i int) string {
		if i == 1 {
			return simpleMigration(1)
		}
		return fmt.Sprintf("CREATE TABLE t2 (id INTEGER PRIMARY KEY);\n%s;\nCREATE TABLE t2b (id INTEGER PRIMARY KEY);\n-- strata:down\nDROP TABLE t2b;\nDROP TABLE t2;\n",
			testdb.Sleep(d, 30*time.Second))
	})
}

// waitSleeping waits until the runner runs the sleep of migration 2 and
// returns the server session running it. SQLite has no server to ask:
// there it waits until migration 1 is recorded, and a moment for
// migration 2's instant first statement.
func waitSleeping(t *testing.T, db *testdb.DB) string {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		rows := attemptRows(t, db.DB)
		if len(rows) > 0 && rows[0].success {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the runner never finished its first migration")
		}
		time.Sleep(20 * time.Millisecond)
	}
	if db.Dialect == "sqlite" {
		time.Sleep(300 * time.Millisecond)
		return ""
	}
	for ; time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		if id := sleeper(t, db); id != "" {
			return id
		}
	}
	t.Fatal("the runner never ran the sleep")
	return ""
}

// sleeper returns the id of a session other than the test's that runs
// the sleep of sleepyMigrations, "" when none does (always on SQLite,
// which has no server).
func sleeper(t *testing.T, db *testdb.DB) string {
	t.Helper()
	var q string
	switch db.Dialect {
	case "postgres":
		// The query text is the whole migration (one request); the wait
		// event says the sleep is the statement running.
		q = "SELECT pid::text FROM pg_stat_activity WHERE datname = current_database() AND wait_event = 'PgSleep' AND pid <> pg_backend_pid()"
	case "mysql":
		q = "SELECT CAST(id AS CHAR) FROM information_schema.processlist WHERE db = DATABASE() AND info LIKE 'SELECT SLEEP(%' AND id <> CONNECTION_ID()"
	default:
		return ""
	}
	var id string
	if err := db.DB.QueryRow(q).Scan(&id); err != nil && err != sql.ErrNoRows {
		t.Fatal(err)
	}
	return id
}

// TestInterrupt sends SIGINT (and SIGTERM) to `strata up` in the middle of
// a long statement: the statement stops, the migration rolls back where
// the database allows, the attempt is recorded as cancelled, the lock is
// released and the exit code is not 0.
func TestInterrupt(t *testing.T) {
	for _, d := range testdb.Dialects {
		for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM} {
			t.Run(d+"/"+sig.String(), func(t *testing.T) {
				db := testdb.Open(t, d)
				dir := sleepyMigrations(t, d)
				cmd := command(waitTimeout(2*time.Minute), db.URL, dir, "up")
				var stderr bytes.Buffer
				cmd.Stderr = &stderr
				if err := cmd.Start(); err != nil {
					t.Fatal(err)
				}
				waitSleeping(t, db)
				start := time.Now()
				cmd.Process.Signal(sig)
				err := cmd.Wait()
				took := time.Since(start)
				if err == nil || cmd.ProcessState.ExitCode() == 0 {
					t.Fatalf("exit 0 after %v; stderr: %s", sig, stderr.String())
				}
				if took > 10*time.Second {
					t.Errorf("took %s to stop: the running statement was not stopped", took)
				}
				rows := attemptRows(t, db.DB)
				last := rows[len(rows)-1]
				if last.success || last.version != "2" || last.code != "cancelled" || last.stmt != 2 {
					t.Errorf("last attempt %+v, want version 2 cancelled at statement 2, the sleep", last)
				}
				// The statement stopped is the sleep itself: the server no
				// longer runs it, and the run did not go on past it.
				if sleeper(t, db) != "" {
					t.Error("the server still runs the sleep after the runner exited")
				}
				if tableExists(t, db, "t2b") {
					t.Error("the statement after the sleep ran")
				}
				if !contains(stderr.String(), "002_step_2.sql:2") {
					t.Errorf("stderr does not name the stopped statement's line: %s", stderr.String())
				}
				if d != "mysql" && tableExists(t, db, "t2") {
					t.Error("the interrupted migration was not rolled back")
				}
				var locks int
				db.DB.QueryRow("SELECT count(*) FROM migration_locks").Scan(&locks)
				if locks != 0 {
					t.Error("the lock row was left behind")
				}
				if !strings.Contains(stderr.String(), "interrupted") {
					t.Errorf("stderr does not say it was interrupted: %s", stderr.String())
				}
				t.Logf("%s after %s: stopped in %s, exit %d", sig, d, took.Round(time.Millisecond), cmd.ProcessState.ExitCode())
			})
		}
	}
}

// TestSessionTerminated ends the runner's session from the server in the
// middle of a migration: a clear error, exit 1, nothing half applied on
// PostgreSQL, the attempt recorded, the lock free.
func TestSessionTerminated(t *testing.T) {
	for _, d := range []string{"postgres", "mysql"} {
		t.Run(d, func(t *testing.T) {
			db := testdb.Open(t, d)
			dir := sleepyMigrations(t, d)
			cmd := command(waitTimeout(2*time.Minute), db.URL, dir, "up")
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			terminate(t, db, waitSleeping(t, db))
			cmd.Wait()
			if code := cmd.ProcessState.ExitCode(); code != 1 {
				t.Fatalf("exit %d, want 1; stderr: %s", code, stderr.String())
			}
			if !strings.Contains(stderr.String(), "002_step_2.sql") {
				t.Errorf("the error does not name the file: %s", stderr.String())
			}
			rows := attemptRows(t, db.DB)
			last := rows[len(rows)-1]
			if last.success || last.version != "2" || last.code != "connection-lost" || last.stmt != 2 {
				t.Errorf("last attempt %+v, want version 2 connection-lost at statement 2, the sleep", last)
			}
			if d == "postgres" && tableExists(t, db, "t2") {
				t.Error("half a migration committed on PostgreSQL")
			}
			var locks int
			db.DB.QueryRow("SELECT count(*) FROM migration_locks").Scan(&locks)
			if locks != 0 {
				t.Error("the lock row was left behind")
			}
		})
	}
}

// terminate ends, from the server, the session id.
func terminate(t *testing.T, db *testdb.DB, id string) {
	t.Helper()
	switch db.Dialect {
	case "postgres":
		if _, err := db.DB.Exec("SELECT pg_terminate_backend($1::int)", id); err != nil {
			t.Fatal(err)
		}
	case "mysql":
		n, err := strconv.ParseInt(id, 10, 64)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.DB.Exec("KILL " + strconv.FormatInt(n, 10)); err != nil {
			t.Fatal(err)
		}
	}
}
