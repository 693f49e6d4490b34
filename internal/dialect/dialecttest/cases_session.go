package dialecttest

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/strata-db/strata"
	"github.com/strata-db/strata/internal/testdb"
)

// sessionCases cancel, time out and lose the session of a running migration.
var sessionCases = []testCase{
	{"CancelRollsBackAndReleases", func(t *testing.T, e *env) {
		sleepy := func(d time.Duration) string {
			return "CREATE TABLE before_sleep (id INTEGER PRIMARY KEY);\n" + testdb.Sleep(string(e.dialect), d) + ";\nCREATE TABLE after_sleep (id INTEGER PRIMARY KEY);\n"
		}
		slow := sleepy(20 * time.Second)
		m := e.migrator(files("001_users.sql", users, "002_slow.sql", slow))
		ctx, cancel := context.WithCancel(context.Background())
		go func() {
			waitSleeping(t, e)
			cancel()
		}()
		start := time.Now()
		_, err := m.Up(ctx)
		if !errors.Is(err, strata.ErrInterrupted) {
			t.Fatalf("want ErrInterrupted, got %v", err)
		}
		if time.Since(start) > 10*time.Second {
			t.Fatalf("the running statement was not stopped (%s)", time.Since(start))
		}
		h := e.history(m)
		if h[0].Success || h[0].Version != "2" || h[0].ErrorCode != "cancelled" || h[0].ErrorStatement != 2 {
			t.Fatalf("cancelled attempt not recorded as the sleep (statement 2) stopped: %+v", h[0])
		}
		if e.tableExists("after_sleep") {
			t.Fatal("ran past the cancellation")
		}
		if e.dialect != strata.MySQL && e.tableExists("before_sleep") {
			t.Fatal("the cancelled migration was not rolled back")
		}
		if s, _ := m.Status(context.Background()); s.Lock != nil {
			t.Fatalf("lock left behind: %+v", s.Lock)
		}
		// The next run resumes (MySQL) or re-runs (others) without help.
		// Where statements committed one by one, those before the stopped
		// one must stay as they were; the sleep may be shortened only when
		// it is the statement that was stopped.
		next := sleepy(0)
		m = e.migrator(files("001_users.sql", users, "002_slow.sql", next))
		if r := e.up(m); len(r) != 1 || !e.tableExists("after_sleep") {
			t.Fatalf("after the cancel: %+v", r)
		}
	}},
	{"StatementTimeout", func(t *testing.T, e *env) {
		// The sleep as the first statement, and as a later one.
		first := "-- strata:timeout 500ms\n" + testdb.Sleep(string(e.dialect), 20*time.Second) + ";\n"
		start := time.Now()
		// Its own tracking tables keep this check apart from the next.
		firstRun := e.migrator(files("001_first.sql", first), strata.WithTables("first_history", "first_locks"))
		_, err := firstRun.Up(context.Background())
		if time.Since(start) > 10*time.Second {
			t.Fatalf("the timeout did not stop the first statement (%s, %v)", time.Since(start), err)
		}
		var me *strata.MigrationError
		if !errors.As(err, &me) || me.Statement != 1 {
			t.Fatalf("want the first statement to fail on its timeout, got %v", err)
		}
		slow := "-- strata:timeout 500ms\nCREATE TABLE before_sleep (id INTEGER PRIMARY KEY);\n" + testdb.Sleep(string(e.dialect), 20*time.Second) + ";\nCREATE TABLE after_sleep (id INTEGER PRIMARY KEY);\n"
		m := e.migrator(files("001_slow.sql", slow))
		start = time.Now()
		_, err = m.Up(context.Background())
		took := time.Since(start)
		if took > 10*time.Second {
			t.Fatalf("the timeout did not stop the statement (%s)", took)
		}
		if !errors.As(err, &me) || me.Statement != 2 {
			t.Fatalf("want the sleeping statement to fail, got %v", err)
		}
		// The server's own timeout error, not a statement that merely
		// ended early (MariaDB's DO SLEEP does, without an error).
		if want := map[strata.Dialect]string{strata.Postgres: "57014", strata.MySQL: "1969"}[e.dialect]; me.Code != want {
			t.Fatalf("want the timeout's error code %q, got %q: %v", want, me.Code, err)
		}
		if e.tableExists("after_sleep") {
			t.Fatal("ran past the timed-out statement")
		}
	}},
	{"LostConnection", func(t *testing.T, e *env) {
		if e.dialect == strata.SQLite {
			t.Skip("SQLite has no server session to terminate")
		}
		slow := "CREATE TABLE before_sleep (id INTEGER PRIMARY KEY);\n" + testdb.Sleep(string(e.dialect), 20*time.Second) + ";\n"
		m := e.migrator(files("001_users.sql", users, "002_slow.sql", slow))
		go func() {
			killSleeper(t, e, waitSleeping(t, e))
		}()
		_, err := m.Up(context.Background())
		var me *strata.MigrationError
		if !errors.As(err, &me) || me.Statement != 2 {
			t.Fatalf("want a MigrationError at statement 2, got %v", err)
		}
		h := e.history(m)
		if h[0].Success || h[0].Version != "2" || h[0].ErrorCode != "connection-lost" || h[0].ErrorStatement != 2 {
			t.Fatalf("lost connection not recorded: %+v", h[0])
		}
		if e.dialect == strata.Postgres && e.tableExists("before_sleep") {
			t.Fatal("half a migration committed on PostgreSQL")
		}
		s, err := m.Status(context.Background())
		if err != nil || s.Lock != nil {
			t.Fatalf("lock left behind: %+v %v", s, err)
		}
		m = e.migrator(files("001_users.sql", users, "002_slow.sql", strings.Replace(slow, "20", "0", 1)))
		if r := e.up(m); len(r) != 1 {
			t.Fatalf("after the lost connection: %+v", r)
		}
	}},
}

// waitForLockOn waits until the runner works on the migration version: it
// holds the lock and the previous versions are recorded.
func waitForLockOn(t *testing.T, e *env, version string) {
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		var n int
		err := e.db.DB.QueryRow("SELECT count(*) FROM schema_migrations WHERE success = " + map[bool]string{true: "1", false: "true"}[e.dialect != strata.Postgres] + " AND version = '" + strconv.Itoa(mustAtoi(version)-1) + "'").Scan(&n)
		if err == nil && n > 0 {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Error("the runner never reached version " + version)
}

func mustAtoi(s string) int {
	n, err := strconv.Atoi(s)
	if err != nil {
		panic(err)
	}
	return n
}

// waitSleeping waits until the runner runs the sleep of migration 2 and
// returns the id of the server session running it. SQLite has no server
// to ask: there it waits until migration 1 is recorded, and a moment for
// migration 2's instant first statement.
func waitSleeping(t *testing.T, e *env) string {
	var q string
	switch e.dialect {
	case strata.Postgres:
		// The query text is the whole migration (one request); the wait
		// event says the sleep is the statement running.
		q = "SELECT pid::text FROM pg_stat_activity WHERE datname = current_database() AND wait_event = 'PgSleep' AND pid <> pg_backend_pid()"
	case strata.MySQL:
		q = "SELECT CAST(id AS CHAR) FROM information_schema.processlist WHERE db = DATABASE() AND info LIKE 'SELECT SLEEP(%' AND id <> CONNECTION_ID()"
	default:
		waitForLockOn(t, e, "2")
		time.Sleep(200 * time.Millisecond)
		return ""
	}
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		var id string
		if err := e.db.DB.QueryRow(q).Scan(&id); err == nil {
			return id
		}
	}
	t.Error("the runner never ran the sleep")
	return ""
}

// killSleeper ends, from the server, the session id.
func killSleeper(t *testing.T, e *env, id string) {
	q := "SELECT pg_terminate_backend($1::int)"
	if e.dialect == strata.MySQL {
		n, err := strconv.ParseInt(id, 10, 64)
		if err != nil {
			t.Errorf("session id %q: %v", id, err)
			return
		}
		q = "KILL " + strconv.FormatInt(n, 10)
		if _, err := e.db.DB.Exec(q); err != nil {
			t.Errorf("terminating the runner's session: %v", err)
		}
		return
	}
	if _, err := e.db.DB.Exec(q, id); err != nil {
		t.Errorf("terminating the runner's session: %v", err)
	}
}
