package main

import (
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/go-sql-driver/mysql"
	"github.com/rogpeppe/go-internal/testscript"
)

// Servers for the PostgreSQL and MySQL variants of the scripts; those
// scripts skip when the variable is unset.
const (
	postgresEnv = "STRATA_TEST_POSTGRES_URL"
	mysqlEnv    = "STRATA_TEST_MYSQL_URL"
)

func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){"strata": main})
}

// TestScripts runs the end-to-end scripts in testdata/script, in which
// "strata" is this command.
func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir:                 "testdata/script",
		RequireExplicitExec: false,
		Setup: func(env *testscript.Env) error {
			for _, name := range []string{postgresEnv, mysqlEnv} {
				env.Setenv(name, os.Getenv(name))
			}
			return nil
		},
		Condition: func(cond string) (bool, error) {
			if name, ok := strings.CutPrefix(cond, "env:"); ok {
				return os.Getenv(name) != "", nil
			}
			return false, fmt.Errorf("unknown condition %q", cond)
		},
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"exitcode":    cmdExitCode,
			"json":        cmdJSON,
			"sqlitequery": cmdSQLiteQuery,
			"sqliteexec":  cmdSQLiteExec,
			"sqlitewait":  cmdSQLiteWait,
			"createdb":    cmdCreateDB,
			"dropdb":      cmdDropDB,
			"dbexec":      cmdDBExec,
		},
	})
}

// cmdExitCode runs a command and checks its exact exit code:
//
//	exitcode 3 strata validate
func cmdExitCode(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 2 {
		ts.Fatalf("usage: exitcode N command [args...]")
	}
	want, err := strconv.Atoi(args[0])
	if err != nil {
		ts.Fatalf("exitcode: %q is not a number", args[0])
	}
	got := 0
	if err := ts.Exec(args[1], args[2:]...); err != nil {
		var ee *exec.ExitError
		if !errors.As(err, &ee) {
			ts.Fatalf("exitcode: %v", err)
		}
		got = ee.ExitCode()
	}
	if got != want {
		ts.Fatalf("%s exited with %d, want %d", strings.Join(args[1:], " "), got, want)
	}
}

// cmdJSON checks that stdout is exactly one JSON document and that the
// value at a path has the wanted text:
//
//	json migrations.0.state applied
//	json -len migrations 3       (the length of an array)
//	json current_version null
//	! json lock null
func cmdJSON(ts *testscript.TestScript, neg bool, args []string) {
	length := len(args) > 0 && args[0] == "-len"
	if length {
		args = args[1:]
	}
	if len(args) != 2 {
		ts.Fatalf("usage: json [-len] PATH WANT")
	}
	dec := json.NewDecoder(strings.NewReader(ts.ReadFile("stdout")))
	dec.UseNumber()
	var doc any
	if err := dec.Decode(&doc); err != nil {
		ts.Fatalf("stdout is not JSON: %v", err)
	}
	if dec.More() {
		ts.Fatalf("stdout holds more than one JSON document")
	}
	got, err := jsonAt(doc, args[0], length)
	if err != nil {
		ts.Fatalf("json %s: %v", args[0], err)
	}
	if (got == args[1]) == neg {
		ts.Fatalf("json %s is %q; want %s%q", args[0], got, map[bool]string{true: "not ", false: ""}[neg], args[1])
	}
}

// jsonAt renders the value at a dotted path: strings as they are, other
// values as JSON; with length, the length of the array there.
func jsonAt(v any, path string, length bool) (string, error) {
	for _, part := range strings.Split(path, ".") {
		switch x := v.(type) {
		case map[string]any:
			val, ok := x[part]
			if !ok {
				return "", fmt.Errorf("no key %q", part)
			}
			v = val
		case []any:
			i, err := strconv.Atoi(part)
			if err != nil || i < 0 || i >= len(x) {
				return "", fmt.Errorf("no index %q in an array of %d", part, len(x))
			}
			v = x[i]
		default:
			return "", fmt.Errorf("%q: not an object or array", part)
		}
	}
	if length {
		a, ok := v.([]any)
		if !ok {
			return "", fmt.Errorf("not an array")
		}
		return strconv.Itoa(len(a)), nil
	}
	if s, ok := v.(string); ok {
		return s, nil
	}
	b, err := json.Marshal(v)
	return string(b), err
}

// cmdSQLiteQuery runs a query on an SQLite file and prints its rows, one
// per line, columns separated by "|":
//
//	sqlitequery strata.db 'SELECT count(*) FROM sqlite_master'
func cmdSQLiteQuery(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: sqlitequery FILE QUERY")
	}
	path := ts.MkAbs(args[0])
	if _, err := os.Stat(path); err != nil {
		ts.Fatalf("sqlitequery: %v", err)
	}
	db, err := sql.Open(sqliteDriver.name, sqliteDSN(path, 0, "mode=ro"))
	ts.Check(err)
	defer db.Close()
	rows, err := db.Query(args[1])
	ts.Check(err)
	defer rows.Close()
	cols, err := rows.Columns()
	ts.Check(err)
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		ts.Check(rows.Scan(ptrs...))
		texts := make([]string, len(vals))
		for i, v := range vals {
			if b, ok := v.([]byte); ok {
				v = string(b)
			}
			texts[i] = fmt.Sprint(v)
		}
		fmt.Fprintln(ts.Stdout(), strings.Join(texts, "|"))
	}
	ts.Check(rows.Err())
}

// cmdSQLiteExec runs statements on an SQLite file, creating it if needed,
// to set up a database that strata did not make:
//
//	sqliteexec legacy.db 'CREATE TABLE legacy (id INTEGER)'
func cmdSQLiteExec(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: sqliteexec FILE SQL")
	}
	db, err := sql.Open(sqliteDriver.name, sqliteDSN(ts.MkAbs(args[0]), 0))
	ts.Check(err)
	defer db.Close()
	_, err = db.Exec(args[1])
	ts.Check(err)
}

// cmdSQLiteWait polls an SQLite file until a query returns the wanted
// value, for scripts that act on a background strata at a known point:
//
//	sqlitewait strata.db 'SELECT count(*) FROM schema_migrations' 1
func cmdSQLiteWait(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 3 {
		ts.Fatalf("usage: sqlitewait FILE QUERY WANT")
	}
	path := ts.MkAbs(args[0])
	deadline := time.Now().Add(30 * time.Second)
	var last string
	for time.Now().Before(deadline) {
		if _, err := os.Stat(path); err == nil {
			db, err := sql.Open(sqliteDriver.name, sqliteDSN(path, time.Second, "mode=ro"))
			ts.Check(err)
			var got any
			err = db.QueryRow(args[1]).Scan(&got)
			db.Close()
			last = fmt.Sprint(got)
			if err != nil {
				last = err.Error()
			}
			if err == nil && last == args[2] {
				return
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	ts.Fatalf("sqlitewait: %q gave %q for 30s, want %q", args[1], last, args[2])
}

// cmdCreateDB creates a database with a unique name on the server of
// STRATA_TEST_POSTGRES_URL or STRATA_TEST_MYSQL_URL and sets VAR to its
// strata URL. The database is dropped by dropdb, or when the script ends:
//
//	createdb postgres DB
//	strata -d $DB up
func cmdCreateDB(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: createdb postgres|mysql VAR")
	}
	kind, envVar := args[0], args[1]
	base, name := serverURL(ts, kind), "strata_cli_"+randomName()[:12]
	admin, err := openAdmin(kind, base)
	ts.Check(err)
	defer admin.Close()
	_, err = admin.Exec("CREATE DATABASE " + name)
	ts.Check(err)
	u, err := url.Parse(base)
	ts.Check(err)
	u.Path = "/" + name
	ts.Setenv(envVar, u.String())
	ts.Setenv(envVar+"_NAME", name)
	ts.Defer(func() {
		if admin, err := openAdmin(kind, base); err == nil {
			admin.Exec(dropStatement(kind, name))
			admin.Close()
		}
	})
}

// cmdDropDB drops the database createdb made for VAR.
func cmdDropDB(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: dropdb postgres|mysql VAR")
	}
	kind := args[0]
	admin, err := openAdmin(kind, serverURL(ts, kind))
	ts.Check(err)
	defer admin.Close()
	_, err = admin.Exec(dropStatement(kind, ts.Getenv(args[1]+"_NAME")))
	ts.Check(err)
}

// cmdDBExec runs SQL in the database createdb made for VAR, outside
// strata: dbexec postgres DB 'CREATE SCHEMA app'.
func cmdDBExec(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 3 {
		ts.Fatalf("usage: dbexec postgres|mysql VAR SQL")
	}
	db, err := openAdmin(args[0], ts.Getenv(args[1]))
	ts.Check(err)
	defer db.Close()
	_, err = db.Exec(args[2])
	ts.Check(err)
}

func serverURL(ts *testscript.TestScript, kind string) string {
	env := map[string]string{"postgres": postgresEnv, "mysql": mysqlEnv}[kind]
	if env == "" {
		ts.Fatalf("unknown server kind %q (postgres or mysql)", kind)
	}
	base := ts.Getenv(env)
	if base == "" {
		ts.Fatalf("%s is not set; guard the script with [!env:%s] skip", env, env)
	}
	return base
}

// openAdmin connects to the database named by the server URL, to create
// and drop test databases; the URL goes through the command's own parsing.
func openAdmin(kind, base string) (*sql.DB, error) {
	t, err := parseURL(base)
	if err != nil {
		return nil, err
	}
	if kind == "mysql" {
		c, err := mysql.NewConnector(t.connector)
		if err != nil {
			return nil, err
		}
		return sql.OpenDB(c), nil
	}
	return sql.Open(t.Driver, t.DSN)
}

func dropStatement(kind, name string) string {
	if kind == "postgres" {
		return "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)"
	}
	return "DROP DATABASE IF EXISTS " + name
}
