package postgres

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"

	"github.com/strata-db/strata/internal/schema"
)

// Clear implements dialect.Engine. Schemas and extensions the database
// did not have go with CASCADE, which takes what is in them; in the
// schemas it had, each object that no extension owns is dropped, views
// before tables before routines before types, each with CASCADE so that
// no dependency between them stops it.
func (Engine) Clear(ctx context.Context, conn *sql.Conn, found *schema.Schema) error {
	var drops []string
	collect := func(query string) error {
		rows, err := conn.QueryContext(ctx, query)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var s string
			if err := rows.Scan(&s); err != nil {
				return err
			}
			drops = append(drops, s)
		}
		return rows.Err()
	}
	var def string
	if err := conn.QueryRowContext(ctx, `SELECT COALESCE(current_schema(), '')`).Scan(&def); err != nil {
		return err
	}
	keepSchema := func(n string) bool { return n == def || slices.Contains(found.Schemas, n) }
	keepExt := func(n string) bool {
		return slices.ContainsFunc(found.Extensions, func(e *schema.Extension) bool { return e.Name == n })
	}
	var newSchemas, newExts []string
	if err := eachString(ctx, conn, `SELECT n.nspname FROM pg_namespace n WHERE `+userNamespace+` AND `+notExtension("pg_namespace", "n.oid"), func(n string) {
		if !keepSchema(n) {
			newSchemas = append(newSchemas, n)
		}
	}); err != nil {
		return err
	}
	if err := eachString(ctx, conn, `SELECT extname FROM pg_extension`, func(n string) {
		if !keepExt(n) {
			newExts = append(newExts, n)
		}
	}); err != nil {
		return err
	}
	for _, n := range newExts {
		drops = append(drops, "DROP EXTENSION IF EXISTS "+quoteIdent(n)+" CASCADE")
	}
	for _, n := range newSchemas {
		drops = append(drops, "DROP SCHEMA IF EXISTS "+quoteIdent(n)+" CASCADE")
	}
	// What is left lies in the schemas the database had.
	mine := `n.nspname NOT IN (` + quoteList(newSchemas) + `) AND ` + userNamespace
	for _, q := range []string{
		`SELECT format('DROP %s IF EXISTS %I.%I CASCADE', CASE c.relkind WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW' END, n.nspname, c.relname)
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('v', 'm') AND ` + mine + ` AND ` + notExtension("pg_class", "c.oid"),
		`SELECT format('DROP %s IF EXISTS %I.%I CASCADE', CASE c.relkind WHEN 'f' THEN 'FOREIGN TABLE' ELSE 'TABLE' END, n.nspname, c.relname)
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'p', 'f') AND NOT c.relispartition AND ` + mine + ` AND ` + notExtension("pg_class", "c.oid"),
		`SELECT format('DROP SEQUENCE IF EXISTS %I.%I CASCADE', n.nspname, c.relname)
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind = 'S' AND ` + mine + ` AND ` + notExtension("pg_class", "c.oid"),
		`SELECT format('DROP ROUTINE IF EXISTS %I.%I(%s) CASCADE', n.nspname, p.proname, pg_get_function_identity_arguments(p.oid))
FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
WHERE p.prokind <> 'a' AND ` + mine + ` AND ` + notExtension("pg_proc", "p.oid"),
		`SELECT format('DROP AGGREGATE IF EXISTS %I.%I(%s) CASCADE', n.nspname, p.proname, pg_get_function_identity_arguments(p.oid))
FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
WHERE p.prokind = 'a' AND ` + mine + ` AND ` + notExtension("pg_proc", "p.oid"),
		`SELECT format('DROP %s IF EXISTS %I.%I CASCADE', CASE t.typtype WHEN 'd' THEN 'DOMAIN' ELSE 'TYPE' END, n.nspname, t.typname)
FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
WHERE (t.typtype IN ('e', 'd', 'r') OR (t.typtype = 'c' AND (SELECT c.relkind FROM pg_class c WHERE c.oid = t.typrelid) = 'c'))
	AND ` + mine + ` AND ` + notExtension("pg_type", "t.oid"),
	} {
		if err := collect(q); err != nil {
			return err
		}
	}
	for _, d := range drops {
		if _, err := conn.ExecContext(ctx, d); err != nil {
			return fmt.Errorf("%s: %w", d, err)
		}
	}
	return nil
}

func eachString(ctx context.Context, conn *sql.Conn, query string, f func(string)) error {
	rows, err := conn.QueryContext(ctx, query)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return err
		}
		f(s)
	}
	return rows.Err()
}

// quoteList is a list of string literals for IN (…); never empty.
func quoteList(names []string) string {
	if len(names) == 0 {
		return "''"
	}
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = "'" + strings.ReplaceAll(n, "'", "''") + "'"
	}
	return strings.Join(q, ", ")
}

func quoteIdent(name string) string { return `"` + strings.ReplaceAll(name, `"`, `""`) + `"` }
