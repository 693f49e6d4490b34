package sqlite_test

import (
	"context"
	"database/sql"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/strata-db/strata/internal/dialect"
	"github.com/strata-db/strata/internal/dialect/sqlite"
	"github.com/strata-db/strata/internal/testdb"
)

// TestClassify runs under both builds (default: modernc.org/sqlite; -tags
// sqlite_cgo: mattn/go-sqlite3): the history rows and the tolerate-existing
// directive depend on the same code, kind and message from either driver.
func TestClassify(t *testing.T) {
	for _, k := range testdb.SQLiteKinds {
		t.Run(k.Name(), func(t *testing.T) { testClassify(t, testdb.SQLiteWith(t, k)) })
	}
}

func testClassify(t *testing.T, db *testdb.DB) {
	for _, s := range []string{
		"CREATE TABLE t (id INTEGER PRIMARY KEY, u TEXT UNIQUE NOT NULL)",
		"INSERT INTO t VALUES (1, 'a')",
	} {
		if _, err := db.DB.Exec(s); err != nil {
			t.Fatal(err)
		}
	}
	for _, tc := range []struct {
		stmt string
		want dialect.ErrorInfo
	}{
		{"CREATE TABLE t (x)", dialect.ErrorInfo{Kind: dialect.AlreadyExists, Code: "SQLITE_ERROR", Message: "table t already exists", ObjectKind: "table", Object: "t"}},
		{"ALTER TABLE t ADD COLUMN u TEXT", dialect.ErrorInfo{Kind: dialect.AlreadyExists, Code: "SQLITE_ERROR", Message: "duplicate column name: u", ObjectKind: "column", Object: "u"}},
		{"DROP TABLE nope", dialect.ErrorInfo{Kind: dialect.DoesNotExist, Code: "SQLITE_ERROR", Message: "no such table: nope", ObjectKind: "table", Object: "nope"}},
		{"DROP INDEX nope", dialect.ErrorInfo{Kind: dialect.DoesNotExist, Code: "SQLITE_ERROR", Message: "no such index: nope", ObjectKind: "index", Object: "nope"}},
		{"SELECT nocol FROM t", dialect.ErrorInfo{Kind: dialect.DoesNotExist, Code: "SQLITE_ERROR", Message: "no such column: nocol", ObjectKind: "column", Object: "nocol"}},
		{"SELEC 1", dialect.ErrorInfo{Code: "SQLITE_ERROR", Message: `near "SELEC": syntax error`}},
		// Extended codes (SQLITE_CONSTRAINT_UNIQUE, …) are reported by their
		// primary code; the message names the constraint.
		{"INSERT INTO t VALUES (2, 'a')", dialect.ErrorInfo{Code: "SQLITE_CONSTRAINT", Message: "UNIQUE constraint failed: t.u"}},
		{"INSERT INTO t VALUES (3, NULL)", dialect.ErrorInfo{Code: "SQLITE_CONSTRAINT", Message: "NOT NULL constraint failed: t.u"}},
	} {
		_, err := db.DB.Exec(tc.stmt)
		if err == nil {
			t.Fatalf("%s: no error", tc.stmt)
		}
		if got := (sqlite.Engine{}).Classify(err); got != tc.want {
			t.Errorf("%s: %v\ngot  %+v\nwant %+v", tc.stmt, err, got, tc.want)
		}
	}
}

// TestClassifyBusy: a second writer without a busy timeout gets SQLITE_BUSY
// with SQLite's own text, which strata's lease code looks for.
func TestClassifyBusy(t *testing.T) {
	path := filepath.Join(t.TempDir(), "busy.db")
	open := func() *sql.DB {
		db, err := sql.Open(testdb.SQLiteKind.Name(), testdb.SQLiteKind.DSN(path, 0))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		return db
	}
	a, b := open(), open()
	ctx := context.Background()
	if _, err := a.Exec("CREATE TABLE t (id INTEGER)"); err != nil {
		t.Fatal(err)
	}
	ca, err := a.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer ca.Close()
	if _, err := ca.ExecContext(ctx, "BEGIN IMMEDIATE"); err != nil {
		t.Fatal(err)
	}
	defer ca.ExecContext(ctx, "ROLLBACK")
	start := time.Now()
	_, err = b.Exec("INSERT INTO t VALUES (1)")
	if err == nil {
		t.Fatal("second writer: no error")
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("a busy timeout of 0 waited %v", d)
	}
	got := (sqlite.Engine{}).Classify(err)
	if got.Code != "SQLITE_BUSY" || got.Message != "database is locked" || got.Kind != dialect.Fatal {
		t.Errorf("%v: got %+v", err, got)
	}
	if !strings.Contains(err.Error(), "database is locked") {
		t.Errorf("%q does not say database is locked", err)
	}
}
