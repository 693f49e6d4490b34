package postgres

import (
	"context"
	"strings"

	"github.com/strata-db/strata/internal/dialect"
	"github.com/strata-db/strata/internal/sqlsplit"
)

// checkInterval is client_connection_check_interval on strata's session:
// while a statement runs, the server looks this often whether the client
// is still there, and ends the statement (and rolls its transaction back)
// when it is not. Without it, a runner killed during a long statement
// leaves the server to finish the whole migration, and commit it, with
// nobody to record it, while the session and its lock live on.
const checkInterval = "SET client_connection_check_interval = 1000"

// resetSession undoes whatever SQL can change of a session but its
// temporary objects, prepared statements, advisory locks and LISTENs:
// RESET ALL brings every setting back to the value the session started
// with (the server's, the database's and role's, and the connection's own
// options, such as a search_path in the URL), except the identity, which
// the other two bring back. Unlike DISCARD ALL it keeps the advisory lock,
// and it may run inside a transaction.
var resetSession = []string{"RESET SESSION AUTHORIZATION", "RESET ROLE", "RESET ALL"}

// OpenSession implements dialect.Engine. The tracking tables' schema is
// where the history table's name resolves through the search path, or,
// when it does not exist yet, the first schema of the path, where CREATE
// TABLE puts it: exactly the tables the unqualified names meant when the
// session opened.
func (d Engine) OpenSession(ctx context.Context, q dialect.Querier, t dialect.Tables) (*dialect.Session, error) {
	s := &dialect.Session{}
	var version int
	var schema string
	err := q.QueryRowContext(ctx, `SELECT current_user, pg_backend_pid()::text, current_setting('server_version_num')::int,
	COALESCE((SELECT n.nspname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
		WHERE c.oid = to_regclass(`+d.Literal(d.QuoteTable(t.History))+`)), current_schema(), '')`).Scan(&s.User, &s.ID, &version, &schema)
	if err != nil {
		return nil, err
	}
	if strings.Contains(schema, ".") {
		// A qualified name cannot carry it (see dialect.QuoteQualified):
		// the names stay as the session resolves them.
		schema = ""
	}
	s.Tables = t
	s.Tables.Schema = schema
	s.Reset = resetSession
	if version >= 140000 {
		// Only Linux servers have it on PostgreSQL 14 (15 adds macOS and
		// the BSDs); elsewhere the server refuses the setting, and strata
		// runs without it.
		if _, err := q.ExecContext(ctx, checkInterval); err == nil {
			s.Reset = append(resetSession[:len(resetSession):len(resetSession)], checkInterval)
		}
	}
	return s, nil
}

// SaveSession implements dialect.Engine. Any statement may change the
// session (a function can call set_config), so the session is always
// restored; inside a section's transaction, s.Reset travels in the same
// request as the statements and costs next to nothing (see ScriptRunner).
func (Engine) SaveSession(ctx context.Context, q dialect.Querier, s *dialect.Session, stmts []sqlsplit.Statement) (func(context.Context) error, error) {
	reset := resetSession
	if s != nil && s.Reset != nil {
		reset = s.Reset
	}
	return func(ctx context.Context) error {
		// One simple-query message: pgx sends a query without arguments
		// that way.
		_, err := q.ExecContext(ctx, strings.Join(reset, ";\n"))
		return err
	}, nil
}

// CreateSchema implements dialect.Engine. It looks before it creates: a
// schema that exists needs no right to create one.
func (d Engine) CreateSchema(ctx context.Context, q dialect.Querier, schema string) error {
	if schema == "" {
		return nil
	}
	var exists bool
	if err := q.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = `+d.Literal(schema)+`)`).Scan(&exists); err != nil || exists {
		return err
	}
	_, err := q.ExecContext(ctx, `CREATE SCHEMA IF NOT EXISTS `+dialect.QuoteQualified(schema, '"'))
	return err
}

// SetsSession implements dialect.Engine: SET and RESET, and pg_dump's
// SELECT pg_catalog.set_config(…).
func (Engine) SetsSession(text string) bool {
	w, rest := cutWord(text)
	switch w {
	case "SET", "RESET":
		return true
	case "SELECT":
		rest = strings.TrimPrefix(strings.ToLower(rest), "pg_catalog.")
		return strings.HasPrefix(rest, "set_config(") || strings.HasPrefix(rest, "set_config (")
	}
	return false
}

// cutWord returns the first word of text in upper case and what follows
// it, without the spaces between.
func cutWord(text string) (word, rest string) {
	i := 0
	for i < len(text) && (text[i] >= 'a' && text[i] <= 'z' || text[i] >= 'A' && text[i] <= 'Z' || text[i] == '_') {
		i++
	}
	return strings.ToUpper(text[:i]), strings.TrimLeft(text[i:], " \t\r\n")
}
