package strata_test

import (
	"context"
	"errors"
	"testing"
	"testing/fstest"
	"time"

	"github.com/strata-db/strata"
	"github.com/strata-db/strata/internal/testdb"
)

// TestCancelledDoSleep: MariaDB ends a DO SLEEP that is stopped early and
// without an error. A run cancelled during one must still stop there,
// name that statement (not the next one), and never record the migration
// applied, whether the sleep is the section's last statement or not.
func TestCancelledDoSleep(t *testing.T) {
	for _, c := range []struct {
		name, sql string
		stmt      int // the statement the report names
		applied   int // statements committed
	}{
		{"middle", "CREATE TABLE s1 (id int);\nDO SLEEP(20);\nCREATE TABLE s2 (id int);\n", 2, 2},
		{"last", "CREATE TABLE s1 (id int);\nCREATE TABLE s2 (id int);\nDO SLEEP(20);\n", 3, 3},
	} {
		t.Run(c.name, func(t *testing.T) {
			db := testdb.Open(t, "mysql")
			m, err := strata.New(db.DB, strata.MySQL, fstest.MapFS{"001_sleep.sql": migration(c.sql)})
			if err != nil {
				t.Fatal(err)
			}
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			done := make(chan error, 1)
			go func() {
				_, err := m.Up(ctx)
				done <- err
			}()
			// Cancel once the server runs the sleep.
			deadline := time.Now().Add(15 * time.Second)
			for count(t, db.DB, "SELECT count(*) FROM information_schema.processlist WHERE info LIKE 'DO SLEEP%'") == 0 {
				if time.Now().After(deadline) {
					t.Fatal("the sleep never ran")
				}
				time.Sleep(20 * time.Millisecond)
			}
			cancel()
			err = <-done
			var me *strata.MigrationError
			if !errors.As(err, &me) || !errors.Is(err, strata.ErrInterrupted) {
				t.Fatalf("up: want an interruption, got %v", err)
			}
			if me.Statement != c.stmt || me.Applied != c.applied {
				t.Errorf("report names statement %d with %d applied, want %d with %d: %v", me.Statement, me.Applied, c.stmt, c.applied, err)
			}
			if n := count(t, db.DB, "SELECT count(*) FROM schema_migrations WHERE success"); n != 0 {
				t.Errorf("the cancelled migration is recorded applied (%d rows)", n)
			}
			if c.name == "middle" {
				if n := count(t, db.DB, "SELECT count(*) FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = 's2'"); n != 0 {
					t.Error("the statement after the cancelled sleep ran")
				}
			}
			st, err := m.Status(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			if st.Pending == 0 {
				t.Error("status shows nothing pending after a cancelled run")
			}
			// The next run goes on after the sleep, without it.
			res, err := m.Up(context.Background())
			if err != nil || len(res) != 1 || res[0].ResumedAt != c.applied+1 {
				t.Fatalf("resumed up: %+v, %v; want it resumed at %d", res, err, c.applied+1)
			}
		})
	}
}
