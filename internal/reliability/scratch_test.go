package reliability

import (
	"fmt"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/strata-db/strata/internal/testdb"
)

// scratchOf lists the temporary databases on db's server made by process
// pid, and whether one of them runs a statement (the replay's sleep).
func scratchOf(t *testing.T, db *testdb.DB, pid int) (names []string, busy bool) {
	t.Helper()
	list := "SELECT SCHEMA_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME LIKE ?"
	active := "SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE DB = ? AND INFO LIKE '%SLEEP%'"
	if db.Dialect == "postgres" {
		list = "SELECT datname FROM pg_database WHERE datname LIKE $1"
		active = "SELECT COUNT(*) FROM pg_stat_activity WHERE datname = $1 AND query LIKE '%pg_sleep%' AND state = 'active'"
	}
	rows, err := db.DB.Query(list+" ESCAPE '!'", fmt.Sprintf("strata!_scratch!_%%!_%d!_%%", pid))
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			t.Fatal(err)
		}
		names = append(names, n)
	}
	for _, n := range names {
		var k int
		if err := db.DB.QueryRow(active, n).Scan(&k); err != nil {
			t.Fatal(err)
		}
		busy = busy || k > 0
	}
	return names, busy
}

// TestKilledVerifyScratchIsDropped SIGKILLs `strata verify` while the
// replay into its temporary database runs a long statement: the database
// stays behind, named after the dead process. The next command that makes
// a temporary database on the server drops it, ending the session still
// sleeping in it, and says so.
func TestKilledVerifyScratchIsDropped(t *testing.T) {
	for _, d := range []string{"postgres", "mysql"} {
		t.Run(d, func(t *testing.T) {
			db := testdb.Open(t, d)
			dir := writeMigrations(t, 1, func(int) string {
				return fmt.Sprintf("CREATE TABLE t1 (id INTEGER PRIMARY KEY);\n%s;\n-- strata:down\nDROP TABLE t1;\n", testdb.Sleep(d, 60*time.Second))
			})
			cmd := command(waitTimeout(2*time.Minute), db.URL, dir, "verify")
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			pid := cmd.Process.Pid
			var left []string
			deadline := time.Now().Add(30 * time.Second)
			for {
				names, busy := scratchOf(t, db, pid)
				if len(names) == 1 && busy {
					left = names
					break
				}
				if time.Now().After(deadline) {
					cmd.Process.Kill()
					cmd.Wait()
					t.Fatalf("verify never got to the long statement in its scratch database (%v)", names)
				}
				time.Sleep(50 * time.Millisecond)
			}
			t.Cleanup(func() { db.DB.Exec("DROP DATABASE IF EXISTS " + left[0]) })
			if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
				t.Fatal(err)
			}
			cmd.Wait()
			if names, _ := scratchOf(t, db, pid); len(names) != 1 {
				t.Fatalf("the killed run's scratch database is not there: %v", names)
			}

			// The next run on this host sees that pid is gone.
			r := strata(waitTimeout(time.Minute), db.URL, writeMigrations(t, 1, simpleMigration), "drift")
			if r.code != 0 {
				t.Fatalf("drift after the kill: %s", r)
			}
			want := fmt.Sprintf("dropped the temporary database %s left by an earlier run (its process %d on this host is gone)", left[0], pid)
			if !strings.Contains(r.stderr, want) {
				t.Fatalf("stderr does not say %q:\n%s", want, r)
			}
			if names, _ := scratchOf(t, db, pid); len(names) != 0 {
				t.Fatalf("still there: %v", names)
			}
			if names, _ := scratchOf(t, db, r.pid); len(names) != 0 {
				t.Fatalf("drift left its own scratch database: %v", names)
			}
		})
	}
}
