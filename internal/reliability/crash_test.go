package reliability

import (
	"database/sql"
	"fmt"
	"math/rand/v2"
	"os/exec"
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

// maxTries is how many kills a trial may take to land in its window
// before the test gives up on it.
const maxTries = 5

// TestCrashRecovery kills `strata up` with SIGKILL at random moments while
// it holds the lock with migrations left to run. Every trial checks that
// its kill landed there (a kill before the lock or after the run tests
// nothing: such tries are counted, reported and tried again). After each
// kill: the schema matches the history (no migration half recorded where
// the database is transactional), the next `strata up` records the
// interrupted attempt against the migration that was in flight, with the
// dead runner's pid, and completes without help, and no version is ever
// applied twice.
func TestCrashRecovery(t *testing.T) {
	const n = 8
	for _, d := range testdb.Dialects {
		t.Run(d, func(t *testing.T) {
			var misses, windowHits, progressKills, nothingUnfinished int
			count := trialCount()
			// One undisturbed run says how long `up` takes here once it
			// holds the lock; the kills land uniformly over that time.
			toLock, full := calibrate(t, d, n)
			span := max(full-toLock, time.Millisecond)
			for trial := 0; trial < count; trial++ {
				var k kill
				for try := 1; ; try++ {
					k = killOnce(t, d, n, span)
					if k.hit() {
						break
					}
					misses++
					if k.exited && k.ran > 0 {
						// This run was quicker than the calibration: aim
						// within what it took.
						span = max(min(span, k.ran*4/5), time.Millisecond)
					}
					t.Logf("trial %d, try %d: the kill after %s missed its window (%s)", trial, try, k.delay, k.miss())
					if try == maxTries {
						t.Fatalf("trial %d: %d kills in a row missed the window of a runner holding the lock mid-run", trial, maxTries)
					}
				}
				db, dir := k.db, k.dir
				inFlight := fmt.Sprint(k.firstPending)
				if d == "postgres" && k.rowVersion != inFlight {
					// A migration's transaction names itself in the lock
					// row, in the request that begins it: a runner killed
					// before that request, or whose last transaction the
					// server committed after the kill, left nothing
					// unfinished, and nothing is recorded.
					inFlight = ""
					nothingUnfinished++
				}
				if k.progress > 0 {
					progressKills++
				}

				r := strata(waitTimeout(5*time.Minute), db.URL, dir, "up", "--lock-timeout", "2m")
				if r.code != 0 {
					t.Fatalf("trial %d (killed %s after the lock, in migration %s): recovery up failed: %s", trial, k.delay, inFlight, r)
				}
				rows := attemptRows(t, db.DB)
				applied := checkAlternation(t, rows)
				for i := 1; i <= n; i++ {
					if !applied[fmt.Sprint(i)] || !complete(t, db, i) {
						t.Errorf("trial %d: version %d not complete after recovery", trial, i)
					}
				}
				var interrupted []row
				for _, row := range rows {
					if row.code == "interrupted" {
						interrupted = append(interrupted, row)
					}
				}
				if inFlight == "" && len(interrupted) != 0 {
					t.Errorf("trial %d (killed %s after the lock): the lock row names no unfinished migration (%q), yet recorded %+v", trial, k.delay, k.rowVersion, interrupted)
				} else if inFlight != "" && (len(interrupted) != 1 || interrupted[0].pid != k.pid || interrupted[0].version != inFlight || interrupted[0].direction != "up") {
					t.Errorf("trial %d (killed %s after the lock): want one interrupted attempt of pid %d on version %s, the first not applied, got %+v",
						trial, k.delay, k.pid, inFlight, interrupted)
				}
				var hits int
				db.DB.QueryRow("SELECT count(*) FROM schema_migrations WHERE warnings LIKE '%may have run before the previous runner died%'").Scan(&hits)
				windowHits += hits
			}
			if d == "mysql" && count >= 6 && windowHits == 0 {
				t.Errorf("no trial hit the window between a DDL statement and its record")
			}
			t.Logf("%s: the lock after %s, a full run in %s; %d trials, each killed while holding the lock mid-run (%d tries missed that window and were tried again), "+
				"%d with committed statements in the lock row, %d resumed a statement of unknown outcome, %d between two migrations' requests (nothing to record); every interruption recorded on the migration in flight, every recovery exited 0, nothing applied twice",
				d, toLock.Round(time.Millisecond), full.Round(time.Millisecond), count, misses, progressKills, windowHits, nothingUnfinished)
		})
	}
}

// kill is one SIGKILL of `strata up` and what it left behind.
type kill struct {
	db    *testdb.DB
	dir   string
	pid   int
	delay time.Duration // after the lock row appeared
	// What the killed runner left, read once its session was gone.
	locked       bool   // its lock row is still there
	firstPending int    // the lowest version not applied; 0 when all are
	progress     int    // statements its lock row says committed
	rowVersion   string // the migration its lock row names, "" for none
	// exited is set when the runner ended before it could be killed; ran
	// is then how long it ran after its lock row appeared.
	exited bool
	ran    time.Duration
}

// hit reports whether the kill landed where it was meant to: while the
// runner held the lock with work left.
func (k kill) hit() bool { return !k.exited && k.locked && k.firstPending > 0 }

func (k kill) miss() string {
	switch {
	case k.exited:
		return "the runner had exited"
	case !k.locked:
		return "no lock row left"
	}
	return "every migration was applied"
}

// killOnce runs `strata up` of n slow migrations on a fresh database and
// kills it at a random moment within span after it takes the lock.
func killOnce(t *testing.T, d string, n int, span time.Duration) kill {
	t.Helper()
	k := kill{db: testdb.Open(t, d), dir: writeMigrations(t, n, slowMigration(d))}
	cmd := command(waitTimeout(5*time.Minute), k.db.URL, k.dir, "up")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	k.pid = cmd.Process.Pid
	exited := make(chan struct{})
	go func() { cmd.Wait(); close(exited) }()
	if !waitLocked(k.db.DB, exited) {
		k.exited = true
		return k
	}
	locked := time.Now()
	k.delay = time.Duration(rand.Int64N(int64(span)))
	select {
	case <-exited:
		k.exited, k.ran = true, time.Since(locked)
		return k
	case <-time.After(k.delay):
	}
	cmd.Process.Signal(syscall.SIGKILL)
	<-exited
	if !killedBySignal(cmd) {
		k.exited, k.ran = true, time.Since(locked)
		return k
	}
	// The server ends the dead runner's session when it notices; a COMMIT
	// already sent may still complete until then.
	waitSessionsGone(t, k.db)
	applied := checkAlternation(t, attemptRows(t, k.db.DB))
	if d != "mysql" {
		for i := 1; i <= n; i++ {
			if has := complete(t, k.db, i); has != applied[fmt.Sprint(i)] {
				t.Errorf("killed %s after the lock: version %d: history says applied=%v, schema says %v", k.delay, i, applied[fmt.Sprint(i)], has)
			}
		}
	}
	for i := 1; i <= n; i++ {
		if !applied[fmt.Sprint(i)] {
			k.firstPending = i
			break
		}
	}
	var done sql.NullInt64
	var version sql.NullString
	err := k.db.DB.QueryRow("SELECT statements_done, version FROM migration_locks").Scan(&done, &version)
	k.locked = err == nil
	k.progress, k.rowVersion = int(done.Int64), version.String
	return k
}

// waitLocked waits until a runner's lock row is there; false when the
// runner exited first.
func waitLocked(db *sql.DB, exited <-chan struct{}) bool {
	for {
		var n int
		if err := db.QueryRow("SELECT count(*) FROM migration_locks").Scan(&n); err == nil && n > 0 {
			return true
		}
		select {
		case <-exited:
			return false
		case <-time.After(2 * time.Millisecond):
		}
	}
}

func killedBySignal(cmd *exec.Cmd) bool {
	ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus)
	return ok && ws.Signaled() && ws.Signal() == syscall.SIGKILL
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

// calibrate times one undisturbed `strata up` of the n slow migrations:
// how long until its lock row appears, and until it exits.
func calibrate(t *testing.T, d string, n int) (toLock, full time.Duration) {
	t.Helper()
	db := testdb.Open(t, d)
	dir := writeMigrations(t, n, slowMigration(d))
	cmd := command(waitTimeout(5*time.Minute), db.URL, dir, "up")
	start := time.Now()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan struct{})
	var err error
	go func() { err = cmd.Wait(); close(exited) }()
	if !waitLocked(db.DB, exited) {
		t.Fatal("calibration run: the lock row never showed")
	}
	toLock = time.Since(start)
	<-exited
	if err != nil {
		t.Fatalf("calibration run: %v", err)
	}
	return toLock, time.Since(start)
}
