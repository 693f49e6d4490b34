package strata_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/strata-db/strata"
	"github.com/strata-db/strata/internal/testdb"
)

// TestLockWaitEndedByContext: a runner whose context ends while it waits
// for another runner's lock says so, naming the holder, as a lock error
// (not the driver's bare "context deadline exceeded"), and the holder's
// run is unharmed.
func TestLockWaitEndedByContext(t *testing.T) {
	for _, d := range testdb.Dialects {
		t.Run(d, func(t *testing.T) {
			db := testdb.Open(t, d)
			fsys := fstest.MapFS{"001_slow.sql": migration("CREATE TABLE a (id int);\n" + testdb.Sleep(d, 3*time.Second) + ";\n")}
			started := make(chan struct{})
			waiter, err := strata.New(db.DB, strata.Dialect(d), fsys, strata.WithLockTimeout(time.Minute))
			if err != nil {
				t.Fatal(err)
			}
			holder, err := strata.New(db.DB, strata.Dialect(d), fsys, strata.WithEvents(func(e strata.Event) {
				if _, ok := e.(strata.MigrationStarted); ok {
					close(started)
				}
			}))
			if err != nil {
				t.Fatal(err)
			}
			done := make(chan error, 1)
			go func() {
				_, err := holder.Up(context.Background())
				done <- err
			}()
			<-started
			ctx, cancel := context.WithTimeout(context.Background(), 500*time.Millisecond)
			defer cancel()
			start := time.Now()
			_, err = waiter.Up(ctx)
			if took := time.Since(start); took > 5*time.Second {
				t.Errorf("the waiter took %s to notice its context ended", took)
			}
			var le *strata.LockError
			if !errors.As(err, &le) || !errors.Is(err, strata.ErrLocked) || !errors.Is(err, context.DeadlineExceeded) ||
				!strings.Contains(err.Error(), "the wait for it ended after") {
				t.Errorf("waiter: want a lock error ended by the deadline, got %v", err)
			}
			if err := <-done; err != nil {
				t.Errorf("the holder's run: %v", err)
			}
		})
	}
}

// TestSQLiteStatementTimeoutWords: SQLite has no server-side time limit,
// so strata keeps -- strata:timeout with a context; a statement stopped by
// it is reported as over the section's timeout, in the file, at its line,
// not as "context deadline exceeded".
func TestSQLiteStatementTimeoutWords(t *testing.T) {
	db := testdb.Open(t, "sqlite")
	fsys := fstest.MapFS{"001_slow.sql": migration("-- strata:timeout 200ms\nCREATE TABLE a (id int);\n" + testdb.Sleep("sqlite", 5*time.Second) + ";\n")}
	m, err := strata.New(db.DB, strata.SQLite, fsys)
	if err != nil {
		t.Fatal(err)
	}
	_, err = m.Up(context.Background())
	var me *strata.MigrationError
	if !errors.As(err, &me) || me.File != "001_slow.sql" || me.Line != 3 || me.Statement != 2 ||
		!strings.Contains(me.Message, "-- strata:timeout 200ms") || strings.Contains(err.Error(), "context deadline exceeded") {
		t.Fatalf("up: want statement 2 at 001_slow.sql:3 over its timeout, got %v", err)
	}
	h, err := m.History(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(h) != 1 || h[0].Success || !strings.Contains(h[0].ErrorMessage, "strata:timeout") {
		t.Errorf("history %+v, want the failure with the timeout's words", h)
	}
}

// TestSQLiteWriterHoldsTheFile: while another connection keeps SQLite's
// write lock (a runner deep in a big write), redo waits for the migration
// lock no longer than its lock timeout, as up and down do, and a reading
// command that cannot read says why and what to do, not just "database
// is locked".
func TestSQLiteWriterHoldsTheFile(t *testing.T) {
	if sqliteDriver == "sqlite3" {
		// mattn/go-sqlite3 runs its PRAGMAs on every new connection under
		// its own 5 s busy timeout, before strata's bounded wait applies,
		// and fails them with a bare "database is locked".
		t.Skip("mattn/go-sqlite3 waits out its own busy timeout when it opens a connection (.ci/skips-cgo)")
	}
	ctx := context.Background()
	db := testdb.Open(t, "sqlite")
	fsys := fstest.MapFS{"001_a.sql": migration("CREATE TABLE a (id int);\n-- strata:down\nDROP TABLE a;\n")}
	m, err := strata.New(db.DB, strata.SQLite, fsys, strata.WithLockTimeout(time.Second))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := m.Up(ctx); err != nil {
		t.Fatal(err)
	}
	conn, err := db.DB.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "BEGIN EXCLUSIVE"); err != nil {
		t.Fatal(err)
	}
	defer conn.ExecContext(ctx, "ROLLBACK")

	start := time.Now()
	_, err = m.Redo(ctx)
	if took := time.Since(start); took > 4*time.Second {
		t.Errorf("redo waited %s with a lock timeout of 1s", took)
	}
	if !errors.Is(err, strata.ErrLocked) || !strings.Contains(err.Error(), "writing to the database") {
		t.Errorf("redo: want a lock timeout naming a writer, got %v", err)
	}

	_, err = m.Status(ctx)
	if err == nil || !strings.Contains(err.Error(), "writing to the database") || !strings.Contains(err.Error(), "Try: run the command again") {
		t.Errorf("status: want the writer and what to do, got %v", err)
	}
}
