package sqlite

import (
	"context"
	"strings"

	"github.com/strata-db/strata/internal/dialect"
)

// FindTables implements dialect.TableFinder, in one schema of the
// database file ("main" unless told).
func (Engine) FindTables(ctx context.Context, q dialect.Querier, schema string, cols []string) (*dialect.Found, error) {
	f := &dialect.Found{Current: "main"}
	if schema == "" {
		schema = f.Current
	}
	args := []any{schema}
	for _, c := range cols {
		args = append(args, c)
	}
	args = append(args, len(cols))
	rows, err := q.QueryContext(ctx, `SELECT m.name FROM `+dialect.QuoteQualified(schema, '"')+`.sqlite_master m, pragma_table_info(m.name, ?) p
	WHERE m.type = 'table' AND lower(p.name) IN (?`+strings.Repeat(", ?", len(cols)-1)+`)
	GROUP BY m.name HAVING count(*) = ? ORDER BY m.name`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		t := dialect.TableName{Schema: schema}
		if err := rows.Scan(&t.Name); err != nil {
			return nil, err
		}
		f.Tables = append(f.Tables, t)
	}
	return f, rows.Err()
}

// Every dialect finds its tables by their shape.
var _ dialect.TableFinder = Engine{}
