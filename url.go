package strata

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	sqlitedialect "github.com/strata-db/strata/internal/dialect/sqlite"
)

// AcceptedURLs lists the database URL forms ParseURL accepts; its
// errors end with it.
const AcceptedURLs = `accepted forms:
  postgres://user:password@host:5432/dbname?sslmode=disable   (or postgresql://)
  mysql://user:password@host:3306/dbname?tls=true, mysql://user@/dbname?socket=/run/mysqld/mysqld.sock
  sqlite:path/to/file.db, sqlite:///absolute/path.db, sqlite::memory:`

// sqliteBusyTimeout makes a reader wait for a committing writer instead of
// failing at once with SQLITE_BUSY.
const sqliteBusyTimeout = 5 * time.Second

// URLOptions tunes ParseURL.
type URLOptions struct {
	// SQLiteDriver is the name the program registered its SQLite driver
	// under, whose DSN syntax an SQLite URL is written in: "sqlite" for
	// modernc.org/sqlite (the default), "sqlite3" for
	// github.com/mattn/go-sqlite3.
	SQLiteDriver string
}

// Target is a database URL taken apart: which database it is, what to
// open it with, and how to show it without its password. strata links no
// driver: the program imports the driver named by Driver and opens the
// database itself.
type Target struct {
	Dialect Dialect
	// Driver is the database/sql driver name to open it with: "pgx"
	// (github.com/jackc/pgx/v5/stdlib), "mysql"
	// (github.com/go-sql-driver/mysql), or URLOptions.SQLiteDriver.
	Driver string
	// DSN is what sql.Open(Driver, DSN) takes; empty for MySQL, whose
	// parts are in MySQL so that no password goes through a DSN string.
	DSN string
	// MySQL holds, for a MySQL URL, what the driver's Config is made of.
	MySQL *MySQLParts
	// Display is the URL with its password replaced by "xxxxx".
	Display string
	// Secrets are the password in every spelling it may be printed in (as
	// written, decoded, re-encoded, JSON-escaped), for WithSecrets.
	Secrets []string
	// SQLitePath is the file of an SQLite URL; empty for :memory: and the
	// other dialects.
	SQLitePath string
}

// MySQLParts is a MySQL URL in the terms of github.com/go-sql-driver/mysql:
//
//	cfg, err := mysql.ParseDSN(p.Address + "/?" + p.Params)
//	cfg.User, cfg.Passwd, cfg.DBName = p.User, p.Password, p.DBName
//
// The driver's own parser then checks the parameters (tls, timeouts,
// charset, …), which strata does not know.
type MySQLParts struct {
	// Address is "tcp(host:port)" (port 3306 by default), or
	// "unix(path)" for a ?socket= URL.
	Address string
	User    string
	// Password is the password of the user information, or of a password
	// parameter, which pgx accepts too: the driver would send an unknown
	// parameter to the server as a session variable.
	Password string
	DBName   string
	// Params are the URL's other parameters, query-encoded.
	Params string
}

// URLError is a database URL that cannot be used. Its text never quotes
// a password, and says what to write instead. It comes with ErrUsage.
type URLError struct{ msg string }

// Error implements error.
func (e *URLError) Error() string { return e.msg }

// Unwrap returns ErrUsage.
func (e *URLError) Unwrap() error { return ErrUsage }

func urlErrorf(format string, args ...any) error {
	return &URLError{fmt.Sprintf(format, args...)}
}

// ParseURL takes apart a strata database URL (see AcceptedURLs): the
// dialect, the driver name and DSN to open it with, and how to show it.
// The scheme names the dialect: postgres or postgresql, mysql, sqlite or
// sqlite3. An SQLite URL's parameters are refused, not passed on: they may
// hold keys. It opens nothing.
func ParseURL(raw string, opts URLOptions) (*Target, error) {
	scheme, _, ok := strings.Cut(raw, ":")
	if !ok || strings.ContainsAny(scheme, " =/@") {
		// Not quoted: a key=value DSN may hold a password.
		return nil, urlErrorf("the database URL has no scheme; %s", AcceptedURLs)
	}
	d, err := ParseDialect(scheme)
	if err != nil || strings.EqualFold(scheme, "pg") || strings.EqualFold(scheme, "mariadb") {
		return nil, urlErrorf("database URL scheme %q is not supported; %s", scheme, AcceptedURLs)
	}
	switch d {
	case Postgres:
		return parsePostgres(raw)
	case MySQL:
		return parseMySQL(raw)
	}
	return parseSQLite(raw, opts.SQLiteDriver)
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

func parsePostgres(raw string) (*Target, error) {
	u, err := parseServerURL("PostgreSQL", raw)
	if err != nil {
		return nil, err
	}
	if u.Opaque != "" {
		// "postgres:pw@host/db" has no "//": pgx would read it as
		// key=value settings and send the password to the server as a name.
		return nil, urlErrorf("the PostgreSQL URL must start with postgres:// or postgresql://; %s", AcceptedURLs)
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
		return nil, urlErrorf("the PostgreSQL URL %s has a bad setting: %s", display, reason)
	}
	return &Target{Dialect: Postgres, Driver: "pgx", DSN: dsn, Display: display, Secrets: secrets}, nil
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
			return nil, urlErrorf("the %s URL cannot be read: an @ comes after a /, ? or #, so the user name or password holds one of them as it is\n%s", kind, percentEncoding)
		}
	}
	if strings.Contains(raw, "#") {
		return nil, urlErrorf("the %s URL cannot be read: it holds a #, which ends a URL (a database URL has no fragment)\n%s", kind, percentEncoding)
	}
	u, err := url.Parse(raw)
	if err != nil {
		return nil, urlErrorf("the %s URL cannot be read: %s\n%s", kind, urlErrorReason(err), percentEncoding)
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

func parseMySQL(raw string) (*Target, error) {
	u, err := parseServerURL("MySQL", raw)
	if err != nil {
		return nil, err
	}
	if u.Opaque != "" {
		// "mysql:pw@tcp(host)/db" is a driver DSN, not a URL.
		return nil, urlErrorf("the MySQL URL must start with mysql://; %s", AcceptedURLs)
	}
	display, secrets := urlSecrets(raw, u)
	// ?socket=/run/mysqld/mysqld.sock connects through a unix socket; the
	// host, if any, is then only a name.
	query := u.Query()
	socket := query.Get("socket")
	query.Del("socket")
	password, _ := u.User.Password()
	if query.Has("password") {
		password = query.Get("password")
		query.Del("password")
	}
	if u.Host == "" && socket == "" {
		return nil, urlErrorf("the MySQL URL %s names no host; %s", display, AcceptedURLs)
	}
	addr := "tcp(" + u.Host + ")"
	if socket != "" {
		addr = "unix(" + socket + ")"
	} else if u.Port() == "" {
		addr = "tcp(" + net.JoinHostPort(u.Hostname(), "3306") + ")"
	}
	p := &MySQLParts{Address: addr, User: u.User.Username(), Password: password,
		DBName: strings.TrimPrefix(u.Path, "/"), Params: query.Encode()}
	if p.DBName == "" {
		return nil, urlErrorf("the MySQL URL %s names no database: add it as the path, e.g. mysql://user@host:3306/app", display)
	}
	return &Target{Dialect: MySQL, Driver: "mysql", MySQL: p, Display: display, Secrets: secrets}, nil
}

func parseSQLite(raw, driverName string) (*Target, error) {
	drv := sqlitedialect.Modernc
	if driverName != "" {
		var ok bool
		if drv, ok = sqlitedialect.ByName(driverName); !ok {
			return nil, fmt.Errorf("%w: URLOptions.SQLiteDriver %q is not an SQLite driver strata reads: use %q (modernc.org/sqlite) or %q (github.com/mattn/go-sqlite3)",
				ErrUsage, driverName, sqlitedialect.Modernc.Name(), sqlitedialect.Mattn.Name())
		}
	}
	_, rest, _ := strings.Cut(raw, ":")
	path, query, _ := strings.Cut(rest, "?")
	// sqlite://rel/path and sqlite:///abs/path are the URL spellings of
	// sqlite:rel/path and sqlite:/abs/path.
	path = strings.TrimPrefix(path, "//")
	if query != "" {
		// Not echoed: SQLCipher-style keys travel as parameters.
		return nil, urlErrorf("the SQLite URL has parameters (after ?), which strata does not pass on; %s", AcceptedURLs)
	}
	if path == "" {
		return nil, urlErrorf("the SQLite URL %s names no file; %s", raw, AcceptedURLs)
	}
	t := &Target{Dialect: SQLite, Driver: drv.Name(), Display: raw}
	if path == ":memory:" {
		// Every connection of the pool must see the same database, and the
		// name must be unique so that two Migrators never share one.
		t.DSN = drv.DSN("strata-"+randomName(), sqliteBusyTimeout, "mode=memory", "cache=shared")
		return t, nil
	}
	t.SQLitePath = path
	// foreign_keys stays at SQLite's default (off): table-rebuild
	// migrations rename and drop tables that others reference.
	t.DSN = drv.DSN(path, sqliteBusyTimeout)
	return t, nil
}

func randomName() string {
	var b [8]byte
	rand.Read(b[:])
	return hex.EncodeToString(b[:])
}
