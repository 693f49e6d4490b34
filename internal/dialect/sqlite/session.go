package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/strata-db/strata/internal/dialect"
	"github.com/strata-db/strata/internal/sqlsplit"
)

// OpenSession implements dialect.Engine. The tracking tables are in
// "main", the database file itself: named so, a TEMP table or an attached
// database of the same name can never stand in for them.
func (Engine) OpenSession(_ context.Context, _ dialect.Querier, t dialect.Tables) (*dialect.Session, error) {
	s := &dialect.Session{Tables: t}
	s.Tables.Schema = "main"
	return s, nil
}

// CreateSchema implements dialect.Engine: "main" always exists.
func (Engine) CreateSchema(context.Context, dialect.Querier, string) error { return nil }

// SaveSession implements dialect.Engine. Only PRAGMA, ATTACH and DETACH
// change a connection, and say what they change, so a section without
// them costs nothing. The pragmas a section sets are read before it and
// written back after it: those of the connection (foreign_keys,
// legacy_alter_table, busy_timeout, on which strata's lock waiting
// relies, …), not those stored in the file (user_version, journal_mode
// WAL, page_size), which a migration sets on purpose. A section that
// attaches or detaches databases has the list put back as it was.
func (Engine) SaveSession(ctx context.Context, q dialect.Querier, _ *dialect.Session, stmts []sqlsplit.Statement) (func(context.Context) error, error) {
	var set []string // "schema.name" of the pragmas set, once each
	attaches := false
	for _, st := range stmts {
		name, ok := setsPragma(st.Text)
		if ok && !contains(set, name) {
			set = append(set, name)
		}
		attaches = attaches || attachment(st.Text)
	}
	if len(set) == 0 && !attaches {
		return nil, nil
	}
	var attached map[string]string
	if attaches {
		var err error
		if attached, err = databases(ctx, q); err != nil {
			return nil, err
		}
	}
	values := make([]string, len(set))
	for i, name := range set {
		var v any
		err := q.QueryRowContext(ctx, "PRAGMA "+name).Scan(&v)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			// A pragma that cannot be read (case_sensitive_like): back
			// to SQLite's default, which strata never changes.
			values[i] = pragmaDefaults[name[strings.IndexByte(name, '.')+1:]]
		case err != nil:
			return nil, fmt.Errorf("reading PRAGMA %s: %w", name, err)
		default:
			values[i] = pragmaValue(v)
		}
	}
	return func(ctx context.Context) error {
		if attached != nil {
			if err := reattach(ctx, q, attached); err != nil {
				return err
			}
		}
		for i, name := range set {
			if values[i] == "" {
				continue
			}
			if _, err := q.ExecContext(ctx, "PRAGMA "+name+" = "+values[i]); err != nil {
				return fmt.Errorf("setting PRAGMA %s back to %s: %w", name, values[i], err)
			}
		}
		return nil
	}, nil
}

// attachment reports an ATTACH or DETACH statement.
func attachment(text string) bool {
	_, a := cutWord(text, "ATTACH")
	_, d := cutWord(text, "DETACH")
	return a || d
}

// databases lists the connection's databases but main and temp, by name,
// with their files.
func databases(ctx context.Context, q dialect.Querier) (map[string]string, error) {
	rows, err := q.QueryContext(ctx, "SELECT name, file FROM pragma_database_list WHERE name NOT IN ('main', 'temp')")
	if err != nil {
		return nil, fmt.Errorf("listing the attached databases: %w", err)
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var name, file string
		if err := rows.Scan(&name, &file); err != nil {
			return nil, err
		}
		out[name] = file
	}
	return out, rows.Err()
}

// reattach detaches the databases a section attached and attaches again
// those it detached.
func reattach(ctx context.Context, q dialect.Querier, before map[string]string) error {
	now, err := databases(ctx, q)
	if err != nil {
		return err
	}
	quote := func(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }
	for name := range now {
		if _, ok := before[name]; !ok {
			if _, err := q.ExecContext(ctx, "DETACH DATABASE "+quote(name)); err != nil {
				return fmt.Errorf("detaching %s: %w", name, err)
			}
		}
	}
	for name, file := range before {
		if _, ok := now[name]; !ok {
			if _, err := q.ExecContext(ctx, "ATTACH DATABASE "+quote(file)+" AS "+quote(name)); err != nil {
				return fmt.Errorf("attaching %s again: %w", name, err)
			}
		}
	}
	return nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// SetsSession implements dialect.Engine: a PRAGMA that sets a
// connection's pragma, ATTACH and DETACH.
func (Engine) SetsSession(text string) bool {
	_, ok := setsPragma(text)
	return ok || attachment(text)
}

// connectionPragmas are the pragmas whose setting belongs to the
// connection, not to the database file.
var connectionPragmas = map[string]bool{
	"analysis_limit": true, "automatic_index": true, "busy_timeout": true, "cache_size": true,
	"cache_spill": true, "case_sensitive_like": true, "cell_size_check": true, "count_changes": true,
	"defer_foreign_keys": true, "empty_result_callbacks": true, "foreign_keys": true,
	"full_column_names": true, "ignore_check_constraints": true, "legacy_alter_table": true,
	"locking_mode": true, "mmap_size": true, "query_only": true, "recursive_triggers": true,
	"reverse_unordered_selects": true, "secure_delete": true, "short_column_names": true,
	"synchronous": true, "temp_store": true, "threads": true, "trusted_schema": true,
	"writable_schema": true,
}

// pragmaDefaults are SQLite's defaults of the connection pragmas that
// cannot be read back.
var pragmaDefaults = map[string]string{"case_sensitive_like": "0"}

// setsPragma reports whether text is a PRAGMA that sets a connection
// pragma ("PRAGMA [schema.]name = value" or "(value)"), and returns its
// "schema.name", lower case, "main" when no schema is given.
func setsPragma(text string) (string, bool) {
	rest, ok := cutWord(text, "PRAGMA")
	if !ok {
		return "", false
	}
	i := 0
	for i < len(rest) && (isWordByte(rest[i]) || rest[i] == '.') {
		i++
	}
	name := strings.ToLower(rest[:i])
	after := strings.TrimLeft(rest[i:], " \t\r\n")
	if after == "" || after[0] != '=' && after[0] != '(' {
		return "", false
	}
	schema, prag := "main", name
	if j := strings.IndexByte(name, '.'); j >= 0 {
		schema, prag = name[:j], name[j+1:]
	}
	if !connectionPragmas[prag] || schema == "" {
		return "", false
	}
	return schema + "." + prag, true
}

// cutWord returns what follows the keyword kw at the start of text, and
// the whitespace after it.
func cutWord(text, kw string) (string, bool) {
	if len(text) <= len(kw) || !strings.EqualFold(text[:len(kw)], kw) || isWordByte(text[len(kw)]) {
		return "", false
	}
	return strings.TrimLeft(text[len(kw):], " \t\r\n"), true
}

func isWordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_'
}

// pragmaValue writes a pragma's value, as read, for PRAGMA … = value.
func pragmaValue(v any) string {
	switch v := v.(type) {
	case int64:
		return strconv.FormatInt(v, 10)
	case []byte:
		return pragmaValue(string(v))
	case string:
		return "'" + strings.ReplaceAll(v, "'", "''") + "'"
	case nil:
		return ""
	}
	return fmt.Sprint(v)
}
