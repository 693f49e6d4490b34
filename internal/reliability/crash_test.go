package reliability

import (
	"fmt"
	"math/rand/v2"
	"syscall"
	"testing"
	"time"

	"github.com/strata-db/strata/internal/testdb"
)

// slowMigration takes a little while on each database: a table filled with
// rows, then DDL that has to touch every row. On MariaDB the ALTER copies
// the table and, like any DDL, commits on its own; a runner killed while it
// runs leaves the server to finish it, which is exactly the window between
// a statement and strata's record of it.
func slowMigration(dialect string) func(i int) string {
	return func(i int) string {
		var fill, alter string
		switch dialect {
		case "postgres":
			fill = fmt.Sprintf("INSERT INTO t%d SELECT g, repeat('x', 100) FROM generate_series(1, 20000) g", i)
			alter = fmt.Sprintf("ALTER TABLE t%d ADD COLUMN c INTEGER NOT NULL DEFAULT 1", i)
		case "mysql":
			fill = fmt.Sprintf("INSERT INTO t%d SELECT seq, REPEAT('x', 100) FROM seq_1_to_20000", i)
			alter = fmt.Sprintf("ALTER TABLE t%d ADD COLUMN c INTEGER NOT NULL DEFAULT 1, ALGORITHM=COPY", i)
		default:
			fill = fmt.Sprintf("INSERT INTO t%d WITH RECURSIVE s(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM s WHERE x < 20000) SELECT x, 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx' FROM s", i)
			alter = fmt.Sprintf("ALTER TABLE t%d ADD COLUMN c INTEGER NOT NULL DEFAULT 1", i)
		}
		return fmt.Sprintf("CREATE TABLE t%d (id INTEGER PRIMARY KEY, pad VARCHAR(100));\n%s;\n%s;\nCREATE INDEX t%d_pad_idx ON t%d (pad);\n-- strata:down\nDROP TABLE t%d;\n",
			i, fill, alter, i, i, i)
	}
}

// complete reports whether migration i's table exists with its column c.
func complete(t *testing.T, db *testdb.DB, i int) bool {
	t.Helper()
	if !tableExists(t, db, fmt.Sprintf("t%d", i)) {
		return false
	}
	_, err := db.DB.Exec(fmt.Sprintf("SELECT c FROM t%d WHERE id = 1", i))
	return err == nil
}

// TestCrashRecovery kills `strata up` with SIGKILL at random moments. After
// each kill: the schema matches the history (no migration half recorded
// where the database is transactional), no version is applied twice, the
// next `strata up` completes without help, and the interrupted attempt is
// in the history with who, when and which migration.
func TestCrashRecovery(t *testing.T) {
	const n = 8
	for _, d := range testdb.Dialects {
		t.Run(d, func(t *testing.T) {
			var killedDuring, recorded, windowHits int
			count := trialCount()
			// One undisturbed run says how long a whole `up` takes here; the
			// kills then land uniformly over that time.
			full := calibrate(t, d, n)
			for trial := 0; trial < count; trial++ {
				db := testdb.Open(t, d)
				dir := writeMigrations(t, n, slowMigration(d))
				delay := time.Duration(rand.Int64N(int64(full)))
				cmd := command(waitTimeout(5*time.Minute), db.URL, dir, "up")
				if err := cmd.Start(); err != nil {
					t.Fatal(err)
				}
				time.Sleep(delay)
				cmd.Process.Signal(syscall.SIGKILL)
				cmd.Wait()
				pid := cmd.Process.Pid
				// The server ends the dead runner's session when it notices;
				// a COMMIT already sent may still complete until then.
				waitSessionsGone(t, db)

				rows := attemptRows(t, db.DB)
				applied := checkAlternation(t, rows)
				if d != "mysql" {
					for i := 1; i <= n; i++ {
						if has := complete(t, db, i); has != applied[fmt.Sprint(i)] {
							t.Errorf("trial %d: version %d: history says applied=%v, schema says %v", trial, i, applied[fmt.Sprint(i)], has)
						}
					}
				}
				// The killed runner's lock row, if it took the lock, and
				// whether it still had work to do.
				var stale int
				db.DB.QueryRow("SELECT count(*) FROM migration_locks").Scan(&stale)
				unfinished := false
				for i := 1; i <= n; i++ {
					unfinished = unfinished || !applied[fmt.Sprint(i)]
				}

				r := strata(waitTimeout(5*time.Minute), db.URL, dir, "up", "--lock-timeout", "2m")
				if r.code != 0 {
					t.Fatalf("trial %d (killed after %s): recovery up failed: %s", trial, delay, r)
				}
				rows = attemptRows(t, db.DB)
				applied = checkAlternation(t, rows)
				for i := 1; i <= n; i++ {
					if !applied[fmt.Sprint(i)] || !complete(t, db, i) {
						t.Errorf("trial %d: version %d not complete after recovery", trial, i)
					}
				}
				if stale > 0 && unfinished {
					killedDuring++
					for _, row := range rows {
						if row.code == "interrupted" && row.pid == pid {
							recorded++
							break
						}
					}
				}
				var hits int
				db.DB.QueryRow("SELECT count(*) FROM schema_migrations WHERE warnings LIKE '%may have run before the previous runner died%'").Scan(&hits)
				windowHits += hits
			}
			if recorded != killedDuring {
				t.Errorf("%d kills landed while the runner held the lock, %d were recorded as interrupted", killedDuring, recorded)
			}
			if d == "mysql" && count >= 6 && windowHits == 0 {
				t.Errorf("no trial hit the window between a DDL statement and its record")
			}
			t.Logf("%s: a full run takes %s; %d trials, %d killed while holding the lock, %d recorded as interrupted, %d resumed a statement of unknown outcome; every recovery exited 0, nothing applied twice",
				d, full.Round(time.Millisecond), count, killedDuring, recorded, windowHits)
		})
	}
}

// waitSessionsGone waits until no other session is connected to the test
// database: the killed runner's session has ended on the server.
func waitSessionsGone(t *testing.T, db *testdb.DB) {
	t.Helper()
	var q string
	switch db.Dialect {
	case "postgres":
		q = "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
	case "mysql":
		q = "SELECT count(*) FROM information_schema.processlist WHERE db = DATABASE() AND id <> CONNECTION_ID()"
	default:
		return
	}
	// The test's own pool may hold idle connections; keep one.
	db.DB.SetMaxIdleConns(1)
	db.DB.SetMaxOpenConns(1)
	defer db.DB.SetMaxOpenConns(0)
	deadline := time.Now().Add(2 * time.Minute)
	for time.Now().Before(deadline) {
		var n int
		if err := db.DB.QueryRow(q).Scan(&n); err == nil && n == 0 {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatal("the killed runner's session never ended")
}

// calibrate times one undisturbed `strata up` of the n slow migrations.
func calibrate(t *testing.T, d string, n int) time.Duration {
	t.Helper()
	db := testdb.Open(t, d)
	dir := writeMigrations(t, n, slowMigration(d))
	start := time.Now()
	if r := strata(waitTimeout(5*time.Minute), db.URL, dir, "up"); r.code != 0 {
		t.Fatalf("calibration run: %s", r)
	}
	return time.Since(start)
}
