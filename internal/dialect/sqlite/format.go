package sqlite

import (
	"context"
	"strconv"

	"github.com/strata-db/strata/internal/dialect"
)

// SQLite has no table comments, and PRAGMA user_version belongs to the
// application (many keep their own schema version there), so the format
// of the tracking tables is the one row of a table of its own beside
// them, named after the history table: schema_migrations_format. The lock
// table cannot hold it: a row left there means a runner that died.
// Absent, the tables are of the previous release: format 1.

// FormatTable is the name of the table that holds the format of the
// tracking tables t, in the history table's schema.
func FormatTable(t dialect.Tables) string { return t.History + "_format" }

// ReadFormat implements dialect.Formats.
func (d Engine) ReadFormat(ctx context.Context, q dialect.Querier, t dialect.Tables) (int, error) {
	name := FormatTable(t)
	cols, err := d.Columns(ctx, q, name)
	if err != nil || cols == nil {
		return dialect.FirstFormat, err
	}
	var n int
	if err := q.QueryRowContext(ctx, `SELECT coalesce(max(format), 0) FROM `+d.QuoteTable(name)).Scan(&n); err != nil {
		return 0, err
	}
	if n < dialect.FirstFormat {
		return dialect.FirstFormat, nil
	}
	return n, nil
}

// MarkFormat implements dialect.Formats.
func (d Engine) MarkFormat(t dialect.Tables, n int) []string {
	f := d.QuoteTable(FormatTable(t))
	return []string{
		`CREATE TABLE IF NOT EXISTS ` + f + ` (format INTEGER NOT NULL)`,
		`DELETE FROM ` + f,
		`INSERT INTO ` + f + ` (format) VALUES (` + strconv.Itoa(n) + `)`,
	}
}
