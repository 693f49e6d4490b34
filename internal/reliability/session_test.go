package reliability

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/strata-db/strata/internal/testdb"
)

// TestKilledRunnerServerStops kills `strata up` (SIGKILL) while PostgreSQL
// runs a 60 s statement of its migration. strata's session checks every
// second whether its client is still there (client_connection_check_interval,
// PostgreSQL 14 and later), so the server ends the statement, rolls the
// migration back and frees the lock within seconds, instead of running the
// rest of the migration for nobody and committing it a minute later.
func TestKilledRunnerServerStops(t *testing.T) {
	db := testdb.Open(t, "postgres")
	var version int
	if err := db.DB.QueryRow("SELECT current_setting('server_version_num')::int").Scan(&version); err != nil {
		t.Fatal(err)
	}
	if version < 140000 {
		t.Skipf("PostgreSQL %d has no client_connection_check_interval", version)
	}
	dir := writeMigrations(t, 2, func(i int) string {
		if i == 1 {
			return simpleMigration(1)
		}
		return "CREATE TABLE b1 (id int);\nSELECT pg_sleep(60);\nCREATE TABLE b2 (id int);\n"
	})
	cmd := command(waitTimeout(2*time.Minute), db.URL, dir, "up")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	// The window: the runner's backend is in pg_sleep.
	var pid int
	deadline := time.Now().Add(30 * time.Second)
	for pid == 0 && time.Now().Before(deadline) {
		db.DB.QueryRow(`SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND state = 'active'
			AND query LIKE '%pg_sleep(60)%' AND pid <> pg_backend_pid()`).Scan(&pid)
		time.Sleep(20 * time.Millisecond)
	}
	if pid == 0 {
		t.Fatal("the runner never reached the long statement")
	}
	if err := cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	cmd.Wait()
	killed := time.Now()
	// Without the check the backend sleeps on for most of a minute; with
	// it, a second or two.
	for {
		var n int
		if err := db.DB.QueryRow("SELECT count(*) FROM pg_stat_activity WHERE pid = $1", pid).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n == 0 {
			break
		}
		if time.Since(killed) > 20*time.Second {
			t.Fatalf("the dead runner's backend %d still runs its migration %s after the kill", pid, time.Since(killed).Round(time.Second))
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Logf("the server ended the dead runner's statement %s after the kill", time.Since(killed).Round(10*time.Millisecond))
	if tableExists(t, db, "b1") {
		t.Error("the killed migration committed its first statement")
	}
	// The next runner takes the lock at once and applies the migration
	// (its sleep taken out).
	if err := os.WriteFile(filepath.Join(dir, "002_step_2.sql"), []byte("CREATE TABLE b1 (id int);\nCREATE TABLE b2 (id int);\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if r := strata(waitTimeout(time.Minute), db.URL, dir, "up", "--lock-timeout", "5s"); r.code != 0 {
		t.Fatalf("next up: %s", r)
	}
	if !tableExists(t, db, "b2") {
		t.Error("the next runner did not apply the migration")
	}
}
