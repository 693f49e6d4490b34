package main

import (
	"bytes"
	"context"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/strata-db/strata/bench/internal/synth"
)

// server is one database family as the harness drives it: through its own
// command-line client for everything that is not timed strata work, so that
// the harness measures strata and the client and nothing of its own.
type server interface {
	dialect() synth.Dialect
	// client is the name of the client program, for the report.
	client() string
	// fresh drops database name if it exists and creates it empty.
	fresh(ctx context.Context, name string) error
	drop(ctx context.Context, name string) error
	// strataURL is the URL strata connects to name with.
	strataURL(name string) string
	// script returns the client command that runs a plain SQL script
	// against name, the way the benchmark compares strata with.
	script(ctx context.Context, name, file string) (*exec.Cmd, error)
	// query returns the client command that runs one query against name
	// and prints its rows.
	query(ctx context.Context, name, sql string) *exec.Cmd
	// schemaQuery lists every object of the database except strata's
	// tracking tables and functions, one per row, in a fixed order.
	schemaQuery() string
	// tablesQuery lists the user tables, for counting their rows.
	tablesQuery() string
	quoteIdent(s string) string
}

// strata's own objects, left out of schema fingerprints: the benchmark
// compares what the migrations built.
var strataObjects = []string{"schema_migrations", "migration_locks", "schema_migrations_format", "get_migration_history", "get_current_schema_version"}

func strataList() string {
	q := make([]string, len(strataObjects))
	for i, s := range strataObjects {
		q[i] = "'" + s + "'"
	}
	return strings.Join(q, ", ")
}

// run executes a client command that is not being timed and returns its
// standard output.
func run(c *exec.Cmd) (string, error) {
	var out, errb bytes.Buffer
	c.Stdout, c.Stderr = &out, &errb
	if err := c.Run(); err != nil {
		return out.String(), fmt.Errorf("%s: %v: %s", strings.Join(c.Args, " "), err, tail(errb.String()))
	}
	return out.String(), nil
}

// tail keeps the end of a long error output, where the cause is.
func tail(s string) string {
	s = strings.TrimSpace(s)
	if len(s) > 2000 {
		s = "…" + s[len(s)-2000:]
	}
	return s
}

// --- PostgreSQL ---

type postgres struct {
	base *url.URL // any database on the server; the path is replaced
}

func newPostgres(raw string) (*postgres, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return nil, fmt.Errorf("-pg: %v", err)
	}
	return &postgres{base: u}, nil
}

func (p *postgres) dialect() synth.Dialect { return synth.Postgres }
func (p *postgres) client() string         { return "psql" }

func (p *postgres) urlOf(name string) string {
	u := *p.base
	u.Path = "/" + name
	return u.String()
}

func (p *postgres) strataURL(name string) string { return p.urlOf(name) }

// psql gets the same URL as strata (host, port, user, sslmode), so both
// connect the same way; -X keeps a ~/.psqlrc out of the measurement.
func (p *postgres) psql(ctx context.Context, name string, args ...string) *exec.Cmd {
	return exec.CommandContext(ctx, "psql", append([]string{"-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", p.urlOf(name)}, args...)...)
}

func (p *postgres) admin(ctx context.Context, sql ...string) error {
	var args []string
	for _, s := range sql {
		args = append(args, "-c", s)
	}
	_, err := run(p.psql(ctx, "postgres", args...))
	return err
}

func (p *postgres) fresh(ctx context.Context, name string) error {
	// WITH (FORCE) ends sessions a killed earlier run may have left.
	return p.admin(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)", "CREATE DATABASE "+name)
}

func (p *postgres) drop(ctx context.Context, name string) error {
	return p.admin(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)")
}

func (p *postgres) script(ctx context.Context, name, file string) (*exec.Cmd, error) {
	return p.psql(ctx, name, "-f", file), nil
}

func (p *postgres) query(ctx context.Context, name, sql string) *exec.Cmd {
	return p.psql(ctx, name, "-A", "-t", "-c", sql)
}

func (p *postgres) schemaQuery() string {
	ex := strataList()
	return `SELECT 'column ' || table_name || '.' || column_name || ' ' || data_type || ' ' || is_nullable || ' ' || coalesce(column_default, '')
  FROM information_schema.columns WHERE table_schema = 'public' AND table_name NOT IN (` + ex + `)
UNION ALL SELECT 'index ' || indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename NOT IN (` + ex + `)
UNION ALL SELECT 'constraint ' || conrelid::regclass::text || ' ' || pg_get_constraintdef(oid)
  FROM pg_constraint WHERE connamespace = 'public'::regnamespace AND conrelid::regclass::text NOT IN (` + ex + `)
UNION ALL SELECT 'function ' || p.oid::regprocedure::text || ' ' || md5(p.prosrc)
  FROM pg_proc p WHERE p.pronamespace = 'public'::regnamespace AND p.proname NOT IN (` + ex + `)
UNION ALL SELECT 'sequence ' || sequencename FROM pg_sequences WHERE schemaname = 'public' AND sequencename NOT LIKE 'schema_migrations%'
ORDER BY 1`
}

func (p *postgres) tablesQuery() string {
	return `SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename NOT IN (` + strataList() + `) ORDER BY 1`
}

func (p *postgres) quoteIdent(s string) string { return `"` + s + `"` }

// --- MySQL / MariaDB ---

type mysql struct {
	host, port, user, pass string
}

func newMySQL(raw string) (*mysql, error) {
	u, err := url.Parse(raw)
	if err != nil || u.Scheme != "mysql" {
		return nil, fmt.Errorf("-mysql: want mysql://user@host:port/, got %q", raw)
	}
	m := &mysql{host: u.Hostname(), port: u.Port(), user: u.User.Username()}
	m.pass, _ = u.User.Password()
	if m.port == "" {
		m.port = "3306"
	}
	return m, nil
}

func (m *mysql) dialect() synth.Dialect { return synth.MySQL }
func (m *mysql) client() string         { return "mariadb" }

func (m *mysql) strataURL(name string) string {
	u := url.URL{Scheme: "mysql", Host: m.host + ":" + m.port, Path: "/" + name}
	if m.pass != "" {
		u.User = url.UserPassword(m.user, m.pass)
	} else {
		u.User = url.User(m.user)
	}
	return u.String()
}

// cmd runs the mariadb client over TCP, as strata connects; the password,
// if any, goes through the environment so that it is not on a command line.
func (m *mysql) cmd(ctx context.Context, args ...string) *exec.Cmd {
	c := exec.CommandContext(ctx, "mariadb", append([]string{"--no-defaults", "--protocol=TCP", "-h", m.host, "-P", m.port, "-u", m.user}, args...)...)
	if m.pass != "" {
		c.Env = append(os.Environ(), "MYSQL_PWD="+m.pass)
	}
	return c
}

func (m *mysql) fresh(ctx context.Context, name string) error {
	_, err := run(m.cmd(ctx, "-e", "DROP DATABASE IF EXISTS "+name+"; CREATE DATABASE "+name))
	return err
}

func (m *mysql) drop(ctx context.Context, name string) error {
	_, err := run(m.cmd(ctx, "-e", "DROP DATABASE IF EXISTS "+name))
	return err
}

func (m *mysql) script(ctx context.Context, name, file string) (*exec.Cmd, error) {
	f, err := os.Open(file)
	if err != nil {
		return nil, err
	}
	c := m.cmd(ctx, name)
	// exec closes the file once the process has it.
	c.Stdin = f
	return c, nil
}

func (m *mysql) query(ctx context.Context, name, sql string) *exec.Cmd {
	return m.cmd(ctx, "-N", "-B", "-e", sql, name)
}

func (m *mysql) schemaQuery() string {
	ex := strataList()
	// CAST … AS CHAR keeps the information_schema collations from clashing
	// in the UNION.
	return `SELECT CAST(CONCAT('column ', table_name, '.', column_name, ' ', column_type, ' ', is_nullable, ' ', IFNULL(column_default, '')) AS CHAR) AS o
  FROM information_schema.columns WHERE table_schema = DATABASE() AND table_name NOT IN (` + ex + `)
UNION ALL SELECT CAST(CONCAT('index ', table_name, '.', index_name, ' ', seq_in_index, ' ', column_name, ' ', non_unique) AS CHAR)
  FROM information_schema.statistics WHERE table_schema = DATABASE() AND table_name NOT IN (` + ex + `)
UNION ALL SELECT CAST(CONCAT('foreign key ', constraint_name, ' ', table_name, ' ', referenced_table_name) AS CHAR)
  FROM information_schema.referential_constraints WHERE constraint_schema = DATABASE()
UNION ALL SELECT CAST(CONCAT('routine ', routine_type, ' ', routine_name, ' ', MD5(routine_definition)) AS CHAR)
  FROM information_schema.routines WHERE routine_schema = DATABASE()
UNION ALL SELECT CAST(CONCAT('trigger ', trigger_name, ' ', event_object_table, ' ', MD5(action_statement)) AS CHAR)
  FROM information_schema.triggers WHERE trigger_schema = DATABASE()
ORDER BY 1`
}

func (m *mysql) tablesQuery() string {
	return `SELECT table_name FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name NOT IN (` + strataList() + `) ORDER BY 1`
}

func (m *mysql) quoteIdent(s string) string { return "`" + s + "`" }

// --- SQLite ---

type sqlite struct {
	dir string // where the database files live
}

func (s *sqlite) dialect() synth.Dialect { return synth.SQLite }
func (s *sqlite) client() string         { return "sqlite3" }

func (s *sqlite) path(name string) string { return filepath.Join(s.dir, name+".db") }

func (s *sqlite) strataURL(name string) string { return "sqlite:" + s.path(name) }

func (s *sqlite) fresh(ctx context.Context, name string) error {
	if err := s.drop(ctx, name); err != nil {
		return err
	}
	// An empty file is an empty database to both sqlite3 and strata; a
	// missing one would make strata's reading commands see no database.
	return os.WriteFile(s.path(name), nil, 0o644)
}

func (s *sqlite) drop(_ context.Context, name string) error {
	for _, suffix := range []string{"", "-journal", "-wal", "-shm"} {
		if err := os.Remove(s.path(name) + suffix); err != nil && !os.IsNotExist(err) {
			return err
		}
	}
	return nil
}

func (s *sqlite) script(ctx context.Context, name, file string) (*exec.Cmd, error) {
	f, err := os.Open(file)
	if err != nil {
		return nil, err
	}
	// -batch: no interactive niceties; the script starts with .bail on.
	c := exec.CommandContext(ctx, "sqlite3", "-batch", "-bail", s.path(name))
	c.Stdin = f
	return c, nil
}

func (s *sqlite) query(ctx context.Context, name, sql string) *exec.Cmd {
	return exec.CommandContext(ctx, "sqlite3", "-batch", "-bail", s.path(name), sql)
}

func (s *sqlite) schemaQuery() string {
	return `SELECT type || ' ' || name || ' ' || tbl_name || ' ' || coalesce(sql, '') FROM sqlite_master
WHERE tbl_name NOT IN (` + strataList() + `) AND name NOT LIKE 'sqlite_%' ORDER BY 1`
}

func (s *sqlite) tablesQuery() string {
	return `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT IN (` + strataList() + `) AND name NOT LIKE 'sqlite_%' ORDER BY 1`
}

func (s *sqlite) quoteIdent(v string) string { return `"` + v + `"` }

// fingerprint describes what the migrations built in database name: every
// object and the row count of every table. Two databases with the same
// fingerprint hold the same schema and the same number of rows.
func fingerprint(ctx context.Context, srv server, name string) (string, error) {
	schema, err := run(srv.query(ctx, name, srv.schemaQuery()))
	if err != nil {
		return "", err
	}
	tables, err := run(srv.query(ctx, name, srv.tablesQuery()))
	if err != nil {
		return "", err
	}
	var counts []string
	for _, t := range strings.Fields(tables) {
		counts = append(counts, fmt.Sprintf("SELECT '%s', COUNT(*) FROM %s", t, srv.quoteIdent(t)))
	}
	rows := ""
	// Counted in batches: one UNION of 10,000 tables is more than some
	// servers accept in one statement.
	for len(counts) > 0 {
		k := min(len(counts), 200)
		out, err := run(srv.query(ctx, name, strings.Join(counts[:k], " UNION ALL ")))
		if err != nil {
			return "", err
		}
		rows += out
		counts = counts[k:]
	}
	// Whitespace inside stored definitions is not what is being compared.
	return strings.Join(strings.Fields(schema), " ") + "\nrows:\n" + rows, nil
}
