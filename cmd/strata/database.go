package main

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/go-sql-driver/mysql"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" driver

	"github.com/strata-db/strata"
	"github.com/strata-db/strata/internal/dialect/mysql/mysqlcfg"
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

// acceptedURLs is shown whenever a database URL cannot be used.
const acceptedURLs = `accepted forms:
  postgres://user:password@host:5432/dbname?sslmode=disable   (or postgresql://)
  mysql://user:password@host:3306/dbname?tls=true, mysql://user@/dbname?socket=/run/mysqld/mysqld.sock
  sqlite:path/to/file.db, sqlite:///absolute/path.db, sqlite::memory:`

// sqliteBusyTimeout makes a reader wait for a committing writer instead of
// failing at once with SQLITE_BUSY.
const sqliteBusyTimeout = 5 * time.Second

// target is a database URL taken apart: what to open and how to show it.
type target struct {
	dialect strata.Dialect
	driver  string // "pgx" or sqliteDriver.Name(); empty for MySQL, which uses connector
	dsn     string
	// connector opens MySQL connections from a parsed config, so that no
	// password ever goes through a DSN string that the driver might quote.
	connector *mysql.Config
	// display is the URL with its password replaced by "xxxxx".
	display string
	// secrets are the password in every spelling it may be printed in:
	// as written, decoded and re-encoded.
	secrets []string
	// sqlitePath is the file of an SQLite URL; empty for :memory: and the
	// other dialects.
	sqlitePath string
}

// parseURL turns a strata database URL into a driver and DSN.
func parseURL(raw string) (*target, error) {
	scheme, _, ok := strings.Cut(raw, ":")
	if !ok || strings.ContainsAny(scheme, " =/@") {
		// Not quoted: a key=value DSN may hold a password.
		return nil, usageErrorf("the database URL has no scheme; %s", acceptedURLs)
	}
	switch strings.ToLower(scheme) {
	case "postgres", "postgresql":
		return parsePostgres(raw)
	case "mysql":
		return parseMySQL(raw)
	case "sqlite", "sqlite3":
		return parseSQLite(raw)
	}
	return nil, usageErrorf("database URL scheme %q is not supported; %s", scheme, acceptedURLs)
}

// urlSecrets collects the password of u, parsed from raw, from its user
// info and from a password query parameter (which pgx accepts too), in
// every spelling it may be printed in, and blanks it out of u for display.
func urlSecrets(raw string, u *url.URL) (display string, secrets []string) {
	addSecret := func(s string) {
		if s != "" && !slices.Contains(secrets, s) {
			secrets = append(secrets, s)
		}
	}
	addSpellings := func(s string) {
		addSecret(s)
		if s != "" {
			addSecret(url.QueryEscape(s))
			addSecret(url.PathEscape(s))
		}
	}
	// The password as written, which may escape other characters than
	// Go would.
	if _, rest, ok := strings.Cut(raw, "://"); ok {
		authority, _, _ := strings.Cut(rest, "/")
		authority, _, _ = strings.Cut(authority, "?")
		if at := strings.LastIndex(authority, "@"); at >= 0 {
			if _, pw, ok := strings.Cut(authority[:at], ":"); ok {
				addSecret(pw)
			}
		}
	}
	shown := *u
	if p, ok := u.User.Password(); ok {
		addSpellings(p)
		shown.User = url.UserPassword(u.User.Username(), "xxxxx")
	}
	q := u.Query()
	if p := q.Get("password"); p != "" {
		addSpellings(p)
		q.Set("password", "xxxxx")
		shown.RawQuery = q.Encode()
	}
	// A password that is also a visible part of the URL (postgres as the
	// password of user postgres) would turn every mention of that part
	// into xxxxx, which hides nothing and tells the reader the password.
	visible := []string{u.Scheme, u.User.Username(), u.Hostname(), u.Port(), strings.TrimPrefix(u.Path, "/")}
	secrets = slices.DeleteFunc(secrets, func(s string) bool { return slices.Contains(visible, s) })
	// JSON output escapes some characters (<, >, & as \u003c, …).
	for _, s := range secrets {
		if b, err := json.Marshal(s); err == nil {
			if esc := string(b[1 : len(b)-1]); esc != s && !slices.Contains(secrets, esc) {
				secrets = append(secrets, esc)
			}
		}
	}
	return shown.String(), secrets
}

func parsePostgres(raw string) (*target, error) {
	u, err := parseServerURL("PostgreSQL", raw)
	if err != nil {
		return nil, err
	}
	if u.Opaque != "" {
		// "postgres:pw@host/db" has no "//": pgx would read it as
		// key=value settings and send the password to the server as a name.
		return nil, usageErrorf("the PostgreSQL URL must start with postgres:// or postgresql://; %s", acceptedURLs)
	}
	display, secrets := urlSecrets(raw, u)
	// pgx reads the URL as strata read it: its own parser splits a
	// password holding an unescaped @ elsewhere (lookup pass@host: no
	// such host, which showed the password's end). Written again by Go,
	// every part is escaped as it must be.
	// An @ in the query (a password parameter's) is escaped too.
	u.RawQuery = strings.ReplaceAll(u.RawQuery, "@", "%40")
	dsn := u.String()
	// pgx's own parser knows every setting (sslmode, timeouts, …); a bad
	// one is a usage error, not an unreachable server.
	if _, err := pgx.ParseConfig(dsn); err != nil {
		reason := err.Error()
		if inner := errors.Unwrap(err); inner != nil {
			reason = inner.Error() // without the connection string
		}
		return nil, usageErrorf("the PostgreSQL URL %s has a bad setting: %s", display, reason)
	}
	return &target{dialect: strata.Postgres, driver: "pgx", dsn: dsn, display: display, secrets: secrets}, nil
}

// percentEncoding says how to write a password that holds the characters
// a URL gives a meaning to.
const percentEncoding = "Try: percent-encode those characters in the user name and password: @ as %40, : as %3A, / as %2F, ? as %3F, # as %23, % as %25, a space as %20 (the URL is not shown, as it may hold the password)"

// parseServerURL parses a PostgreSQL or MySQL URL. A password may hold any
// character, and one that should have been percent-encoded moves the
// URL's boundaries: the password's end becomes the host, the port or the
// path, and url.Parse's errors quote such parts. So nothing of the URL is
// quoted here, and a URL whose parts a password may have spilt into is
// refused rather than half used.
func parseServerURL(kind, raw string) (*url.URL, error) {
	if _, rest, ok := strings.Cut(raw, "://"); ok {
		// The user information ends at the first /, ? or #: an @ after
		// that is a password's (or user's) /, ? or # unescaped.
		// An @ in the value of a password parameter is the password's.
		if end := strings.IndexAny(rest, "/?#"); end >= 0 && strings.Contains(withoutPasswordParam(rest[end:]), "@") {
			return nil, usageErrorf("the %s URL cannot be read: an @ comes after a /, ? or #, so the user name or password holds one of them as it is\n%s", kind, percentEncoding)
		}
	}
	if strings.Contains(raw, "#") {
		return nil, usageErrorf("the %s URL cannot be read: it holds a #, which ends a URL (a database URL has no fragment)\n%s", kind, percentEncoding)
	}
	u, err := url.Parse(raw)
	if err != nil {
		return nil, usageErrorf("the %s URL cannot be read: %s\n%s", kind, urlErrorReason(err), percentEncoding)
	}
	return u, nil
}

// withoutPasswordParam returns the path and query of a URL, after its
// user information, without the values of its password parameters, which
// may hold an @ as it is.
func withoutPasswordParam(tail string) string {
	path, query, ok := strings.Cut(tail, "?")
	if !ok {
		return tail
	}
	params := strings.Split(query, "&")
	for i, p := range params {
		if k, _, ok := strings.Cut(p, "="); ok && k == "password" {
			params[i] = k + "="
		}
	}
	return path + "?" + strings.Join(params, "&")
}

// urlErrorReason says what url.Parse found wrong, without its own text,
// which quotes the part that is wrong: a piece of the password, often.
func urlErrorReason(err error) string {
	msg := err.Error()
	switch {
	case strings.Contains(msg, "invalid port"):
		return "what follows the last : of the host is not a port number"
	case strings.Contains(msg, "invalid URL escape"):
		return "a % is not followed by two hexadecimal digits"
	case strings.Contains(msg, "invalid userinfo"):
		return "the user name or password holds a character a URL cannot hold as it is"
	case strings.Contains(msg, "in host name"):
		return "the host name holds a character a host name cannot hold"
	case strings.Contains(msg, "missing ']'"):
		return "a [ in the host is never closed"
	}
	return "it is not a well-formed URL"
}

func parseMySQL(raw string) (*target, error) {
	u, err := parseServerURL("MySQL", raw)
	if err != nil {
		return nil, err
	}
	if u.Opaque != "" {
		// "mysql:pw@tcp(host)/db" is a driver DSN, not a URL.
		return nil, usageErrorf("the MySQL URL must start with mysql://; %s", acceptedURLs)
	}
	display, secrets := urlSecrets(raw, u)
	// ?socket=/run/mysqld/mysqld.sock connects through a unix socket; the
	// host, if any, is then only a name.
	query := u.Query()
	socket := query.Get("socket")
	query.Del("socket")
	// A password parameter is the password, as pgx takes it: the MySQL
	// driver would send an unknown parameter to the server as a session
	// variable (SET password=…), password in clear in a syntax error.
	password, hasPassword := u.User.Password()
	if query.Has("password") {
		password, hasPassword = query.Get("password"), true
		query.Del("password")
	}
	if u.Host == "" && socket == "" {
		return nil, usageErrorf("the MySQL URL %s names no host; %s", display, acceptedURLs)
	}
	addr := "tcp(" + u.Host + ")"
	if socket != "" {
		addr = "unix(" + socket + ")"
	} else if u.Port() == "" {
		addr = "tcp(" + net.JoinHostPort(u.Hostname(), "3306") + ")"
	}
	// The driver's own parser knows every parameter (tls, timeouts,
	// charset, …); the user, password and database name are set
	// afterwards so that no character in them needs escaping.
	cfg, err := mysql.ParseDSN(addr + "/?" + query.Encode())
	if err != nil {
		return nil, usageErrorf("the MySQL URL %s has a bad parameter: %v", display, err)
	}
	cfg.User = u.User.Username()
	if hasPassword {
		cfg.Passwd = password
	}
	cfg.DBName = strings.TrimPrefix(u.Path, "/")
	if cfg.DBName == "" {
		return nil, usageErrorf("the MySQL URL %s names no database: add it as the path, e.g. mysql://user@host:3306/app", display)
	}
	mysqlcfg.Configure(cfg)
	// The driver logs some connection trouble straight to stderr; strata
	// reports what matters through the errors it returns.
	cfg.Logger = mysql.Logger(discardLogger{})
	return &target{dialect: strata.MySQL, connector: cfg, display: display, secrets: secrets}, nil
}

type discardLogger struct{}

func (discardLogger) Print(...any) {}

func parseSQLite(raw string) (*target, error) {
	_, rest, _ := strings.Cut(raw, ":")
	path, query, _ := strings.Cut(rest, "?")
	// sqlite://rel/path and sqlite:///abs/path are the URL spellings of
	// sqlite:rel/path and sqlite:/abs/path.
	path = strings.TrimPrefix(path, "//")
	if query != "" {
		// Not echoed: SQLCipher-style keys travel as parameters.
		return nil, usageErrorf("the SQLite URL has parameters (after ?), which strata does not pass on; %s", acceptedURLs)
	}
	if path == "" {
		return nil, usageErrorf("the SQLite URL %s names no file; %s", raw, acceptedURLs)
	}
	t := &target{dialect: strata.SQLite, driver: sqliteDriver.Name(), display: raw}
	if path == ":memory:" {
		// Every connection of the pool must see the same database, and the
		// name must be unique so that two Migrators never share one.
		t.dsn = sqliteDriver.DSN("strata-"+randomName(), sqliteBusyTimeout, "mode=memory", "cache=shared")
		return t, nil
	}
	t.sqlitePath = path
	// foreign_keys stays at SQLite's default (off): table-rebuild
	// migrations rename and drop tables that others reference.
	t.dsn = sqliteDriver.DSN(path, sqliteBusyTimeout)
	return t, nil
}

func randomName() string {
	var b [8]byte
	rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// rebaseSQLite makes the path of a relative SQLite URL relative to dir, for URLs
// written in a config file that lives in dir.
func rebaseSQLite(raw, dir string) string {
	if dir == "." || dir == "" {
		return raw
	}
	scheme, rest, ok := strings.Cut(raw, ":")
	if !ok || (!strings.EqualFold(scheme, "sqlite") && !strings.EqualFold(scheme, "sqlite3")) {
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
			return nil, usageErrorf("the MySQL URL %s cannot be used: %v", t.display, err)
		}
		db = sql.OpenDB(c)
	case keepMissing && t.sqlitePath != "" && !fileExists(t.sqlitePath):
		var err error
		if db, err = sql.Open(sqliteDriver.Name(), sqliteDriver.DSN("strata-absent-"+randomName(), 0, "mode=memory")); err != nil {
			return nil, err
		}
	default:
		var err error
		if db, err = sql.Open(t.driver, t.dsn); err != nil {
			return nil, usageErrorf("the database URL %s cannot be used: %v", t.display, err)
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
	if t, err := parseURL(e.display); err == nil && t.sqlitePath != "" {
		dir := filepath.Dir(t.sqlitePath)
		if _, err := os.Stat(dir); err != nil {
			return "cannot open the database", advice{fmt.Sprintf("the directory %s does not exist", dir),
				fmt.Sprintf("create it (mkdir -p %s), or correct the path in the URL", dir)}
		}
		return "cannot open the database", advice{"", fmt.Sprintf("check that %s is an SQLite database that this user can read and write, in a directory it can write to", t.sqlitePath)}
	}
	return "cannot reach the database", advice{"", "check that the server is running and accepts connections, and that the URL, user and password are right"}
}

func (e *unreachableError) Unwrap() error { return e.err }
