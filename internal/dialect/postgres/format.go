package postgres

import (
	"context"
	"database/sql"
	"regexp"
	"strconv"
	"strings"

	"github.com/strata-db/strata/internal/dialect"
)

// The format of the tracking tables is marked in the history table's
// comment, which strata has always written: a comment is no new object
// (nothing for migrations, drift or a dump to learn about), it travels
// with the table through pg_dump and restores, and it is written in the
// transaction that changes the tables. The previous release's comment
// has no mark: format 1.

// historyComment is the comment of the history table; the mark follows it.
const historyComment = "strata: one row per migration attempt; never updated or deleted"

// formatMark reads the mark out of the comment.
var formatMark = regexp.MustCompile(`; tracking format (\d+)$`)

// ReadFormat implements dialect.Formats.
func (d Engine) ReadFormat(ctx context.Context, q dialect.Querier, t dialect.Tables) (int, error) {
	var comment sql.NullString
	if err := q.QueryRowContext(ctx, `SELECT pg_catalog.obj_description(pg_catalog.to_regclass($1), 'pg_class')`,
		d.QuoteTable(t.History)).Scan(&comment); err != nil {
		return 0, err
	}
	return parseMark(comment.String), nil
}

// parseMark reads the format out of a history table's comment.
func parseMark(comment string) int {
	if m := formatMark.FindStringSubmatch(comment); m != nil {
		if n, err := strconv.Atoi(m[1]); err == nil && n > 0 {
			return n
		}
	}
	return dialect.FirstFormat
}

// MarkFormat implements dialect.Formats.
func (d Engine) MarkFormat(t dialect.Tables, n int) []string {
	return []string{`COMMENT ON TABLE ` + d.QuoteTable(t.History) + ` IS ` +
		d.Literal(historyComment+"; tracking format "+strconv.Itoa(n))}
}

// function is one of the SQL functions beside the tracking tables.
type function struct {
	name string // qualified and quoted, without the argument list
	def  string // what follows CREATE [OR REPLACE] FUNCTION
}

// functions defines the functions of the tracking tables t, with bodies
// that name the history table with its schema (t.Qualified()), so that
// a search_path set by a migration (pg_dump's set_config('search_path',
// ”, false)) does not break them. They go into the history table's
// schema.
func (d Engine) functions(t dialect.Tables) []function {
	h := d.QuoteTable(t.History)
	schema, _ := dialect.SplitQualified(t.History)
	fn := func(name string) string {
		if schema == "" {
			return dialect.QuoteQualified(name, '"')
		}
		return dialect.QuoteQualified(schema+"."+name, '"')
	}
	// The bodies are dollar-quoted; the tag must not occur in the
	// (quoted, user-chosen) table name.
	tag := "$strata$"
	for strings.Contains(h, tag) {
		tag = "$" + tag[1:len(tag)-1] + "_x$"
	}
	history, version := fn("get_migration_history"), fn("get_current_schema_version")
	return []function{
		{history, history + `() RETURNS SETOF ` + h + `
	LANGUAGE sql STABLE AS ` + tag + ` SELECT * FROM ` + h + ` ORDER BY id DESC ` + tag},
		{version, version + `() RETURNS text
	LANGUAGE sql STABLE AS ` + tag + `
	SELECT version FROM (
		SELECT DISTINCT ON (version) version, direction FROM ` + h + `
		WHERE success AND direction IN ('up', 'down', 'baseline')
		ORDER BY version, id DESC
	) latest
	WHERE direction IN ('up', 'baseline')
	ORDER BY length(version) DESC, version DESC
	LIMIT 1 ` + tag},
	}
}

// createFunction creates a function unless one of that name exists: the
// first set of tracking tables in a schema owns the functions, and a
// second set (another --history-table) must neither fail on them nor point
// them at itself.
func (d Engine) createFunction(name, create string) string {
	return d.doBlock(`IF pg_catalog.to_regprocedure(` + d.Literal(name+"()") + `) IS NULL THEN
		EXECUTE ` + d.Literal(create) + `;
	END IF;`)
}

// doBlock wraps PL/pgSQL statements into a DO block, with a dollar tag
// that does not occur in them.
func (d Engine) doBlock(body string) string {
	tag := "$do$"
	for strings.Contains(body, tag) {
		tag = "$" + tag[1:len(tag)-1] + "_x$"
	}
	return `DO ` + tag + ` BEGIN
	` + body + `
END ` + tag
}

// ReplaceFunctions implements dialect.Functions. A function belongs to
// the tracking tables t when its body names their history table: both
// bodies do, as every release wrote them, with or without the schema;
// those of another set of tracking tables name another table.
func (d Engine) ReplaceFunctions(t dialect.Tables) []string {
	_, table := dialect.SplitQualified(t.History)
	own := dialect.QuoteQualified(table, '"')
	var stmts []string
	for _, f := range d.functions(t) {
		proc := `pg_catalog.to_regprocedure(` + d.Literal(f.name+"()") + `)`
		stmts = append(stmts, d.doBlock(`IF `+proc+` IS NULL OR EXISTS (SELECT FROM pg_catalog.pg_proc
		WHERE oid = `+proc+` AND pg_catalog.strpos(prosrc, `+d.Literal(own)+`) > 0) THEN
		EXECUTE `+d.Literal("CREATE OR REPLACE FUNCTION "+f.def)+`;
	END IF;`))
	}
	return stmts
}
