package postgres

import (
	"context"
	"strconv"
	"strings"

	"github.com/strata-db/strata/internal/dialect"
)

// FindTables implements dialect.TableFinder. Tables of every schema but
// the server's own: a search_path that changed between two connections
// (ALTER DATABASE or ALTER ROLE … SET search_path) resolves strata's
// names to another schema than the one its tables are in.
func (d Engine) FindTables(ctx context.Context, q dialect.Querier, schema string, cols []string) (*dialect.Found, error) {
	f := &dialect.Found{}
	var source string
	if err := q.QueryRowContext(ctx, `SELECT COALESCE(current_schema(), ''),
	COALESCE((SELECT source FROM pg_catalog.pg_settings WHERE name = 'search_path'), '')`).Scan(&f.Current, &source); err != nil {
		return nil, err
	}
	// "client": the connection's startup options set it, which database
	// and role defaults do not override.
	f.PathFixed = source == "client"
	lits := make([]string, len(cols))
	for i, c := range cols {
		lits[i] = d.Literal(c)
	}
	rows, err := q.QueryContext(ctx, `SELECT n.nspname, c.relname FROM pg_catalog.pg_class c
	JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
	JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid
	WHERE c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped AND a.attname IN (`+strings.Join(lits, ", ")+`)
		AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\_toast%' AND n.nspname NOT LIKE 'pg\_temp\_%'
	GROUP BY n.nspname, c.relname HAVING count(*) = `+strconv.Itoa(len(cols))+`
	ORDER BY 1, 2`)
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
