// Package dialect defines what strata needs to know about one database
// family: the SQL text of its tracking tables, how it locks, how it reports
// errors and which of its statements commit on their own. The generic logic
// (history, locking protocol, applying migrations) is written once against
// this interface; postgres/, mysql/ and sqlite/ beside it implement it, and
// dialecttest/ is the contract suite every implementation must pass.
package dialect

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/strata-db/strata/internal/schema"
	"github.com/strata-db/strata/internal/sqlsplit"
)

// Tables names strata's tracking tables. Names may carry a schema or
// database prefix ("ops.schema_migrations"); dialects quote every part, so a
// configured name can never inject SQL.
type Tables struct {
	History string // one row per attempt, default "schema_migrations"
	Locks   string // the lock holder, default "migration_locks"
	// Schema is the schema (PostgreSQL) or database (MySQL, SQLite's
	// "main") where the unqualified names resolved when strata's session
	// opened (see OpenSession): strata's statements name it, so that
	// nothing a migration changes of the session (search_path, USE) moves
	// them elsewhere. "" leaves the names to the session, as before a
	// session is open.
	Schema string
}

// Qualified returns t with Schema put before the names that have no
// schema of their own. The names stay as configured otherwise: they are
// what messages show and, on MySQL, part of the lock's name.
func (t Tables) Qualified() Tables {
	q := func(name string) string {
		if t.Schema == "" || strings.Contains(name, ".") {
			return name
		}
		return t.Schema + "." + name
	}
	return Tables{History: q(t.History), Locks: q(t.Locks), Schema: t.Schema}
}

// Session is strata's own session for a run, as OpenSession found and
// prepared it.
type Session struct {
	User string // the database user; "" where the database has none
	// ID is the server's id for the session, with which another session
	// can stop its running statement (see CancelStatement); "" where
	// statements stop through their context.
	ID string
	// Tables are the tracking tables, with the schema or database their
	// names resolved to when the session opened.
	Tables Tables
	// Reset are statements that undo whatever a section's statements can
	// have changed of the session and apply strata's own settings again.
	// They may run inside the section's transaction, after its
	// statements, and then travel in the same request (PostgreSQL). nil
	// where SaveSession restores the session by other means.
	Reset []string
	// Saved is the dialect's own record of the session as it opened, taken
	// when first needed (MySQL).
	Saved any
}

// Querier is what both *sql.Conn and *sql.Tx offer.
type Querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// ErrorKind sorts database errors into the classes strata treats
// differently.
type ErrorKind int

const (
	// Fatal errors stop the migration.
	Fatal ErrorKind = iota
	// AlreadyExists errors ("relation already exists", "Duplicate column
	// name") may be tolerated with -- strata:tolerate-existing.
	AlreadyExists
	// DoesNotExist errors ("table does not exist", "Can't DROP … check that
	// column/key exists") may be tolerated too.
	DoesNotExist
	// ConnectionLost means the session is gone: the server closed it, it
	// was terminated by an administrator, or the network failed.
	ConnectionLost
)

// ErrorInfo is what strata keeps of a database error.
type ErrorInfo struct {
	Kind    ErrorKind
	Code    string // SQLSTATE on PostgreSQL, the error number on MySQL, the result code name on SQLite; may be empty
	Message string // the server's message, with detail and hint where the server gives them
	// Position is the 1-based character position in the statement that the
	// server blamed, or 0 when it gave none.
	Position int
	// Line is the 1-based line in the statement that the server blamed
	// (MySQL's "at line N"), or 0; Near is the text it quoted there.
	Line int
	Near string
	// Object is the name of the object an AlreadyExists or DoesNotExist
	// error is about, as the server wrote it and without its schema;
	// ObjectKind is its kind in lower case ("relation", "table", "column",
	// "index", "constraint", "view", "trigger", …) and Parent the table a
	// column, constraint or trigger belongs to, where the message says.
	// They are left empty where the error is not about the existence of
	// one DDL object (a query naming a missing table or column), so that
	// such an error is never taken for the outcome of a CREATE or DROP.
	Object, ObjectKind, Parent string
}

// Engine is what strata's generic code asks of one database family: the
// SQL of its tracking tables and locks, how it reports errors, and its
// quirks. It is named apart from strata.Dialect, the public name of which
// database a Migrator talks to, of which it is the implementation.
type Engine interface {
	// Name is "postgres", "mysql" or "sqlite".
	Name() string
	// Splitter is the lexical dialect for cutting migration files.
	Splitter() sqlsplit.Syntax
	// TransactionalDDL reports whether DDL can be rolled back. On MySQL it
	// cannot: every DDL statement commits on its own.
	TransactionalDDL() bool
	// Placeholder returns the bind parameter for the n-th (1-based) argument.
	Placeholder(n int) string
	// QuoteTable quotes a possibly qualified table name ("ops.history").
	QuoteTable(name string) string

	// Columns lists the column names of a table in lower case, or returns
	// (nil, nil) when the table does not exist. It is how strata recognises
	// a table of the same name that it did not create.
	Columns(ctx context.Context, q Querier, table string) ([]string, error)
	// CreateTables returns the statements that create the tracking tables
	// and, on PostgreSQL, the SQL functions beside them. They run only when
	// the tables do not exist, by a runner that holds the lock (or, for a
	// lease, inside the database's own write lock). format, when not 0,
	// is marked on the history table (see Formats); the caller passes it
	// only when that table is to be created, since an existing one keeps
	// the format it has until it is upgraded.
	CreateTables(t Tables, format int) []string
	// Formats reads and writes the format mark of the tracking tables.
	Formats
	// TimeArg converts a time to the bind value the tracking tables store.
	TimeArg(t time.Time) any
	// TimeExpr returns an SQL expression that reads a time column either
	// as text that ParseTime understands, so that no driver setting
	// (MySQL's parseTime, say) changes what strata reads, or as the column
	// itself where the driver always returns a time.Time (pgx).
	TimeExpr(column string) string
	// ParseTime parses what TimeExpr returns as text.
	ParseTime(s string) (time.Time, error)
	// OpenSession prepares q, the connection strata keeps for a run, in
	// one round trip where it can: it reads who the session is and where
	// the tracking tables t resolve (see Tables.Schema), and applies the
	// settings strata runs with (PostgreSQL 14 and later:
	// client_connection_check_interval, so that the server stops the work
	// of a runner that died instead of finishing it). Reset, if any,
	// applies them again.
	OpenSession(ctx context.Context, q Querier, t Tables) (*Session, error)
	// SaveSession is called before the statements of a section run on the
	// session s, which q is. It returns restore, which puts the session
	// back as it was before them (settings, current database, role) and
	// keeps strata's own settings, without ending the session or its lock;
	// restore is nil when the statements cannot have changed the session.
	// A migration's SET then affects its own later statements, as users
	// mean it to, and never the next migration's.
	SaveSession(ctx context.Context, q Querier, s *Session, stmts []sqlsplit.Statement) (restore func(context.Context) error, err error)
	// OwnWrite prepares the session s, which q is, for one of strata's
	// own writes between the statements of a section whose session
	// SaveSession saves (its progress): whatever those statements set (a
	// role, a read-only default, a statement timeout, an sql_mode, a
	// character set, PRAGMA query_only), the write runs with the settings
	// strata's session had. leave, which may be nil, then gives the
	// session back to the section's settings on q2, the same session, so
	// that its later statements still see them. With inTx, q is inside a
	// transaction that the caller commits before it calls leave.
	OwnWrite(ctx context.Context, q Querier, s *Session, inTx bool) (leave func(ctx context.Context, q2 Querier) error, err error)

	// SessionLock reports whether the database has a lock owned by the
	// session (PostgreSQL advisory lock, MySQL GET_LOCK) so that the death of
	// the holder frees it at once. Without one (SQLite), strata keeps a
	// lease with a heartbeat in the lock table, taken inside the
	// transaction that BeginExclusive opens.
	SessionLock() bool
	// TryLock tries once to take the session lock of the tracking tables t
	// on conn and reports whether it got it. It never blocks: the caller
	// polls, so no transaction stays open while it waits.
	TryLock(ctx context.Context, conn *sql.Conn, t Tables) (bool, error)
	// Unlock releases the session lock taken by TryLock.
	Unlock(ctx context.Context, conn *sql.Conn, t Tables) error
	// BeginExclusive is the statement that opens a transaction holding the
	// database's write lock from its first moment ("BEGIN IMMEDIATE").
	BeginExclusive() string

	// Classify sorts an error returned by the driver.
	Classify(err error) ErrorInfo
	// SetTimeout returns statements that give the following statements of
	// the session (or of the transaction, when inTx) a server-side time
	// limit, and statements that undo it. It returns nil, nil when the
	// database has no such limit; strata then cancels the statement's
	// context instead.
	SetTimeout(d time.Duration, inTx bool) (set, reset []string)
	// CancelStatement stops the statement running in session id (see
	// Session.ID), from another session of db, and leaves that session
	// usable.
	CancelStatement(ctx context.Context, db *sql.DB, id string) error
	// LockSession returns the id (as Session.ID gives it) of the session
	// that holds the session lock of t (see TryLock), "" when it is free,
	// and since
	// when that id has named that session and no other: the session's
	// start on PostgreSQL, whose process ids are reused, the server's
	// start on MySQL, whose connection ids are not. since is zero when the
	// server does not say (PostgreSQL hides it from other roles). It is
	// always "" on a database without session locks.
	LockSession(ctx context.Context, q Querier, t Tables) (id string, since time.Time, err error)
	// EndSession ends session id from another session: its transaction
	// rolls back and its session lock is freed once it is gone. It is for
	// the session of a runner whose process died while the session went
	// on working. A session that is gone already is no error: it ended on
	// its own between the look and the end.
	EndSession(ctx context.Context, q Querier, id string) error
	// NeedsSavepoint reports whether a failed statement inside a transaction
	// needs a savepoint to let the transaction go on (PostgreSQL), or the
	// database undoes just the failed statement by itself (SQLite).
	NeedsSavepoint() bool

	// SetsSession reports whether a statement does nothing but change the
	// session (SET, USE, a connection PRAGMA): it commits nothing, so a
	// section that resumes after it runs it again first, and its later
	// statements find the session as they expect it.
	SetsSession(text string) bool
	// CreateSchema creates, in the database q is connected to, the schema
	// schema unless it exists: for a scratch database that replays a live
	// one's migrations, the schema the live session's tracking tables are
	// in (Session.Tables.Schema), which a search_path in the URL names and
	// a new database lacks. It does nothing where the schema is the
	// database itself (MySQL) or always exists (SQLite's "main").
	CreateSchema(ctx context.Context, q Querier, schema string) error

	// Inspect reads the schema of the database q is connected to (its
	// current database, and on PostgreSQL every schema of it) into the
	// neutral model, leaving out strata's tracking tables t and everything
	// that belongs to them. q should be one connection, so that every query
	// sees the same database and session settings.
	Inspect(ctx context.Context, q Querier, t Tables) (*schema.Schema, error)
	// Clear empties a scratch database that was found empty and has had
	// migrations replayed into it: it drops, from the database conn is
	// connected to, every table, view, sequence, routine and type (strata's
	// tracking tables and functions among them), and the schemas and
	// extensions that found, the database's schema when it was found, did
	// not have. It leaves the session's settings as they were.
	Clear(ctx context.Context, conn *sql.Conn, found *schema.Schema) error
}

// ScriptRunner is implemented by dialects that can send a whole migration
// (BEGIN, its statements, the history row and COMMIT) as one request and
// still tell which statement failed: the server runs the parts in order,
// reports each one's completion, and stops at the first error. A migration
// then costs one round trip instead of one per statement.
type ScriptRunner interface {
	// ExecScript runs parts in order in one request on conn. progress, when
	// not nil, is called with the number of parts completed so far as each
	// one completes. On error, failed is the index of the part the error
	// belongs to and shift the number of characters sent before that part,
	// which the error's Position (see ErrorInfo) counts and the caller
	// takes off. ErrScriptUnsupported means the connection's driver cannot
	// do it, and nothing was sent.
	ExecScript(ctx context.Context, conn *sql.Conn, parts []string, progress func(done int)) (failed, shift int, err error)
	// ElapsedMillisSQL is an expression for the whole milliseconds since
	// the current transaction began, by the server's clock: the duration
	// of a migration whose history row is written before it runs.
	ElapsedMillisSQL() string
	// Literal writes a value (string, int, int64, bool, time.Time or nil)
	// as an SQL literal, for the history row that travels in a script.
	Literal(v any) string
	// MarkSQL is a statement that costs next to nothing and, until the
	// script's transaction ends, shows label to other sessions (see
	// ReadMark): it goes before each statement of a script, whose
	// completions the server reports only when the whole script is done.
	MarkSQL(label string) string
	// ReadMark returns the label that session id last showed with MarkSQL,
	// "" when it shows none, asked from another session q.
	ReadMark(ctx context.Context, q Querier, id string) (string, error)
}

// BusyWaiter is implemented by dialects whose connections wait by
// themselves, inside a statement, for another connection's write lock
// (SQLite's busy timeout), so that a runner waiting for the migration lock
// can keep each wait short and its own timeout honoured.
type BusyWaiter interface {
	// SetBusyWait makes conn wait at most d for another connection's lock
	// before a statement fails as busy, and returns the wait it had.
	SetBusyWait(ctx context.Context, conn *sql.Conn, d time.Duration) (prev time.Duration, err error)
}

// SQLModeReader is implemented by dialects whose statements read
// differently under a session setting (MySQL's sql_mode, whose
// NO_BACKSLASH_ESCAPES and ANSI_QUOTES move where a string ends): SQLMode
// returns the setting's value in the session q, which the splitter starts
// each section with (sqlsplit.Options).
type SQLModeReader interface {
	SQLMode(ctx context.Context, q Querier) (string, error)
}

// InvalidIndexFinder is implemented by dialects where a failed statement
// can leave an index behind: PostgreSQL's CREATE INDEX CONCURRENTLY leaves
// an INVALID index that blocks running the statement again.
type InvalidIndexFinder interface {
	// InvalidIndexes returns the qualified, quoted names of the invalid
	// indexes on table, only the one called name where name is not "".
	InvalidIndexes(ctx context.Context, q Querier, name, table string) ([]string, error)
}

// ErrScriptUnsupported is returned by ExecScript when the connection is not
// one the dialect knows how to drive directly.
var ErrScriptUnsupported = errors.New("this driver cannot run a script in one request")

// QuoteQualified quotes each dot-separated part of name with the quote
// character q, doubling any q inside a part. Dialects use it for table
// names taken from configuration, which must never be able to inject SQL.
func QuoteQualified(name string, q byte) string {
	var b strings.Builder
	for i, part := range strings.Split(name, ".") {
		if i > 0 {
			b.WriteByte('.')
		}
		b.WriteByte(q)
		for j := 0; j < len(part); j++ {
			if part[j] == q {
				b.WriteByte(q)
			}
			b.WriteByte(part[j])
		}
		b.WriteByte(q)
	}
	return b.String()
}

// SplitQualified splits "schema.table" into its parts; schema is "" when
// the name has no qualifier.
func SplitQualified(name string) (schema, table string) {
	if i := strings.LastIndexByte(name, '.'); i >= 0 {
		return name[:i], name[i+1:]
	}
	return "", name
}

// LockColumns is the column list of the lock table, written once for all
// dialects with their own type names: short for keys and names, long for
// unbounded text, checksums for the statement checksums of a migration
// in progress, which may be far longer.
func LockColumns(short, long, checksums, timeType, boolType string) string {
	return `lock_key ` + short + ` NOT NULL PRIMARY KEY,
	owner ` + short + ` NOT NULL,
	locked_at ` + timeType + ` NOT NULL,
	locked_by ` + long + ` NOT NULL,
	process_id integer NOT NULL,
	command ` + short + ` NOT NULL,
	heartbeat_at ` + timeType + ` NOT NULL,
	version ` + short + `,
	direction ` + short + `,
	filename ` + long + `,
	started_at ` + timeType + `,
	statements_done integer,
	statement_checksums ` + checksums + `,
	in_transaction ` + boolType
}

// ScanStrings reads a one-column result and closes rows.
func ScanStrings(rows *sql.Rows) ([]string, error) {
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// TimeLayout is the text form of times that TimeExpr expressions produce as text:
// UTC with microseconds, which every supported database keeps.
const TimeLayout = "2006-01-02T15:04:05.000000Z"

// ParseUTC parses a time in TimeLayout (or any RFC 3339 form) as UTC.
func ParseUTC(s string) (time.Time, error) {
	if t, err := time.Parse(TimeLayout, s); err == nil {
		return t, nil
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("unreadable time %q in a tracking table: %w", s, err)
	}
	return t.UTC(), nil
}

// Holder is the row of the lock table: the runner that holds (or held) the
// migration lock, and how far it got.
type Holder struct {
	Owner     string    // random token of the runner, unique per run
	LockedAt  time.Time // when it took the lock
	LockedBy  string    // "user@host"
	ProcessID int
	Command   string // "up", "down", …
	Heartbeat time.Time
	// Progress of the migration it is running, so that a runner that dies
	// leaves evidence behind. Version is empty between migrations.
	Version     string
	Direction   string // "up" or "down"
	File        string
	Started     time.Time
	Statements  int    // statements known to have completed
	StmtHashes  string // hashes of those statements, comma-separated
	Transaction bool   // whether the migration runs inside one transaction
}
