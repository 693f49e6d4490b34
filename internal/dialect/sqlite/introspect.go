package sqlite

import (
	"context"
	"fmt"
	"strings"

	"github.com/strata-db/strata/internal/dialect"
	"github.com/strata-db/strata/internal/schema"
)

// Inspect implements dialect.Engine, reading sqlite_schema and the
// table, index and foreign key pragmas of the main database. What the
// pragmas do not tell (collations, check constraints, generated column
// expressions, AUTOINCREMENT, deferrable foreign keys, index expressions
// and predicates) is read from the CREATE statements SQLite keeps. SQLite
// 3.37 or later.
func (Engine) Inspect(ctx context.Context, q dialect.Querier, t dialect.Tables) (*schema.Schema, error) {
	s := &schema.Schema{Dialect: "sqlite"}
	var version string
	if err := q.QueryRowContext(ctx, `SELECT sqlite_version()`).Scan(&version); err != nil {
		return nil, fmt.Errorf("reading the SQLite version: %w", err)
	}
	s.Server = "SQLite " + version
	skip := map[string]bool{}
	for _, name := range []string{t.History, t.Locks, FormatTable(t)} {
		if sch, tbl := dialect.SplitQualified(name); sch == "" || strings.EqualFold(sch, "main") {
			skip[strings.ToLower(tbl)] = true
		}
	}
	objs, err := objects(ctx, q)
	if err != nil {
		return nil, fmt.Errorf("reading sqlite_schema: %w", err)
	}
	for _, o := range objs {
		if skip[strings.ToLower(o.table)] {
			continue
		}
		switch o.kind {
		case "table":
			tbl, err := inspectTable(ctx, q, o, objs)
			if err != nil {
				return nil, fmt.Errorf("reading table %s: %w", o.name, err)
			}
			if tbl != nil {
				s.Tables = append(s.Tables, tbl)
			}
		case "view":
			s.Views = append(s.Views, &schema.View{Name: o.name, Definition: viewQuery(o.sql)})
		case "trigger":
			s.Triggers = append(s.Triggers, &schema.Trigger{Name: o.name, Table: o.table, Definition: schema.Squeeze(o.sql)})
		}
	}
	s.Sort()
	return s, nil
}

// object is a row of sqlite_schema, with what pragma_table_list adds for
// tables.
type object struct {
	kind, name, table, sql string
	tableType              string // "table", "virtual" or "shadow"
	withoutRowid, strict   bool
}

func objects(ctx context.Context, q dialect.Querier) ([]*object, error) {
	rows, err := q.QueryContext(ctx, `SELECT s.type, s.name, s.tbl_name, COALESCE(s.sql, ''), COALESCE(l.type, ''), COALESCE(l.wr, 0), COALESCE(l."strict", 0)
FROM main.sqlite_schema s LEFT JOIN pragma_table_list l ON l.schema = 'main' AND l.name = s.name
WHERE s.name NOT LIKE 'sqlite\_%' ESCAPE '\'
ORDER BY s.type, s.name`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*object
	for rows.Next() {
		o := &object{}
		if err := rows.Scan(&o.kind, &o.name, &o.table, &o.sql, &o.tableType, &o.withoutRowid, &o.strict); err != nil {
			return nil, err
		}
		out = append(out, o)
	}
	return out, rows.Err()
}
