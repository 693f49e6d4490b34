// Package sqlite is strata's SQLite dialect, for use with modernc.org/sqlite
// (pure Go, no cgo).
package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"strings"
	"time"

	sqlitedriver "modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/strata-db/strata/internal/dialect"
	"github.com/strata-db/strata/internal/sqlsplit"
)

// Dialect is the SQLite dialect. Its zero value is ready to use.
type Dialect struct{}

var _ dialect.Dialect = Dialect{}

// Name implements dialect.Dialect.
func (Dialect) Name() string { return "sqlite" }

// Splitter implements dialect.Dialect.
func (Dialect) Splitter() sqlsplit.Dialect { return sqlsplit.SQLite }

// TransactionalDDL implements dialect.Dialect.
func (Dialect) TransactionalDDL() bool { return true }

// Placeholder implements dialect.Dialect.
func (Dialect) Placeholder(int) string { return "?" }

// QuoteTable implements dialect.Dialect.
func (Dialect) QuoteTable(name string) string { return dialect.QuoteQualified(name, '"') }

// Columns implements dialect.Dialect.
func (Dialect) Columns(ctx context.Context, q dialect.Querier, table string) ([]string, error) {
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

// CreateTables implements dialect.Dialect. Times are stored as RFC 3339
// text, SQLite's own convention for its date functions. The id needs no
// AUTOINCREMENT, which would write sqlite_sequence on every insert: rows
// are never deleted, so the next rowid is always above every id so far.
func (d Dialect) CreateTables(t dialect.Tables) []string {
	h, l := d.QuoteTable(t.History), d.QuoteTable(t.Locks)
	schema, table := dialect.SplitQualified(t.History)
	idx := table + "_version_idx"
	if schema != "" {
		idx = schema + "." + idx
	}
	return []string{
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
		`CREATE TABLE IF NOT EXISTS ` + l + ` (` + dialect.LockColumns("TEXT", "TEXT", "TEXT", "INTEGER") + `)`,
	}
}

// TimeArg implements dialect.Dialect.
func (Dialect) TimeArg(t time.Time) any { return t.UTC().Format(dialect.TimeLayout) }

// TimeExpr implements dialect.Dialect.
func (Dialect) TimeExpr(column string) string { return column }

// ParseTime implements dialect.Dialect.
func (Dialect) ParseTime(s string) (time.Time, error) { return dialect.ParseUTC(s) }

// CurrentUser implements dialect.Dialect: SQLite has no users.
func (Dialect) CurrentUser(context.Context, dialect.Querier) (string, error) { return "", nil }

// SessionLock implements dialect.Dialect: SQLite has no session locks, so
// strata keeps a lease in the lock table.
func (Dialect) SessionLock() bool { return false }

// TryLock implements dialect.Dialect; it is never called for SQLite.
func (Dialect) TryLock(context.Context, *sql.Conn, string) (bool, error) {
	return false, errors.New("sqlite has no session lock")
}

// Unlock implements dialect.Dialect; it is never called for SQLite.
func (Dialect) Unlock(context.Context, *sql.Conn, string) error { return nil }

// BeginExclusive implements dialect.Dialect: BEGIN IMMEDIATE takes the
// database's write lock at once, so the lease is read and written by one
// writer at a time.
func (Dialect) BeginExclusive() string { return "BEGIN IMMEDIATE" }

// Classify implements dialect.Dialect. SQLite reports "already exists" and
// "no such table" with the generic SQLITE_ERROR code, so the message is all
// there is to go by.
func (Dialect) Classify(err error) dialect.ErrorInfo {
	info := dialect.ErrorInfo{Message: err.Error()}
	var se *sqlitedriver.Error
	if errors.As(err, &se) {
		code := se.Code()
		// "Generic error (SQLITE_ERROR)" -> "SQLITE_ERROR"
		name := sqlitedriver.ErrorCodeString[code]
		if i, j := strings.LastIndexByte(name, '('), strings.LastIndexByte(name, ')'); i >= 0 && j > i {
			info.Code = name[i+1 : j]
		}
		// modernc writes "<generic text>: <message> (<code>)"; keep the message.
		msg := strings.TrimSuffix(se.Error(), " ("+strconv.Itoa(code)+")")
		if i := strings.Index(msg, ": "); i >= 0 {
			msg = msg[i+2:]
		}
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
		if code&0xff == sqlite3.SQLITE_IOERR || code&0xff == sqlite3.SQLITE_CANTOPEN {
			info.Kind = dialect.ConnectionLost
		}
	}
	return info
}

// SetTimeout implements dialect.Dialect: SQLite has no server-side limit,
// so strata interrupts the statement through its context.
func (Dialect) SetTimeout(time.Duration, bool) (set, reset []string) { return nil, nil }

// NeedsSavepoint implements dialect.Dialect: SQLite undoes just the failed
// statement and the transaction goes on.
func (Dialect) NeedsSavepoint() bool { return false }

// SessionID implements dialect.Dialect: SQLite statements are interrupted
// through their context.
func (Dialect) SessionID(context.Context, *sql.Conn) (string, error) { return "", nil }

// CancelStatement implements dialect.Dialect; it is never called for SQLite.
func (Dialect) CancelStatement(context.Context, *sql.DB, string) error { return nil }
