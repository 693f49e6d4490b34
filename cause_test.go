package strata_test

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/go-sql-driver/mysql"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/strata-db/strata"
	"github.com/strata-db/strata/internal/testdb"
)

// TestMigrationErrorCause: the error of a failed statement keeps the
// driver's error, so that errors.As finds *pgconn.PgError,
// *mysql.MySQLError or the SQLite driver's error with the server's code,
// while errors.Is still finds the Kind. Its text starts with the file and
// leaves the hint to the caller.
func TestMigrationErrorCause(t *testing.T) {
	for _, c := range []struct {
		dialect string
		code    string // the driver's code for a missing table
		driver  func(error) (string, bool)
	}{
		{"postgres", "42P01", func(err error) (string, bool) {
			var pe *pgconn.PgError
			if !errors.As(err, &pe) {
				return "", false
			}
			return pe.Code, true
		}},
		{"mysql", "1146", func(err error) (string, bool) {
			var me *mysql.MySQLError
			if !errors.As(err, &me) {
				return "", false
			}
			return strconv.Itoa(int(me.Number)), true
		}},
		{"sqlite", "1", func(err error) (string, bool) {
			code, ok := sqliteErrorCode(err)
			return strconv.Itoa(code), ok
		}},
	} {
		t.Run(c.dialect, func(t *testing.T) {
			db := testdb.Open(t, c.dialect)
			fsys := fstest.MapFS{"001_a.sql": migration("CREATE TABLE a (id INT);\nINSERT INTO missing_table VALUES (1);\n")}
			m, err := strata.New(db.DB, strata.Dialect(c.dialect), fsys)
			if err != nil {
				t.Fatal(err)
			}
			_, err = m.Up(context.Background())
			var me *strata.MigrationError
			if !errors.As(err, &me) || !errors.Is(err, strata.ErrMigrationFailed) || me.Statement != 2 {
				t.Fatalf("up: want statement 2 failed, got %v", err)
			}
			got, ok := c.driver(err)
			if !ok {
				t.Fatalf("errors.As finds no %s driver error in %#v", c.dialect, err)
			}
			if got != c.code {
				t.Errorf("the driver's error has code %s, want %s", got, c.code)
			}
			if me.Code == "" {
				t.Error("MigrationError.Code is empty")
			}
			text := err.Error()
			if !strings.HasPrefix(text, "001_a.sql:2: statement 2: ") {
				t.Errorf("error text %q does not start with the file, line and statement", text)
			}
			if me.Hint == "" || strings.Contains(text, me.Hint) || strings.Contains(text, "Try:") {
				t.Errorf("error text %q carries the hint %q, or there is none", text, me.Hint)
			}
		})
	}
}

// TestMigrationErrorInterrupted: a migration stopped by the caller's
// cancel is ErrInterrupted, with context.Canceled in the chain, and keeps
// the server's error of the statement it stopped (PostgreSQL's 57014,
// query_canceled).
func TestMigrationErrorInterrupted(t *testing.T) {
	db := testdb.Open(t, "postgres")
	fsys := fstest.MapFS{"001_sleep.sql": migration(testdb.Sleep("postgres", 30*time.Second) + ";\n")}
	m, err := strata.New(db.DB, strata.Postgres, fsys)
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
	deadline := time.Now().Add(15 * time.Second)
	for count(t, db.DB, "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND query LIKE '%pg_sleep(%' AND pid <> pg_backend_pid() AND state = 'active'") == 0 {
		if time.Now().After(deadline) {
			t.Fatal("the sleep never ran")
		}
		time.Sleep(20 * time.Millisecond)
	}
	cancel()
	err = <-done
	if !errors.Is(err, strata.ErrInterrupted) || !errors.Is(err, context.Canceled) {
		t.Fatalf("up: want ErrInterrupted and context.Canceled, got %v", err)
	}
	var pe *pgconn.PgError
	if !errors.As(err, &pe) || pe.Code != "57014" {
		t.Errorf("errors.As finds no query_canceled *pgconn.PgError in %v", err)
	}
}
