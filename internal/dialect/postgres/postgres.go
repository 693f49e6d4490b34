// Package postgres is strata's PostgreSQL dialect, for use with the pgx
// driver (github.com/jackc/pgx/v5/stdlib).
package postgres

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"net"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/strata-db/strata/internal/dialect"
	"github.com/strata-db/strata/internal/sqlsplit"
)

// Engine is strata's PostgreSQL engine (dialect.Engine). Its zero value is
// ready to use.
type Engine struct{}

var _ dialect.Engine = Engine{}

// Name implements dialect.Engine.
func (Engine) Name() string { return "postgres" }

// Splitter implements dialect.Engine.
func (Engine) Splitter() sqlsplit.Syntax { return sqlsplit.Postgres }

// TransactionalDDL implements dialect.Engine: PostgreSQL rolls DDL back.
func (Engine) TransactionalDDL() bool { return true }

// Placeholder implements dialect.Engine.
func (Engine) Placeholder(n int) string { return fmt.Sprintf("$%d", n) }

// QuoteTable implements dialect.Engine.
func (Engine) QuoteTable(name string) string { return dialect.QuoteQualified(name, '"') }

// Columns implements dialect.Engine.
func (d Engine) Columns(ctx context.Context, q dialect.Querier, table string) ([]string, error) {
	rows, err := q.QueryContext(ctx, `SELECT lower(attname) FROM pg_attribute
		WHERE attrelid = to_regclass($1) AND attnum > 0 AND NOT attisdropped ORDER BY attnum`, d.QuoteTable(table))
	if err != nil {
		return nil, err
	}
	return dialect.ScanStrings(rows)
}

// CreateTables implements dialect.Engine. The lock table is UNLOGGED: its
// row is rewritten before every migration, and an unlogged write commits
// without waiting for a WAL flush, so the progress record costs one round
// trip and no disk wait. Losing it in a server crash loses nothing: the
// server's crash also ended every session lock.
func (d Engine) CreateTables(t dialect.Tables, format int) []string {
	h, l := d.QuoteTable(t.History), d.QuoteTable(t.Locks)
	_, table := dialect.SplitQualified(t.History)
	idx := dialect.QuoteQualified(table+"_version_idx", '"')
	stmts := []string{
		`CREATE TABLE IF NOT EXISTS ` + h + ` (
	id bigserial PRIMARY KEY,
	version text NOT NULL,
	name text NOT NULL,
	filename text NOT NULL,
	checksum text NOT NULL,
	down_checksum text,
	direction text NOT NULL,
	applied_at timestamptz NOT NULL,
	execution_time_ms bigint NOT NULL,
	success boolean NOT NULL,
	error_code text,
	error_message text,
	error_statement integer,
	error_line integer,
	statements_applied integer NOT NULL,
	statements_total integer NOT NULL,
	statement_checksums text,
	applied_by text NOT NULL,
	process_id integer NOT NULL,
	strata_version text NOT NULL,
	warnings text
)`,
		`CREATE INDEX IF NOT EXISTS ` + idx + ` ON ` + h + ` (version)`,
		`CREATE UNLOGGED TABLE IF NOT EXISTS ` + l + ` (` + dialect.LockColumns("text", "text", "text", "timestamptz", "boolean") + `)`,
	}
	if format != 0 {
		stmts = append(stmts, d.MarkFormat(t, format)...)
	}
	for _, f := range d.functions(t) {
		stmts = append(stmts, d.createFunction(f.name, "CREATE FUNCTION "+f.def))
	}
	return stmts
}

// TimeArg implements dialect.Engine.
func (Engine) TimeArg(t time.Time) any { return t.UTC() }

// TimeExpr implements dialect.Engine: pgx returns a timestamptz as a
// time.Time whatever the session's settings, and formatting it as text
// on the server (to_char) costs three times as much as reading it.
func (Engine) TimeExpr(column string) string { return column }

// ParseTime implements dialect.Engine.
func (Engine) ParseTime(s string) (time.Time, error) { return dialect.ParseUTC(s) }

// SessionLock implements dialect.Engine: advisory locks belong to the
// session.
func (Engine) SessionLock() bool { return true }

// lockID maps a lock name onto the 64-bit key space of advisory locks.
// Advisory locks are per database, so the name need not include it.
func lockID(key string) int64 {
	h := fnv.New64a()
	io.WriteString(h, "strata:"+key)
	return int64(h.Sum64())
}

// TryLock implements dialect.Engine with pg_try_advisory_lock: a blocking
// pg_advisory_lock would hold a query open that CREATE INDEX CONCURRENTLY in
// the lock holder's migration could end up waiting for.
// The key is the lock table's name as configured, whatever schema it
// resolved to, as it always was: runners of every strata version exclude
// each other.
func (Engine) TryLock(ctx context.Context, conn *sql.Conn, t dialect.Tables) (bool, error) {
	var ok bool
	err := conn.QueryRowContext(ctx, `SELECT pg_try_advisory_lock($1)`, lockID(t.Locks)).Scan(&ok)
	return ok, err
}

// Unlock implements dialect.Engine.
func (Engine) Unlock(ctx context.Context, conn *sql.Conn, t dialect.Tables) error {
	_, err := conn.ExecContext(ctx, `SELECT pg_advisory_unlock($1)`, lockID(t.Locks))
	return err
}

// BeginExclusive implements dialect.Engine; PostgreSQL uses the session
// lock, so it is a plain BEGIN.
func (Engine) BeginExclusive() string { return "BEGIN" }

// Classify implements dialect.Engine.
func (Engine) Classify(err error) dialect.ErrorInfo {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		info := dialect.ErrorInfo{Code: pe.Code, Message: pe.Message, Position: int(pe.Position)}
		if pe.Detail != "" {
			info.Message += "\nDETAIL: " + pe.Detail
		}
		if pe.Hint != "" {
			info.Message += "\nHINT: " + pe.Hint
		}
		if pe.Where != "" {
			info.Message += "\nCONTEXT: " + pe.Where
		}
		info.ObjectKind, info.Object, info.Parent = objectOf(pe.Message)
		switch pe.Code {
		case "42P07", // duplicate_table (also indexes, sequences, views)
			"42701", // duplicate_column
			"42710", // duplicate_object (constraints, types, triggers, roles…)
			"42P06", // duplicate_schema
			"42723", // duplicate_function
			"42P04": // duplicate_database
			info.Kind = dialect.AlreadyExists
		case "42P01", // undefined_table
			"42703", // undefined_column
			"42704", // undefined_object
			"42883", // undefined_function
			"3F000": // invalid_schema_name
			info.Kind = dialect.DoesNotExist
		case "57P01", "57P02", "57P03": // admin_shutdown (pg_terminate_backend), crash_shutdown, cannot_connect_now
			info.Kind = dialect.ConnectionLost
		default:
			if strings.HasPrefix(pe.Code, "08") { // connection_exception
				info.Kind = dialect.ConnectionLost
			}
		}
		return info
	}
	info := dialect.ErrorInfo{Message: err.Error()}
	var ne net.Error
	if errors.Is(err, driver.ErrBadConn) || errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) ||
		errors.As(err, &ne) || pgconn.SafeToRetry(err) || strings.Contains(err.Error(), "conn closed") {
		info.Kind = dialect.ConnectionLost
	}
	return info
}

// existence reads PostgreSQL's messages about the existence of an object:
// `relation "t" already exists`, `column "c" of relation "t" does not
// exist`, `trigger "x" for table "t" does not exist`, `function f(integer)
// does not exist`.
var existence = regexp.MustCompile(`^(relation|table|view|materialized view|index|sequence|foreign table|column|constraint|trigger|rule|policy|function|procedure|aggregate|routine|schema|type|extension|database|role|publication|subscription|event trigger|server|collation|operator|statistics object|text search configuration|conversion|cast) ` +
	`(?:"((?:[^"]|"")+)"|([^\s(]+)\([^)]*\))(?: (?:of|for|on) (?:relation|table) "((?:[^"]|"")+)")? (?:already exists|does not exist)`)

// noFunction is DROP FUNCTION's message for a name without arguments.
var noFunction = regexp.MustCompile(`^could not find a function named "((?:[^"]|"")+)"`)

// objectOf reads the kind, name and table of the object an existence
// error is about (see dialect.ErrorInfo.Object). "relation … does not
// exist" is what any statement that uses a missing table gets, and a
// column without its table is one named in a query: neither is the
// outcome of dropping that object, whose message names its kind.
func objectOf(msg string) (kind, name, parent string) {
	if m := noFunction.FindStringSubmatch(msg); m != nil {
		return "function", strings.ReplaceAll(m[1], `""`, `"`), ""
	}
	m := existence.FindStringSubmatch(msg)
	if m == nil {
		return "", "", ""
	}
	kind, name, parent = m[1], strings.ReplaceAll(m[2], `""`, `"`), strings.ReplaceAll(m[4], `""`, `"`)
	if name == "" {
		name = m[3]
		if i := strings.LastIndexByte(name, '.'); i >= 0 {
			name = name[i+1:]
		}
	}
	missing := strings.HasSuffix(m[0], "does not exist")
	if missing && (kind == "relation" || kind == "column" && parent == "") {
		return "", "", ""
	}
	switch kind {
	case "materialized view":
		kind = "view"
	case "foreign table":
		kind = "table"
	}
	return kind, name, parent
}

// InvalidIndexes implements dialect.InvalidIndexFinder.
func (Engine) InvalidIndexes(ctx context.Context, q dialect.Querier, name, table string) ([]string, error) {
	rows, err := q.QueryContext(ctx, `SELECT pg_catalog.format('%I.%I', n.nspname, c.relname)
FROM pg_catalog.pg_index i
JOIN pg_catalog.pg_class c ON c.oid = i.indexrelid
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
JOIN pg_catalog.pg_class t ON t.oid = i.indrelid
WHERE NOT i.indisvalid AND t.relname = $2 AND ($1 = '' OR c.relname = $1)
ORDER BY 1`, name, table)
	if err != nil {
		return nil, err
	}
	return dialect.ScanStrings(rows)
}

// SetTimeout implements dialect.Engine with statement_timeout.
func (Engine) SetTimeout(d time.Duration, inTx bool) (set, reset []string) {
	ms := d.Milliseconds()
	if ms < 1 {
		ms = 1
	}
	if inTx {
		// SET LOCAL ends with the transaction.
		return []string{fmt.Sprintf("SET LOCAL statement_timeout = %d", ms)}, nil
	}
	return []string{fmt.Sprintf("SET statement_timeout = %d", ms)}, []string{"RESET statement_timeout"}
}

// NeedsSavepoint implements dialect.Engine: any error aborts a PostgreSQL
// transaction.
func (Engine) NeedsSavepoint() bool { return true }

// CancelStatement implements dialect.Engine with pg_cancel_backend, which
// ends the running statement with SQLSTATE 57014 and keeps the session (and
// its advisory lock) alive, so the runner can roll back and record.
func (Engine) CancelStatement(ctx context.Context, db *sql.DB, id string) error {
	_, err := db.ExecContext(ctx, `SELECT pg_cancel_backend($1::int)`, id)
	return err
}

// LockSession implements dialect.Engine from pg_locks, where an advisory
// lock on a bigint key shows its high half as classid, its low half as
// objid and 1 as objsubid.
func (Engine) LockSession(ctx context.Context, q dialect.Querier, t dialect.Tables) (string, time.Time, error) {
	id := uint64(lockID(t.Locks))
	var (
		pid   string
		since sql.NullTime
	)
	err := q.QueryRowContext(ctx, `SELECT l.pid::text, a.backend_start FROM pg_locks l LEFT JOIN pg_stat_activity a ON a.pid = l.pid
		WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1
		AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
		AND l.classid = $1::bigint::oid AND l.objid = $2::bigint::oid`, int64(id>>32), int64(id&0xffffffff)).Scan(&pid, &since)
	if errors.Is(err, sql.ErrNoRows) {
		return "", time.Time{}, nil
	}
	if err != nil {
		return "", time.Time{}, err
	}
	return pid, since.Time, nil
}

// EndSession implements dialect.Engine with pg_terminate_backend.
func (Engine) EndSession(ctx context.Context, q dialect.Querier, id string) error {
	// false, with no error, means no such backend: it ended on its own
	// meanwhile (the server noticed its client was gone), as asked.
	var ended bool
	return q.QueryRowContext(ctx, `SELECT pg_terminate_backend($1::int)`, id).Scan(&ended)
}

// literalEscaper escapes the body of an E'…' string; built once, as
// building a Replacer costs more than using it.
var literalEscaper = strings.NewReplacer(`\`, `\\`, `'`, `\'`)

// Literal implements dialect.ScriptRunner. Strings use the E'…' form with
// backslashes and quotes escaped, which reads the same whatever
// standard_conforming_strings says.
func (Engine) Literal(v any) string {
	switch v := v.(type) {
	case nil:
		return "NULL"
	case string:
		return "E'" + literalEscaper.Replace(v) + "'"
	case bool:
		if v {
			return "true"
		}
		return "false"
	case int:
		return strconv.Itoa(v)
	case int64:
		return strconv.FormatInt(v, 10)
	case time.Time:
		return "'" + v.UTC().Format(dialect.TimeLayout) + "'::timestamptz"
	}
	panic(fmt.Sprintf("postgres: no literal for %T", v))
}
