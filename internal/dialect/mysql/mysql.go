// Package mysql is strata's MySQL/MariaDB dialect, for use with
// github.com/go-sql-driver/mysql, which it reads the errors of without
// importing it: the program registers the driver (see mysqlcfg).
package mysql

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"net"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/strata-db/strata/internal/dialect"
	"github.com/strata-db/strata/internal/sqlsplit"
)

// Engine is strata's MySQL/MariaDB engine (dialect.Engine). Its zero value is
// ready to use.
type Engine struct{}

var _ dialect.Engine = Engine{}

// Name implements dialect.Engine.
func (Engine) Name() string { return "mysql" }

// Splitter implements dialect.Engine.
func (Engine) Splitter() sqlsplit.Syntax { return sqlsplit.MySQL }

// TransactionalDDL implements dialect.Engine: every DDL statement commits
// the open transaction and itself.
func (Engine) TransactionalDDL() bool { return false }

// Placeholder implements dialect.Engine.
func (Engine) Placeholder(int) string { return "?" }

// QuoteTable implements dialect.Engine.
func (Engine) QuoteTable(name string) string { return dialect.QuoteQualified(name, '`') }

// Columns implements dialect.Engine.
func (Engine) Columns(ctx context.Context, q dialect.Querier, table string) ([]string, error) {
	schema, name := dialect.SplitQualified(table)
	var s any
	if schema != "" {
		s = schema
	}
	rows, err := q.QueryContext(ctx, `SELECT LOWER(COLUMN_NAME) FROM information_schema.COLUMNS
		WHERE TABLE_SCHEMA = COALESCE(?, DATABASE()) AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION`, s, name)
	if err != nil {
		return nil, err
	}
	return dialect.ScanStrings(rows)
}

// CreateTables implements dialect.Engine.
func (d Engine) CreateTables(t dialect.Tables, format int) []string {
	h, l := d.QuoteTable(t.History), d.QuoteTable(t.Locks)
	comment := historyComment
	if format != 0 {
		// In the CREATE, where it costs nothing: an ALTER of the comment
		// takes the server as long as the CREATE.
		comment = markedComment(format)
	}
	return []string{
		`CREATE TABLE IF NOT EXISTS ` + h + ` (
	id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
	version VARCHAR(255) NOT NULL,
	name VARCHAR(255) NOT NULL,
	filename VARCHAR(1024) NOT NULL,
	checksum VARCHAR(80) NOT NULL,
	down_checksum VARCHAR(80),
	direction VARCHAR(16) NOT NULL,
	applied_at DATETIME(6) NOT NULL,
	execution_time_ms BIGINT NOT NULL,
	success BOOLEAN NOT NULL,
	error_code VARCHAR(32),
	error_message TEXT,
	error_statement INTEGER,
	error_line INTEGER,
	statements_applied INTEGER NOT NULL,
	statements_total INTEGER NOT NULL,
	statement_checksums ` + progressType + `,
	applied_by VARCHAR(512) NOT NULL,
	process_id INTEGER NOT NULL,
	strata_version VARCHAR(64) NOT NULL,
	warnings MEDIUMTEXT,
	KEY version_idx (version)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COMMENT='` + comment + `'`,
		`CREATE TABLE IF NOT EXISTS ` + l + ` (` + dialect.LockColumns("VARCHAR(255)", "TEXT", progressType, "DATETIME(6)", "BOOLEAN") +
			`) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4`,
	}
}

// progressType is the type of the statement_checksums columns: 17 bytes
// a statement, which TEXT (64 KB) holds for fewer than 3,900 statements.
const progressType = "MEDIUMTEXT"

// TimeArg implements dialect.Engine. The value is sent as text so that the
// driver's loc setting cannot shift it.
func (Engine) TimeArg(t time.Time) any { return t.UTC().Format("2006-01-02 15:04:05.000000") }

// TimeExpr implements dialect.Engine.
func (Engine) TimeExpr(column string) string {
	return `DATE_FORMAT(` + column + `, '%Y-%m-%dT%H:%i:%s.%fZ')`
}

// ParseTime implements dialect.Engine.
func (Engine) ParseTime(s string) (time.Time, error) { return dialect.ParseUTC(s) }

// SessionLock implements dialect.Engine: GET_LOCK belongs to the session.
func (Engine) SessionLock() bool { return true }

// lockName is the GET_LOCK name. GET_LOCK is server-wide and names are
// limited to 64 characters, so the name is a hash of the database and the
// lock table's name as configured. The database is the session's when it
// opened (Tables.Schema), which a migration's USE cannot change; before a
// session is open, the current one.
const lockName = `CONCAT('strata_', SHA1(CONCAT(COALESCE(?, DATABASE()), '.', ?)))`

// lockArgs are lockName's arguments.
func lockArgs(t dialect.Tables) []any {
	var db any
	if t.Schema != "" {
		db = t.Schema
	}
	return []any{db, t.Locks}
}

// TryLock implements dialect.Engine.
func (Engine) TryLock(ctx context.Context, conn *sql.Conn, t dialect.Tables) (bool, error) {
	var got sql.NullInt64
	if err := conn.QueryRowContext(ctx, `SELECT GET_LOCK(`+lockName+`, 0)`, lockArgs(t)...).Scan(&got); err != nil {
		return false, err
	}
	return got.Valid && got.Int64 == 1, nil
}

// Unlock implements dialect.Engine.
func (Engine) Unlock(ctx context.Context, conn *sql.Conn, t dialect.Tables) error {
	_, err := conn.ExecContext(ctx, `SELECT RELEASE_LOCK(`+lockName+`)`, lockArgs(t)...)
	return err
}

// BeginExclusive implements dialect.Engine; MySQL uses the session lock.
func (Engine) BeginExclusive() string { return "START TRANSACTION" }

var nearLine = regexp.MustCompile(`near '((?s).*)' at line (\d+)$`)

// Classify implements dialect.Engine.
func (Engine) Classify(err error) dialect.ErrorInfo {
	if me, ok := mysqlError(err); ok {
		info := dialect.ErrorInfo{Code: strconv.Itoa(int(me.Number)), Message: me.Message}
		switch me.Number {
		case 1050, // ER_TABLE_EXISTS_ERROR (tables, views, sequences)
			1060, // ER_DUP_FIELDNAME
			1061, // ER_DUP_KEYNAME
			1007, // ER_DB_CREATE_EXISTS
			1304, // ER_SP_ALREADY_EXISTS
			1359, // ER_TRG_ALREADY_EXISTS
			1537, // ER_EVENT_ALREADY_EXISTS
			1826: // ER_FK_DUP_NAME (also CHECK constraints on MariaDB)
			info.Kind = dialect.AlreadyExists
		case 1051, // ER_BAD_TABLE_ERROR (DROP TABLE of a missing table)
			1091, // ER_CANT_DROP_FIELD_OR_KEY
			1146, // ER_NO_SUCH_TABLE
			1054, // ER_BAD_FIELD_ERROR (renaming or altering a missing column)
			1008, // ER_DB_DROP_EXISTS
			1305, // ER_SP_DOES_NOT_EXIST
			1360, // ER_TRG_DOES_NOT_EXIST
			1539, // ER_EVENT_DOES_NOT_EXIST
			4091, // ER_UNKNOWN_SEQUENCES (MariaDB)
			4092: // ER_UNKNOWN_VIEW (MariaDB)
			info.Kind = dialect.DoesNotExist
		case 1927, // ER_CONNECTION_KILLED
			1053,       // ER_SERVER_SHUTDOWN
			2006, 2013: // server gone away, lost connection
			info.Kind = dialect.ConnectionLost
		}
		info.ObjectKind, info.Object = objectOf(me.Number, me.Message)
		if m := nearLine.FindStringSubmatch(me.Message); m != nil {
			info.Line, _ = strconv.Atoi(m[2])
			info.Near = m[1]
		}
		return info
	}
	info := dialect.ErrorInfo{Message: err.Error()}
	if dialect.IsText(err, errPktTooLarge) {
		info.Code = "max_allowed_packet"
		info.Message = "the statement is larger than the server's max_allowed_packet, so the server would refuse it; " +
			"raise max_allowed_packet on the server (SET GLOBAL max_allowed_packet = …) or split the statement"
		return info
	}
	var ne net.Error
	if dialect.IsText(err, errInvalidConn) || errors.Is(err, driver.ErrBadConn) ||
		errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) || errors.As(err, &ne) {
		info.Kind = dialect.ConnectionLost
	}
	return info
}

// objectKinds names the kind of object each existence error is about;
// 1146 (a missing table) and 1054 (a missing column) are left out: they
// come from any statement that reads or writes the object, never as the
// outcome of creating or dropping it.
var objectKinds = map[uint16]string{
	1050: "relation", 1060: "column", 1061: "index", 1007: "database", 1359: "trigger", 1537: "event",
	1826: "constraint", 1051: "table", 1008: "database", 1360: "trigger", 1539: "event",
	4091: "sequence", 4092: "view",
}

// quotedName finds the first name the server quoted in a message.
var quotedName = regexp.MustCompile("'([^']+)'|`([^`]+)`")

// routineName reads "PROCEDURE db.p already exists" (1304, 1305).
var routineName = regexp.MustCompile(`^(PROCEDURE|FUNCTION) (\S+) `)

// dropWhat reads the kind out of 1091: "Can't DROP COLUMN `c`; …".
var dropWhat = regexp.MustCompile("^Can't DROP (COLUMN|INDEX|KEY|FOREIGN KEY|CONSTRAINT|CHECK) ")

// objectOf reads the kind and name of the object an existence error is
// about (see dialect.ErrorInfo.Object); "" where the error names none.
func objectOf(code uint16, msg string) (kind, name string) {
	switch code {
	case 1304, 1305:
		if m := routineName.FindStringSubmatch(msg); m != nil {
			return strings.ToLower(m[1]), unqualified(m[2])
		}
		return "", ""
	case 1091:
		kind = "column or key"
		if m := dropWhat.FindStringSubmatch(msg); m != nil {
			kind = map[string]string{"COLUMN": "column", "INDEX": "index", "KEY": "index", "FOREIGN KEY": "constraint",
				"CONSTRAINT": "constraint", "CHECK": "constraint"}[m[1]]
		}
	default:
		if kind = objectKinds[code]; kind == "" {
			return "", ""
		}
	}
	if m := quotedName.FindStringSubmatch(msg); m != nil {
		if code == 1051 && strings.Contains(m[1], ",") {
			// Several tables: not the outcome of dropping one.
			return "", ""
		}
		name = unqualified(m[1] + m[2])
	}
	return kind, name
}

// unqualified drops the database from "db.name".
func unqualified(name string) string {
	if i := strings.LastIndexByte(name, '.'); i >= 0 {
		return name[i+1:]
	}
	return name
}

// SetTimeout implements dialect.Engine with MariaDB's max_statement_time.
// The /*M! … */ form runs only on MariaDB; MySQL's max_execution_time covers
// SELECT alone, so on MySQL strata leaves statements without a limit rather
// than pretend. The reset puts back the session's own value, which may
// come from the URL, rather than the server's DEFAULT.
func (Engine) SetTimeout(d time.Duration, inTx bool) (set, reset []string) {
	secs := d.Seconds()
	return []string{fmt.Sprintf("/*M! SET @strata_max_statement_time = @@SESSION.max_statement_time, SESSION max_statement_time = %s */",
			strconv.FormatFloat(secs, 'f', 3, 64))},
		[]string{"/*M! SET SESSION max_statement_time = @strata_max_statement_time */"}
}

// NeedsSavepoint implements dialect.Engine: InnoDB undoes just the failed
// statement, and DDL never runs in a transaction here anyway.
func (Engine) NeedsSavepoint() bool { return false }

// CancelStatement implements dialect.Engine with KILL QUERY, which ends the
// running statement and keeps the session (and its GET_LOCK) alive.
func (Engine) CancelStatement(ctx context.Context, db *sql.DB, id string) error {
	n, err := strconv.ParseUint(id, 10, 64)
	if err != nil {
		return fmt.Errorf("bad session id %q", id)
	}
	_, err = db.ExecContext(ctx, fmt.Sprintf("KILL QUERY %d", n))
	return err
}

// SQLMode implements dialect.SQLModeReader: the session's sql_mode, which
// the URL's sql_mode parameter sets or the server's default gives.
func (Engine) SQLMode(ctx context.Context, q dialect.Querier) (string, error) {
	var mode string
	err := q.QueryRowContext(ctx, `SELECT @@SESSION.sql_mode`).Scan(&mode)
	return mode, err
}

// LockSession implements dialect.Engine with IS_USED_LOCK. Connection ids
// count up from the server's start, so an id names one session from then
// on; the start is the server's clock less its uptime, which counts whole
// seconds and so errs late, the safe side for the caller's comparison.
func (Engine) LockSession(ctx context.Context, q dialect.Querier, t dialect.Tables) (string, time.Time, error) {
	var id sql.NullString
	if err := q.QueryRowContext(ctx, `SELECT CAST(IS_USED_LOCK(`+lockName+`) AS CHAR)`, lockArgs(t)...).Scan(&id); err != nil {
		return "", time.Time{}, err
	}
	if !id.Valid {
		return "", time.Time{}, nil
	}
	var name, uptime, now string
	// SHOW GLOBAL STATUS works on MySQL and MariaDB alike, where the
	// tables behind it differ.
	if err := q.QueryRowContext(ctx, `SHOW GLOBAL STATUS LIKE 'Uptime'`).Scan(&name, &uptime); err != nil {
		return id.String, time.Time{}, nil
	}
	secs, err := strconv.ParseInt(uptime, 10, 64)
	if err != nil {
		return id.String, time.Time{}, nil
	}
	if err := q.QueryRowContext(ctx, `SELECT `+Engine{}.TimeExpr(`UTC_TIMESTAMP(6)`)).Scan(&now); err != nil {
		return id.String, time.Time{}, nil
	}
	at, err := dialect.ParseUTC(now)
	if err != nil {
		return id.String, time.Time{}, nil
	}
	return id.String, at.Add(-time.Duration(secs) * time.Second), nil
}

// EndSession implements dialect.Engine with KILL CONNECTION.
func (Engine) EndSession(ctx context.Context, q dialect.Querier, id string) error {
	n, err := strconv.ParseUint(id, 10, 64)
	if err != nil {
		return fmt.Errorf("bad session id %q", id)
	}
	_, err = q.ExecContext(ctx, fmt.Sprintf("KILL CONNECTION %d", n))
	if err != nil && (Engine{}).Classify(err).Code == "1094" {
		// Unknown thread id: it ended on its own meanwhile (the server
		// noticed its client was gone), which is what was asked.
		return nil
	}
	return err
}
