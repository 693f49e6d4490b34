package strata_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/strata-db/strata"
	"github.com/strata-db/strata/internal/testdb"
)

// TestCancelWithOneConnection: with db.SetMaxOpenConns(1), where the lock
// session is the pool's only connection, a deadline or a cancel still
// stops an 8 s statement within a few seconds, and the error says why:
// errors.Is finds ErrInterrupted and the context's own error.
func TestCancelWithOneConnection(t *testing.T) {
	for _, d := range testdb.Dialects {
		for _, how := range []string{"deadline", "cancel"} {
			t.Run(d+"/"+how, func(t *testing.T) {
				db := testdb.Open(t, d)
				db.DB.SetMaxOpenConns(1)
				// A statement follows the sleep: MariaDB's SLEEP returns
				// quietly when killed, and the run must stop all the same.
				sql := fmt.Sprintf("CREATE TABLE a (id INTEGER);\n%s;\nCREATE TABLE b (id INTEGER);\n", testdb.Sleep(d, 8*time.Second))
				m, err := strata.New(db.DB, strata.Dialect(d), fstest.MapFS{"001_slow.sql": {Data: []byte(sql)}})
				if err != nil {
					t.Fatal(err)
				}
				ctx, cancel := context.WithTimeout(context.Background(), time.Second)
				want := context.DeadlineExceeded
				if how == "cancel" {
					ctx, cancel = context.WithCancel(context.Background())
					time.AfterFunc(time.Second, cancel)
					want = context.Canceled
				}
				defer cancel()
				start := time.Now()
				_, err = m.Up(ctx)
				if took := time.Since(start); took > 6*time.Second {
					t.Errorf("up ran %v under a 1 s %s", took.Round(time.Millisecond), how)
				}
				if !errors.Is(err, strata.ErrInterrupted) || !errors.Is(err, want) {
					t.Fatalf("up: %v; want ErrInterrupted and %v", err, want)
				}
				var me *strata.MigrationError
				if !errors.As(err, &me) || me.File != "001_slow.sql" {
					t.Errorf("up: %v: want a MigrationError of 001_slow.sql", err)
				}
				// The pool is as the caller left it, and works.
				if n := db.DB.Stats().MaxOpenConnections; n != 1 {
					t.Errorf("MaxOpenConnections = %d after the cancel, want 1", n)
				}
				st, err := m.Status(context.Background())
				if err != nil {
					t.Fatal(err)
				}
				if len(st.Migrations) != 1 || st.Migrations[0].State == "applied" {
					t.Errorf("status after the cancel: %+v", st.Migrations)
				}
			})
		}
	}
}

// TestCancelBeforeConnecting: a context that ended before strata could
// connect is the caller's cancel, not an unreachable database.
func TestCancelBeforeConnecting(t *testing.T) {
	for _, d := range testdb.Dialects {
		t.Run(d, func(t *testing.T) {
			db := testdb.Open(t, d)
			m, err := strata.New(db.DB, strata.Dialect(d), fstest.MapFS{"001_a.sql": {Data: []byte("CREATE TABLE a (id INTEGER);\n")}})
			if err != nil {
				t.Fatal(err)
			}
			ctx, cancel := context.WithCancel(context.Background())
			cancel()
			_, err = m.Up(ctx)
			if !errors.Is(err, context.Canceled) || errors.Is(err, strata.ErrUnreachable) {
				t.Fatalf("up: %v; want context.Canceled, not ErrUnreachable", err)
			}
			if !strings.Contains(err.Error(), "canceled") {
				t.Errorf("%q does not say it was cancelled", err)
			}
		})
	}
}
