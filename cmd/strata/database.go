package main

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"log"
	"os"
	"path/filepath"
	"strings"

	"github.com/go-sql-driver/mysql"
	"github.com/jackc/pgx/v5/pgconn"
	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" driver

	"github.com/strata-db/strata"
	"github.com/strata-db/strata/mysqlcfg"
	// The SQLite driver of the build (modernc.org/sqlite, or with -tags
	// sqlite_cgo mattn/go-sqlite3): registered by this package, which also
	// knows its DSN syntax.
)

func init() {
	// The MySQL driver logs lost connections ("packets.go:58 unexpected
	// EOF") on its own; strata reports them itself, with the migration and
	// the statement, so the driver's line is only noise.
	mysql.SetLogger(log.New(io.Discard, "", 0))
}

// target is a database URL taken apart (see strata.ParseURL), with the
// MySQL driver's configuration made of it.
type target struct {
	*strata.Target
	// connector opens MySQL connections from a parsed config, so that no
	// password ever goes through a DSN string that the driver might quote.
	connector *mysql.Config
}

// parseURL turns a strata database URL into a driver and DSN.
func parseURL(raw string) (*target, error) {
	st, err := strata.ParseURL(raw, strata.URLOptions{SQLiteDriver: sqliteDriver.name})
	if err != nil {
		return nil, err
	}
	t := &target{Target: st}
	if p := st.MySQL; p != nil {
		// The driver's own parser knows every parameter (tls, timeouts,
		// charset, …); the user, password and database name are set
		// afterwards so that no character in them needs escaping.
		cfg, err := mysql.ParseDSN(p.Address + "/?" + p.Params)
		if err != nil {
			return nil, usageErrorf("the MySQL URL %s has a bad parameter: %v", st.Display, err)
		}
		cfg.User, cfg.Passwd, cfg.DBName = p.User, p.Password, p.DBName
		mysqlcfg.Configure(cfg)
		// The driver logs some connection trouble straight to stderr;
		// strata reports what matters through the errors it returns.
		cfg.Logger = mysql.Logger(discardLogger{})
		t.connector = cfg
	}
	return t, nil
}

type discardLogger struct{}

func (discardLogger) Print(...any) {}

// rebaseSQLite makes the path of a relative SQLite URL relative to dir, for URLs
// written in a config file that lives in dir.
func rebaseSQLite(raw, dir string) string {
	if dir == "." || dir == "" {
		return raw
	}
	scheme, rest, ok := strings.Cut(raw, ":")
	if d, err := strata.ParseDialect(scheme); !ok || err != nil || d != strata.SQLite {
		return raw
	}
	slashes := ""
	if strings.HasPrefix(rest, "//") {
		slashes, rest = "//", rest[2:]
	}
	if rest == "" || rest == ":memory:" || strings.HasPrefix(rest, ":") || filepath.IsAbs(rest) {
		return raw
	}
	return scheme + ":" + slashes + filepath.Join(dir, rest)
}

// open opens the database (without connecting yet). With keepMissing,
// an SQLite file that does not exist yet is not created: the database is
// then an empty one in memory.
func (t *target) open(ctx context.Context, keepMissing bool) (*sql.DB, error) {
	var db *sql.DB
	switch {
	case t.connector != nil:
		c, err := mysql.NewConnector(t.connector)
		if err != nil {
			return nil, usageErrorf("the MySQL URL %s cannot be used: %v", t.Display, err)
		}
		db = sql.OpenDB(c)
	case keepMissing && t.SQLitePath != "" && !fileExists(t.SQLitePath):
		// A new, empty in-memory database stands in for the file.
		mem, err := strata.ParseURL("sqlite::memory:", strata.URLOptions{SQLiteDriver: sqliteDriver.name})
		if err != nil {
			return nil, err
		}
		if db, err = sql.Open(mem.Driver, mem.DSN); err != nil {
			return nil, err
		}
	default:
		var err error
		if db, err = sql.Open(t.Driver, t.DSN); err != nil {
			return nil, usageErrorf("the database URL %s cannot be used: %v", t.Display, err)
		}
	}
	// No ping here: the library connects while it reads the migration
	// files, and reports a connection that cannot be opened as
	// strata.ErrUnreachable, which printError explains like a failed ping.
	return db, nil
}

func fileExists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

// unreachableError reports a database that did not answer.
type unreachableError struct {
	display string
	from    string // where the URL came from, filled in by the caller
	err     error
}

func (e *unreachableError) Error() string {
	from := ""
	if e.from != "" {
		from = " (from " + e.from + ")"
	}
	what, try := e.explain()
	return fmt.Sprintf("%s %s%s: %v%s\nTry: %s", what, e.display, from, e.err, why(try), try.do)
}

// advice is what a failed connection means and what to do about it.
type advice struct{ why, do string }

func why(a advice) string {
	if a.why == "" {
		return ""
	}
	return ": " + a.why
}

// explain tells apart what a failed connection can mean: a server that
// does not answer, a database that does not exist on it, a user or
// password it refuses, an SQLite file in a directory that does not exist.
func (e *unreachableError) explain() (string, advice) {
	var pe *pgconn.PgError
	var me *mysql.MySQLError
	switch {
	case errors.As(e.err, &pe) && pe.Code == "3D000", errors.As(e.err, &me) && me.Number == 1049:
		return "cannot open the database", advice{"the server has no database of that name",
			"create it on the server (CREATE DATABASE …), or correct the database name in the URL"}
	case errors.As(e.err, &pe) && (pe.Code == "28P01" || pe.Code == "28000"), errors.As(e.err, &me) && (me.Number == 1045 || me.Number == 1044 || me.Number == 1698):
		return "cannot open the database", advice{"the server refused the user or password",
			"check the user and password in the URL (a password with @, :, / or % must be percent-encoded), and the user's privileges"}
	}
	if t, err := parseURL(e.display); err == nil && t.SQLitePath != "" {
		dir := filepath.Dir(t.SQLitePath)
		if _, err := os.Stat(dir); err != nil {
			return "cannot open the database", advice{fmt.Sprintf("the directory %s does not exist", dir),
				fmt.Sprintf("create it (mkdir -p %s), or correct the path in the URL", dir)}
		}
		return "cannot open the database", advice{"", fmt.Sprintf("check that %s is an SQLite database that this user can read and write, in a directory it can write to", t.SQLitePath)}
	}
	return "cannot reach the database", advice{"", "check that the server is running and accepts connections, and that the URL, user and password are right"}
}

func (e *unreachableError) Unwrap() error { return e.err }
