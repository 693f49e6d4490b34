// Package sqlite is strata's SQLite dialect. It reads the errors of two
// drivers, modernc.org/sqlite (pure Go, no cgo; driver "sqlite") and
// github.com/mattn/go-sqlite3 (the SQLite C library through cgo; driver
// "sqlite3"), and imports neither: the program registers the one it
// wants (Modernc, Mattn), and Driver.DSN says how to open a database
// with it.
package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/strata-db/strata/internal/dialect"
	"github.com/strata-db/strata/internal/sqlsplit"
)

// Engine is strata's SQLite engine (dialect.Engine). Its zero value is
// ready to use.
type Engine struct{}

var _ dialect.Engine = Engine{}

// Name implements dialect.Engine.
func (Engine) Name() string { return "sqlite" }

// Splitter implements dialect.Engine.
func (Engine) Splitter() sqlsplit.Syntax { return sqlsplit.SQLite }

// TransactionalDDL implements dialect.Engine.
func (Engine) TransactionalDDL() bool { return true }

// Placeholder implements dialect.Engine.
func (Engine) Placeholder(int) string { return "?" }

// QuoteTable implements dialect.Engine.
func (Engine) QuoteTable(name string) string { return dialect.QuoteQualified(name, '"') }

// Columns implements dialect.Engine.
func (Engine) Columns(ctx context.Context, q dialect.Querier, table string) ([]string, error) {
	schema, name := dialect.SplitQualified(table)
	if schema == "" {
		schema = "main"
	}
	rows, err := q.QueryContext(ctx, `SELECT lower(name) FROM pragma_table_info(?, ?) ORDER BY cid`, name, schema)
	if err != nil {
		return nil, err
	}
	return dialect.ScanStrings(rows)
}

// CreateTables implements dialect.Engine. Times are stored as RFC 3339
// text, SQLite's own convention for its date functions. The id needs no
// AUTOINCREMENT, which would write sqlite_sequence on every insert: rows
// are never deleted, so the next rowid is always above every id so far.
func (d Engine) CreateTables(t dialect.Tables, format int) []string {
	h, l := d.QuoteTable(t.History), d.QuoteTable(t.Locks)
	schema, table := dialect.SplitQualified(t.History)
	idx := table + "_version_idx"
	if schema != "" {
		idx = schema + "." + idx
	}
	stmts := []string{
		`CREATE TABLE IF NOT EXISTS ` + h + ` (
	id INTEGER PRIMARY KEY,
	version TEXT NOT NULL,
	name TEXT NOT NULL,
	filename TEXT NOT NULL,
	checksum TEXT NOT NULL,
	down_checksum TEXT,
	direction TEXT NOT NULL,
	applied_at TEXT NOT NULL,
	execution_time_ms INTEGER NOT NULL,
	success INTEGER NOT NULL,
	error_code TEXT,
	error_message TEXT,
	error_statement INTEGER,
	error_line INTEGER,
	statements_applied INTEGER NOT NULL,
	statements_total INTEGER NOT NULL,
	statement_checksums TEXT,
	applied_by TEXT NOT NULL,
	process_id INTEGER NOT NULL,
	strata_version TEXT NOT NULL,
	warnings TEXT
)`,
		`CREATE INDEX IF NOT EXISTS ` + dialect.QuoteQualified(idx, '"') + ` ON ` + dialect.QuoteQualified(table, '"') + ` (version)`,
		`CREATE TABLE IF NOT EXISTS ` + l + ` (` + dialect.LockColumns("TEXT", "TEXT", "TEXT", "TEXT", "INTEGER") + `)`,
	}
	if format != 0 {
		stmts = append(stmts, d.MarkFormat(t, format)...)
	}
	return stmts
}

// TimeArg implements dialect.Engine.
func (Engine) TimeArg(t time.Time) any { return t.UTC().Format(dialect.TimeLayout) }

// TimeExpr implements dialect.Engine.
func (Engine) TimeExpr(column string) string { return column }

// ParseTime implements dialect.Engine.
func (Engine) ParseTime(s string) (time.Time, error) { return dialect.ParseUTC(s) }

// SessionLock implements dialect.Engine: SQLite has no session locks, so
// strata keeps a lease in the lock table.
func (Engine) SessionLock() bool { return false }

// TryLock implements dialect.Engine; it is never called for SQLite.
func (Engine) TryLock(context.Context, *sql.Conn, dialect.Tables) (bool, error) {
	return false, errors.New("sqlite has no session lock")
}

// Unlock implements dialect.Engine; it is never called for SQLite.
func (Engine) Unlock(context.Context, *sql.Conn, dialect.Tables) error { return nil }

// BeginExclusive implements dialect.Engine: BEGIN IMMEDIATE takes the
// database's write lock at once, so the lease is read and written by one
// writer at a time.
func (Engine) BeginExclusive() string { return "BEGIN IMMEDIATE" }

// Classify implements dialect.Engine for the errors of both drivers (see
// the package doc). SQLite reports "already exists" and "no such
// table" with the generic SQLITE_ERROR code, so the message is all there is
// to go by.
func (Engine) Classify(err error) dialect.ErrorInfo {
	info := dialect.ErrorInfo{Message: err.Error()}
	code, msg, ok := driverError(err)
	if !ok {
		return info
	}
	// The primary result code ("SQLITE_CONSTRAINT" for every kind of
	// constraint failure): the message says which constraint.
	primary := code & 0xff
	info.Code = resultCodes[primary]
	info.Message = msg
	low := strings.ToLower(msg)
	switch {
	case strings.Contains(low, "already exists"), strings.Contains(low, "duplicate column name"):
		info.Kind = dialect.AlreadyExists
	case strings.Contains(low, "no such table"), strings.Contains(low, "no such index"),
		strings.Contains(low, "no such column"), strings.Contains(low, "no such trigger"),
		strings.Contains(low, "no such view"):
		info.Kind = dialect.DoesNotExist
	}
	if info.Kind == dialect.AlreadyExists || info.Kind == dialect.DoesNotExist {
		info.ObjectKind, info.Object = objectOf(msg)
	}
	if primary == sqliteIOErr || primary == sqliteCantOpen {
		info.Kind = dialect.ConnectionLost
	}
	return info
}

// existence reads SQLite's messages about the existence of an object:
// "table t already exists", "duplicate column name: c", "no such index:
// i", `no such column: "c"` (ALTER TABLE … DROP COLUMN quotes the name as
// written).
var existence = regexp.MustCompile(`^(?:(table|index|view|trigger) (.+) already exists|duplicate (column) name: (.+)|no such (table|index|view|trigger|column): (.+))$`)

// objectOf reads the kind and name of the object an existence error is
// about (see dialect.ErrorInfo.Object).
func objectOf(msg string) (kind, name string) {
	m := existence.FindStringSubmatch(msg)
	if m == nil {
		return "", ""
	}
	for i := 1; i+1 < len(m); i += 2 {
		if m[i] != "" {
			kind, name = m[i], m[i+1]
		}
	}
	for range 2 {
		if len(name) >= 2 && name[0] == '"' && name[len(name)-1] == '"' {
			name = name[1 : len(name)-1]
		}
	}
	if i := strings.LastIndexByte(name, '.'); i >= 0 && !strings.ContainsAny(name, `"`) {
		name = name[i+1:]
	}
	return kind, name
}

// The primary result codes Classify treats apart.
const (
	sqliteIOErr    = 10
	sqliteCantOpen = 14
)

// resultCodes names SQLite's primary result codes
// (https://sqlite.org/rescode.html), the same for both drivers.
var resultCodes = map[int]string{
	1: "SQLITE_ERROR", 2: "SQLITE_INTERNAL", 3: "SQLITE_PERM", 4: "SQLITE_ABORT",
	5: "SQLITE_BUSY", 6: "SQLITE_LOCKED", 7: "SQLITE_NOMEM", 8: "SQLITE_READONLY",
	9: "SQLITE_INTERRUPT", 10: "SQLITE_IOERR", 11: "SQLITE_CORRUPT", 12: "SQLITE_NOTFOUND",
	13: "SQLITE_FULL", 14: "SQLITE_CANTOPEN", 15: "SQLITE_PROTOCOL", 16: "SQLITE_EMPTY",
	17: "SQLITE_SCHEMA", 18: "SQLITE_TOOBIG", 19: "SQLITE_CONSTRAINT", 20: "SQLITE_MISMATCH",
	21: "SQLITE_MISUSE", 22: "SQLITE_NOLFS", 23: "SQLITE_AUTH", 24: "SQLITE_FORMAT",
	25: "SQLITE_RANGE", 26: "SQLITE_NOTADB", 27: "SQLITE_NOTICE", 28: "SQLITE_WARNING",
}

// SetTimeout implements dialect.Engine: SQLite has no server-side limit,
// so strata interrupts the statement through its context.
func (Engine) SetTimeout(time.Duration, bool) (set, reset []string) { return nil, nil }

// NeedsSavepoint implements dialect.Engine: SQLite undoes just the failed
// statement and the transaction goes on.
func (Engine) NeedsSavepoint() bool { return false }

// CancelStatement implements dialect.Engine; it is never called for SQLite.
func (Engine) CancelStatement(context.Context, *sql.DB, string) error { return nil }

// LockSession implements dialect.Engine: SQLite has no session locks.
func (Engine) LockSession(context.Context, dialect.Querier, dialect.Tables) (string, time.Time, error) {
	return "", time.Time{}, nil
}

// EndSession implements dialect.Engine; it is never called for SQLite,
// whose sessions die with their process.
func (Engine) EndSession(context.Context, dialect.Querier, string) error {
	return errors.New("sqlite has no sessions to end")
}

var _ dialect.BusyWaiter = Engine{}

// SetBusyWait implements dialect.BusyWaiter with PRAGMA busy_timeout, which
// both drivers honour (a context deadline stops a busy wait only with
// modernc.org/sqlite).
func (Engine) SetBusyWait(ctx context.Context, conn *sql.Conn, d time.Duration) (time.Duration, error) {
	var ms int64
	if err := conn.QueryRowContext(ctx, "PRAGMA busy_timeout").Scan(&ms); err != nil {
		return 0, err
	}
	if _, err := conn.ExecContext(ctx, fmt.Sprintf("PRAGMA busy_timeout = %d", max(d.Milliseconds(), 0))); err != nil {
		return 0, err
	}
	return time.Duration(ms) * time.Millisecond, nil
}
