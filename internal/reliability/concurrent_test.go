package reliability

import (
	"database/sql"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/strata-db/strata/internal/testdb"
)

// simpleMigration creates one table with a row; its down drops it.
func simpleMigration(i int) string {
	return fmt.Sprintf("CREATE TABLE t%d (id INTEGER PRIMARY KEY, v VARCHAR(20));\nINSERT INTO t%d (id, v) VALUES (1, 'x');\n-- strata:down\nDROP TABLE t%d;\n", i, i, i)
}

// attemptRows reads (version, direction, success, error_code, process_id,
// error_statement) of every history row, in id order.
type row struct {
	version, direction, code string
	success                  bool
	pid                      int
	stmt                     int // error_statement
}

func attemptRows(t *testing.T, db *sql.DB) []row {
	t.Helper()
	rows, err := db.Query("SELECT version, direction, success, COALESCE(error_code, ''), process_id, COALESCE(error_statement, 0) FROM schema_migrations ORDER BY id")
	if err != nil {
		msg := strings.ToLower(err.Error())
		if strings.Contains(msg, "does not exist") || strings.Contains(msg, "doesn't exist") || strings.Contains(msg, "no such table") {
			return nil // killed before it created the tables
		}
		t.Fatal(err)
	}
	defer rows.Close()
	var out []row
	for rows.Next() {
		var r row
		if err := rows.Scan(&r.version, &r.direction, &r.success, &r.code, &r.pid, &r.stmt); err != nil {
			t.Fatal(err)
		}
		out = append(out, r)
	}
	return out
}

// checkAlternation checks that, per version, successful ups and downs
// alternate starting with an up: nothing was ever applied twice or rolled
// back twice. It returns the versions left applied.
func checkAlternation(t *testing.T, rows []row) map[string]bool {
	t.Helper()
	applied := map[string]bool{}
	for _, r := range rows {
		if !r.success {
			continue
		}
		switch r.direction {
		case "up":
			if applied[r.version] {
				t.Errorf("version %s applied twice", r.version)
			}
			applied[r.version] = true
		case "down":
			if !applied[r.version] {
				t.Errorf("version %s rolled back while not applied", r.version)
			}
			applied[r.version] = false
		}
	}
	return applied
}

func tableExists(t *testing.T, db *testdb.DB, name string) bool {
	t.Helper()
	var q string
	switch db.Dialect {
	case "postgres":
		q = "SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = $1"
	case "mysql":
		q = "SELECT count(*) FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = ?"
	default:
		q = "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?"
	}
	var n int
	if err := db.DB.QueryRow(q, name).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n > 0
}

// startAll runs the commands at once and waits for all of them.
func startAll(url, dir string, cmds [][]string) []run {
	out := make([]run, len(cmds))
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i, args := range cmds {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			out[i] = strata(waitTimeout(10*time.Minute), url, dir, args...)
		}()
	}
	close(start)
	wg.Wait()
	return out
}

// TestConcurrentRunners starts many `strata up` at once on one database:
// every migration must be applied exactly once, every process must exit 0,
// and the waiters must say whom they wait for.
func TestConcurrentRunners(t *testing.T) {
	for _, d := range testdb.Dialects {
		t.Run(d, func(t *testing.T) {
			db := testdb.Open(t, d)
			dir := writeMigrations(t, *migrations, simpleMigration)
			cmds := make([][]string, *runners)
			for i := range cmds {
				cmds[i] = []string{"up", "--lock-timeout", "10m"}
			}
			start := time.Now()
			results := startAll(db.URL, dir, cmds)
			elapsed := time.Since(start)
			waiters := 0
			for i, r := range results {
				if r.code != 0 {
					t.Errorf("runner %d: %s", i, r)
				}
				if strings.Contains(r.stderr, "waiting for the migration lock") {
					waiters++
					// SQLite lets no one read while a runner's write has
					// spilled into the file: the waiter then says that a
					// runner is writing, and names it once it can read.
					if !contains(r.stderr, "held by", "@", "pid") && !(db.Dialect == "sqlite" && strings.Contains(r.stderr, "held by a runner that is writing")) {
						t.Errorf("runner %d waited without naming the holder: %s", i, r.stderr)
					}
				}
			}
			rows := attemptRows(t, db.DB)
			ups := map[string]int{}
			for _, r := range rows {
				if r.success && r.direction == "up" {
					ups[r.version]++
				}
				if !r.success {
					t.Errorf("failed attempt %+v", r)
				}
			}
			if len(ups) != *migrations {
				t.Errorf("%d versions applied, want %d", len(ups), *migrations)
			}
			for v, n := range ups {
				if n != 1 {
					t.Errorf("version %s applied %d times", v, n)
				}
			}
			if waiters == 0 {
				t.Error("no runner reported waiting for the lock")
			}
			t.Logf("%s: %d runners, %d migrations, %d waited and named the holder, all exited 0, each version applied once; %s",
				d, *runners, *migrations, waiters, elapsed.Round(time.Millisecond))
		})
	}
}

// TestConcurrentMixedCommands runs up, down --steps 1, status and validate
// at once: nothing may be applied or rolled back twice, every process exits
// 0, and the schema matches the history afterwards.
func TestConcurrentMixedCommands(t *testing.T) {
	for _, d := range testdb.Dialects {
		t.Run(d, func(t *testing.T) {
			db := testdb.Open(t, d)
			n := *migrations / 4
			dir := writeMigrations(t, n, simpleMigration)
			if r := strata(waitTimeout(5*time.Minute), db.URL, dir, "up", "--to", fmt.Sprint(n/2)); r.code != 0 {
				t.Fatalf("setup: %s", r)
			}
			kinds := [][]string{{"up"}, {"down", "--steps", "1"}, {"status"}, {"validate"}}
			cmds := make([][]string, *runners)
			for i := range cmds {
				cmds[i] = append(append([]string{}, kinds[i%len(kinds)]...), "--lock-timeout", "10m")
			}
			for i, r := range startAll(db.URL, dir, cmds) {
				if r.code != 0 {
					t.Errorf("runner %d (%v): %s", i, cmds[i], r)
				}
			}
			rows := attemptRows(t, db.DB)
			applied := checkAlternation(t, rows)
			for i := 1; i <= n; i++ {
				v := fmt.Sprint(i)
				if has := tableExists(t, db, fmt.Sprintf("t%d", i)); has != applied[v] {
					t.Errorf("version %s: history says applied=%v, table exists=%v", v, applied[v], has)
				}
			}
		})
	}
}
