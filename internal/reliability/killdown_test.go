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
			if v := strata(waitTimeout(time.Minute), db.URL, dir, "validate"); v.code != 0 {
				t.Fatalf("validate after up recorded the interruption: %s", v)
			}
			// The roll back was undone: version 1 stays applied with its row.
			var n int
			if err := db.DB.QueryRow("SELECT count(*) FROM a").Scan(&n); d != "mysql" && (err != nil || n != 1) {
				t.Errorf("table a: %d rows, %v; want the roll back undone", n, err)
			}
			if again := strata(waitTimeout(time.Minute), db.URL, dir, "up"); again.code != 0 || len(attemptRows(t, db.DB)) != 2 {
				t.Errorf("a second up recorded more: %s", again)
			}
		})
	}
}

// waitDownSleeping waits until the down runs its sleep: on the servers,
// a session runs it; on SQLite, the lock row names the roll back and a
// moment has passed for its first statement.
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
		var dir string
		if err := db.DB.QueryRow("SELECT COALESCE(direction, '') FROM migration_locks").Scan(&dir); err == nil && strings.EqualFold(dir, "down") {
			time.Sleep(500 * time.Millisecond)
			return
		}
	}
	t.Fatal("the down never ran its sleep")
}
