package mysql

import (
	"context"
	"strings"

	"github.com/strata-db/strata/internal/dialect"
)

// FindTables implements dialect.TableFinder, in one database: strata's
// names resolve to the URL's database and nothing a session does moves
// them, so only another name can miss its tables.
func (Engine) FindTables(ctx context.Context, q dialect.Querier, schema string, cols []string) (*dialect.Found, error) {
	f := &dialect.Found{}
	var cur *string
	if err := q.QueryRowContext(ctx, `SELECT DATABASE()`).Scan(&cur); err != nil {
		return nil, err
	}
	if cur != nil {
		f.Current = *cur
	}
	if schema == "" {
		schema = f.Current
	}
	args := []any{schema}
	for _, c := range cols {
		args = append(args, c)
	}
	args = append(args, len(cols))
	rows, err := q.QueryContext(ctx, `SELECT TABLE_SCHEMA, TABLE_NAME FROM information_schema.COLUMNS
	WHERE TABLE_SCHEMA = ? AND LOWER(COLUMN_NAME) IN (?`+strings.Repeat(", ?", len(cols)-1)+`)
	GROUP BY TABLE_SCHEMA, TABLE_NAME HAVING COUNT(*) = ? ORDER BY TABLE_NAME`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var t dialect.TableName
		if err := rows.Scan(&t.Schema, &t.Name); err != nil {
			return nil, err
		}
		f.Tables = append(f.Tables, t)
	}
	return f, rows.Err()
}

// Every dialect finds its tables by their shape.
var _ dialect.TableFinder = Engine{}
