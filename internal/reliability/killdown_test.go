package reliability

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/strata-db/strata/internal/testdb"
)

// TestKilledDownRecordedByUp (trial 2, F8): a `down` killed in the middle
// of its roll back leaves its lock row; status and validate then say
// "run strata up, which records the interruption". An `up` with nothing
// pending must do just that: take the lock, record the dead runner's
// attempt and free the lock, after which validate exits 0.
func TestKilledDownRecordedByUp(t *testing.T) {
	for _, d := range testdb.Dialects {
		t.Run(d, func(t *testing.T) {
			t.Parallel()
			db := testdb.Open(t, d)
			dir := writeMigrations(t, 1, func(int) string {
				return fmt.Sprintf("CREATE TABLE a (id INTEGER);\nINSERT INTO a VALUES (1);\n-- strata:down\nDELETE FROM a;\n%s;\nDROP TABLE a;\n",
					testdb.Sleep(d, 20*time.Second))
			})
			if r := strata(waitTimeout(time.Minute), db.URL, dir, "up"); r.code != 0 {
				t.Fatalf("up: %s", r)
			}
			cmd := command(waitTimeout(2*time.Minute), db.URL, dir, "down")
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			waitDownSleeping(t, db)
			cmd.Process.Kill()
			cmd.Wait()

			if r := strata(waitTimeout(time.Minute), db.URL, dir, "validate"); r.code == 0 || !contains(r.stdout+r.stderr, "strata up") {
				t.Fatalf("validate after the killed down should name strata up: %s", r)
			}
			r := strata(waitTimeout(2*time.Minute), db.URL, dir, "up")
			if r.code != 0 {
				t.Fatalf("up with nothing pending after the killed down: %s", r)
			}
			rows := attemptRows(t, db.DB)
			last := rows[len(rows)-1]
			if len(rows) != 2 || last.version != "1" || last.direction != "down" || last.success || last.code != "interrupted" {
				t.Fatalf("history after up: %+v; want the up, then the down recorded as interrupted\n%s", rows, r)
			}
			var locks int
			if err := db.DB.QueryRow("SELECT count(*) FROM migration_locks").Scan(&locks); err != nil || locks != 0 {
				t.Fatalf("%d lock rows (%v) after up", locks, err)
			}
			v := strata(waitTimeout(time.Minute), db.URL, dir, "validate")
			if d == "mysql" {
				// Its DELETE committed on its own: the roll back is half
				// done, which validate reports, no longer sending the
				// user to strata up to record it.
				if v.code != 3 || !contains(v.stdout, "statement 1 committed") || contains(v.stdout, "which records") {
					t.Fatalf("validate after up recorded the half-done roll back: %s", v)
				}
			} else {
				if v.code != 0 {
					t.Fatalf("validate after up recorded the interruption: %s", v)
				}
				// The roll back's transaction was undone: version 1
				// stays applied with its row.
				var n int
				if err := db.DB.QueryRow("SELECT count(*) FROM a").Scan(&n); err != nil || n != 1 {
					t.Errorf("table a: %d rows, %v; want the roll back undone", n, err)
				}
				if st := strata(waitTimeout(time.Minute), db.URL, dir, "status"); st.code != 0 || !contains(st.stdout, "applied") || contains(st.stdout, "failed") {
					t.Errorf("status after up: %s", st)
				}
			}
			if again := strata(waitTimeout(time.Minute), db.URL, dir, "up"); again.code != 0 || len(attemptRows(t, db.DB)) != 2 {
				t.Errorf("a second up recorded more: %s", again)
			}
		})
	}
}

// waitDownSleeping waits until the down runs its sleep: on the servers,
// a session runs it; on SQLite, the lock row is the down's and a moment
// has passed for its first statement.
func waitDownSleeping(t *testing.T, db *testdb.DB) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for ; time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if db.Dialect != "sqlite" {
			if sleeper(t, db) != "" {
				return
			}
			continue
		}
		// The progress naming the roll back commits with it on SQLite;
		// the lock row's command is there from the start.
		var cmd string
		if err := db.DB.QueryRow("SELECT command FROM migration_locks").Scan(&cmd); err == nil && strings.EqualFold(cmd, "down") {
			time.Sleep(time.Second)
			return
		}
	}
	t.Fatal("the down never ran its sleep")
}
