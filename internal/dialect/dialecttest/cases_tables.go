package dialecttest

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"github.com/strata-db/strata"
)

// tableCases check what strata's lock and history tables show, and that
// a foreign table is left alone.
var tableCases = []testCase{
	{"LockHolderVisible", func(t *testing.T, e *env) {
		// The first runner holds the lock for as long as the test needs:
		// its events callback, which runs on the runner's own goroutine,
		// waits when migration 2 starts.
		ctx := context.Background()
		fsys := files("001_users.sql", users, "002_tags.sql", tags)
		e.up(e.migrator(fsys), strata.To("1"))
		started, release := make(chan struct{}), make(chan struct{})
		first, err := strata.New(e.db.DB, e.dialect, fsys, strata.WithEvents(func(ev strata.Event) {
			if s, ok := ev.(strata.MigrationStarted); ok && s.Version == "2" {
				close(started)
				<-release
			}
		}))
		if err != nil {
			t.Fatal(err)
		}
		done := make(chan error, 1)
		go func() { _, err := first.Up(ctx); done <- err }()
		var once sync.Once
		let := func() { once.Do(func() { close(release) }) }
		t.Cleanup(func() { let(); <-done })
		select {
		case <-started:
		case err := <-done:
			t.Fatalf("the first runner ended before migration 2: %v", err)
		}
		wantHolder := func(what string, h *strata.LockHolder) {
			t.Helper()
			if h == nil || h.ProcessID != os.Getpid() || h.Command != "up" || !strings.Contains(h.LockedBy, "@") || h.LockedAt.IsZero() {
				t.Errorf("%s: holder %+v, want this process's strata up", what, h)
			}
		}
		s, err := e.migrator(fsys).Status(ctx)
		if err != nil {
			t.Fatal(err)
		}
		wantHolder("status", s.Lock)
		// Both an up (2 is pending) and a down (1 is applied) have work to
		// do, so both wait for the lock, and give up naming the holder.
		for _, c := range []struct {
			name string
			run  func(*strata.Migrator) error
		}{
			{"up", func(m *strata.Migrator) error { _, err := m.Up(ctx); return err }},
			{"down", func(m *strata.Migrator) error { _, err := m.Down(ctx); return err }},
		} {
			var waits []strata.LockWaiting
			second, err := strata.New(e.db.DB, e.dialect, fsys, strata.WithLockTimeout(300*time.Millisecond),
				strata.WithEvents(func(ev strata.Event) {
					if w, ok := ev.(strata.LockWaiting); ok {
						waits = append(waits, w)
					}
				}))
			if err != nil {
				t.Fatal(err)
			}
			err = c.run(second)
			var le *strata.LockError
			if !errors.As(err, &le) {
				t.Fatalf("%s: want a LockError, got %v", c.name, err)
			}
			wantHolder(c.name+": LockError", le.Holder)
			if len(waits) == 0 {
				t.Fatalf("%s: no LockWaiting event", c.name)
			}
			wantHolder(c.name+": LockWaiting", waits[0].Holder)
		}
		let()
		if err := <-done; err != nil {
			t.Fatal(err)
		}
		done <- nil // for the cleanup
		e.wantStates(e.migrator(fsys), map[string]string{"1": "applied", "2": "applied"})
	}},
	{"ForeignTable", func(t *testing.T, e *env) {
		if _, err := e.db.DB.Exec("CREATE TABLE schema_migrations (version BIGINT NOT NULL PRIMARY KEY, dirty BOOLEAN NOT NULL)"); err != nil {
			t.Fatal(err)
		}
		m := e.migrator(files("001_users.sql", users))
		_, err := m.Up(context.Background())
		if !errors.Is(err, strata.ErrForeignTable) || !strings.Contains(err.Error(), "golang-migrate") || !strings.Contains(err.Error(), "history-table") {
			t.Fatalf("want ForeignTableError naming golang-migrate and the setting, got %v", err)
		}
		m = e.migrator(files("001_users.sql", users), strata.WithTables("strata_history", "strata_locks"))
		e.up(m)
		var n int
		if err := e.db.DB.QueryRow("SELECT count(*) FROM schema_migrations").Scan(&n); err != nil || n != 0 {
			t.Fatalf("the foreign table was touched: %d %v", n, err)
		}
	}},
	{"ReadingWritesNothing", func(t *testing.T, e *env) {
		m := e.migrator(files("001_users.sql", users))
		e.wantStates(m, map[string]string{"1": "pending"})
		if h := e.history(m); len(h) != 0 {
			t.Fatal("history on an untouched database")
		}
		if p, err := m.Validate(context.Background()); err != nil || len(p) != 0 {
			t.Fatalf("validate: %+v %v", p, err)
		}
		r, err := m.Up(context.Background(), strata.DryRun())
		if err != nil || len(r) != 1 || len(r[0].SQL) != 1 {
			t.Fatalf("dry run: %+v %v", r, err)
		}
		if e.tableExists("schema_migrations") || e.tableExists("migration_locks") || e.tableExists("users") {
			t.Fatal("a reading command or dry run wrote to the database")
		}
	}},
	{"LastRecordTakesTheLockRow", func(t *testing.T, e *env) {
		// The run's last history row commits together with the removal of
		// the lock row, so a lock row left behind always means a runner
		// that died mid-plan; before the last, the row is there.
		nonTx := "-- strata:no-transaction\n" + tags
		for _, tc := range []struct {
			name  string
			files fstest.MapFS
		}{
			{"transaction", files("001_users.sql", users, "002_posts.sql", posts)},
			{"statement by statement", files("001_users.sql", users, "002_tags.sql", nonTx)},
		} {
			rows := map[string]int{}
			var m *strata.Migrator
			m = e.migrator(tc.files, strata.WithEvents(func(ev strata.Event) {
				if f, ok := ev.(strata.MigrationFinished); ok {
					var n int
					if err := e.db.DB.QueryRow("SELECT count(*) FROM migration_locks").Scan(&n); err != nil {
						t.Error(err)
					}
					rows[f.Result.Direction+f.Result.Version] = n
				}
			}))
			e.up(m)
			if _, err := m.Down(context.Background(), strata.All()); err != nil {
				t.Fatal(err)
			}
			if _, err := m.Redo(context.Background()); err == nil {
				t.Fatal("redo with nothing applied succeeded")
			}
			e.up(m, strata.To("1"))
			if _, err := m.Redo(context.Background()); err != nil {
				t.Fatal(err)
			}
			// The last time each ran: up (001 then 002), down --all (002
			// then 001), up --to 1, and redo of 001, whose roll back is not
			// its last step.
			want := map[string]int{"up1": 0, "up2": 0, "down2": 1, "down1": 1}
			if fmt.Sprint(rows) != fmt.Sprint(want) {
				t.Errorf("%s: lock rows seen after each migration %v, want %v", tc.name, rows, want)
			}
		}
	}},
}
